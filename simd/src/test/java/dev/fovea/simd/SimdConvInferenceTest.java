package dev.fovea.simd;

import static dev.fovea.simd.SimdConvTest.assertClose;
import static dev.fovea.simd.SimdConvTest.filled;
import static dev.fovea.simd.SimdConvTest.random;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.autograd.F;
import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.ScalarKernels;
import dev.fovea.optim.SGD;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batch-1 (inference) conv paths against the scalar reference, and the packed-weight cache's invalidation. */
class SimdConvInferenceTest {
    private final Kernels scalar = new ScalarKernels();
    private final Kernels simd = new SimdKernels();

    private static ConvGeometry g2d(int n, int cin, int cout, int groups, int h, int w, int k, int stride, int pad) {
        return new ConvGeometry(n, cin, cout, groups, new int[] {h, w}, new int[] {k, k},
                new int[] {stride, stride}, new int[] {pad, pad}, new int[] {pad, pad}, new int[] {1, 1});
    }

    private void forward(ConvGeometry g, SplittableRandom r) {
        float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
        float[] w = random(r, g.outChannels() * g.inChannels() / g.groups() * g.kernelVolume());
        float[] b = random(r, g.outChannels());
        int yn = g.batch() * g.outChannels() * g.outSpatial();
        float[] yRef = new float[yn];
        float[] y = filled(yn);
        scalar.convForward(g, x, w, b, yRef);
        simd.convForward(g, x, w, b, y);
        assertClose(yRef, y, "forward " + SimdConvTest.describe(g));
    }

    @Test
    void singleImageWithFewTilesSplitsOverRowBlocks() {
        SplittableRandom r = new SplittableRandom(11);
        // one tile, 7 row blocks (the last of 4 rows); two groups with 11 rows each (6 + 4 + 1)
        forward(g2d(1, 20, 40, 1, 5, 5, 3, 1, 1), r);
        forward(g2d(1, 8, 22, 2, 6, 7, 3, 1, 1), r);
        // a few tiles and a few blocks: units cut mid-tile
        forward(g2d(1, 9, 27, 1, 13, 11, 3, 1, 1), r);
        forward(g2d(1, 3, 7, 1, 3, 3, 1, 1, 0), r);
    }

    @Test
    void singleImageStridedRunsOnPhasePlanes() {
        SplittableRandom r = new SplittableRandom(15);
        // ResNet's stem, downsampling 3x3 and 1x1 shortcut, at awkward sizes
        forward(g2d(1, 3, 10, 1, 23, 21, 7, 2, 3), r);
        forward(g2d(1, 7, 13, 1, 15, 15, 3, 2, 1), r);
        forward(g2d(1, 6, 9, 1, 13, 14, 1, 2, 0), r);
        forward(g2d(1, 4, 8, 2, 11, 9, 3, 2, 1), r);
        forward(g2d(1, 5, 7, 1, 10, 17, 5, 3, 4), r);
        // dilation 2 with stride 2 keeps a single phase per dimension; stride 3 with dilation 2 uses all three
        forward(new ConvGeometry(1, 3, 5, 1, new int[] {13, 12}, new int[] {3, 3}, new int[] {2, 3},
                new int[] {2, 1}, new int[] {0, 2}, new int[] {2, 2}), r);
        forward(new ConvGeometry(1, 4, 6, 1, new int[] {31}, new int[] {4}, new int[] {2}, new int[] {1},
                new int[] {2}, new int[] {1}), r);
        forward(new ConvGeometry(1, 2, 7, 1, new int[] {5, 6, 7}, new int[] {3, 2, 3}, new int[] {2, 1, 2},
                new int[] {1, 0, 1}, new int[] {1, 1, 0}, new int[] {1, 1, 1}), r);
    }

    @Test
    void fusedResidualAndReluMatchTheSeparateSteps() {
        SplittableRandom r = new SplittableRandom(16);
        ConvGeometry[] gs = {g2d(1, 6, 13, 1, 9, 8, 3, 1, 1), g2d(1, 5, 11, 1, 15, 13, 3, 2, 1),
            g2d(1, 3, 9, 1, 23, 21, 7, 2, 3), g2d(1, 4, 7, 1, 9, 9, 1, 2, 0),
            // paths that do not fuse (batch over the threads, depthwise, pointwise) fall back to the steps
            g2d(3, 6, 13, 1, 9, 8, 3, 1, 1), g2d(1, 6, 6, 6, 9, 8, 3, 1, 1), g2d(1, 6, 10, 1, 9, 8, 1, 1, 0)};
        for (ConvGeometry g : gs) {
            float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
            float[] w = random(r, g.outChannels() * g.inChannels() / g.groups() * g.kernelVolume());
            float[] b = random(r, g.outChannels());
            int yn = g.batch() * g.outChannels() * g.outSpatial();
            float[] res = random(r, yn);
            res[yn / 2] = Float.NaN;
            for (int variant = 0; variant < 4; variant++) {
                float[] residual = variant % 2 == 1 ? res : null;
                boolean relu = variant >= 2;
                float[] expected = new float[yn];
                scalar.convForward(g, x, w, b, expected);
                for (int i = 0; i < yn; i++) {
                    float v = expected[i] + (residual == null ? 0f : residual[i]);
                    expected[i] = relu ? Math.max(v, 0f) : v;
                }
                float[] y = filled(yn);
                simd.convForwardFused(g, x, w, b, residual, relu, y);
                for (int i = 0; i < yn; i++) {
                    if (Float.isNaN(expected[i])) {
                        assertTrue(Float.isNaN(y[i]), "NaN in the residual must reach the output at " + i);
                        expected[i] = 0f;
                        y[i] = 0f;
                    }
                }
                assertClose(expected, y, "fused residual=" + (residual != null) + " relu=" + relu + " "
                        + SimdConvTest.describe(g));
            }
        }
    }

    @Test
    void forwardSeesWeightsUpdatedInPlace() {
        SplittableRandom r = new SplittableRandom(12);
        ConvGeometry g = g2d(1, 5, 13, 1, 9, 8, 3, 1, 1);
        Tensor w = Tensor.of(random(r, 13 * 5 * 9), 13, 5, 3, 3);
        float[] x = random(r, 5 * 72);
        for (int round = 0; round < 3; round++) {
            float[] yRef = new float[13 * 72];
            float[] y = filled(13 * 72);
            scalar.convForward(g, x, w.data(), null, yRef);
            simd.convForward(g, x, w.data(), null, y);
            assertClose(yRef, y, "forward after " + round + " in-place updates");
            w.addInPlace(Tensor.of(random(r, w.numel()), w.shape()));
        }
        // backward data packs the same array in its own (transposed, flipped) layout
        float[] dy = random(r, 13 * 72);
        float[] dxRef = new float[5 * 72];
        float[] dx = filled(5 * 72);
        scalar.convBackwardData(g, dy, w.data(), dxRef);
        simd.convBackwardData(g, dy, w.data(), dx);
        assertClose(dxRef, dx, "backward data after updates");
        w.mulInPlace(-0.5f);
        scalar.convBackwardData(g, dy, w.data(), dxRef);
        simd.convBackwardData(g, dy, w.data(), dx);
        assertClose(dxRef, dx, "backward data after one more update");
    }

    @Test
    void trainingStepsAreSeenByTheNextForward() {
        Rng rng = new Rng(13);
        Tensor w = Tensor.randn(rng, 8, 4, 3, 3).requiresGrad(true);
        Tensor x = Tensor.randn(rng, 1, 4, 10, 10);
        SGD sgd = new SGD(List.of(w), SGD.Options.of(0.05));
        int[] s = {1, 1};
        for (int step = 0; step < 3; step++) {
            Tensor y = F.conv2d(x, w, null, s, s, s, 1);
            Tensor expected = new Tensor(new float[y.numel()], y.shape());
            scalar.convForward(g2d(1, 4, 8, 1, 10, 10, 3, 1, 1), x.data(), w.data(), null, expected.storage());
            assertClose(expected.data(), y.data(), "forward at step " + step);
            F.sum(y).backward();
            sgd.step();
            sgd.zeroGrad();
        }
    }

    @Test
    void cacheHitsWhileTheWeightsAreUnchangedAndForgetsDeadArrays() {
        SplittableRandom r = new SplittableRandom(14);
        float[] w = random(r, 60);
        SimdConvPackCache.Layout layout = new SimdConvPackCache.Layout(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        int[] packs = {0};
        float[] first = SimdConvPackCache.packed(w, layout, 60, buf -> packs[0]++);
        float[] second = SimdConvPackCache.packed(w, layout, 60, buf -> packs[0]++);
        assertSame(first, second);
        assertTrue(packs[0] == 1, "unchanged weights are packed once, got " + packs[0]);
        dev.fovea.tensor.StorageVersions.bump(w);
        SimdConvPackCache.packed(w, layout, 60, buf -> packs[0]++);
        assertTrue(packs[0] == 2, "a bumped version repacks");

        int before = SimdConvPackCache.size();
        for (int i = 0; i < 200; i++) {
            SimdConvPackCache.packed(new float[1000], layout, 1000, buf -> { });
        }
        int after = Integer.MAX_VALUE;
        // cleared weak references reach the map's queue asynchronously, so give the collector a few rounds
        for (int attempt = 0; attempt < 50 && after > before + 100; attempt++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            after = SimdConvPackCache.size();
        }
        assertTrue(after <= before + 100, "dead weight arrays must leave the cache: " + before + " -> " + after);
    }
}
