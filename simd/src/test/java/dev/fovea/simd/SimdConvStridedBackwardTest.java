package dev.fovea.simd;

import static dev.fovea.simd.SimdConvTest.assertClose;
import static dev.fovea.simd.SimdConvTest.describe;
import static dev.fovea.simd.SimdConvTest.filled;
import static dev.fovea.simd.SimdConvTest.random;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.ScalarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Forward, backward data and backward weight of strided convolutions on phase planes
 * ({@link SimdConvStridedForward}, {@link SimdConvStridedBackward}) against the scalar reference. The passes are
 * called directly, so batch 1 runs them too (the dispatcher sends batches smaller than the thread count
 * elsewhere); the dispatcher is checked at a batch that fills the threads.
 */
class SimdConvStridedBackwardTest {
    private final Kernels scalar = new ScalarKernels();
    private final Kernels simd = new SimdKernels();

    @Test
    void threeByThreeStrideTwoAtAwkwardSizes() {
        SplittableRandom r = new SplittableRandom(21);
        // 37 and 66 wide: phase rows of 16 or more values (the vector gather), with and without a tail
        int[][] sizes = {{9, 9}, {8, 8}, {7, 11}, {16, 16}, {5, 6}, {13, 4}, {6, 37}, {4, 66}};
        for (int[] hw : sizes) {
            for (int pad = 0; pad <= 1; pad++) {
                for (int n : new int[] {1, 3}) {
                    check(geometry(n, 5, 19, hw, 3, 2, pad, pad), r);
                }
            }
        }
        // channel counts across the row blocks of six and the channel vectors of the weight kernels
        check(geometry(3, 17, 37, new int[] {11, 9}, 3, 2, 1, 1), r);
        check(geometry(1, 1, 1, new int[] {7, 7}, 3, 2, 1, 1), r);
        check(geometry(2, 13, 70, new int[] {9, 10}, 3, 2, 1, 0), r);
        // weight accumulators past L2 (576 columns x 240 channels): every position per block in one pass
        check(geometry(2, 64, 240, new int[] {9, 7}, 3, 2, 1, 1), r);
    }

    @Test
    void otherKernelsAndStrides() {
        SplittableRandom r = new SplittableRandom(22);
        // 1x1 projection (one residue: the other phases get no gradient)
        check(geometry(3, 7, 12, new int[] {9, 8}, 1, 2, 0, 0), r);
        // 2x2 stride 2 (every tap its own phase), 7x7 stride 2 stem, stride 3 with fewer residues than strides
        check(geometry(2, 6, 9, new int[] {10, 9}, 2, 2, 0, 0), r);
        check(geometry(1, 3, 20, new int[] {23, 21}, 7, 2, 3, 3), r);
        check(geometry(3, 4, 5, new int[] {13, 10}, 2, 3, 1, 0), r);
        // inputs past the last window (never read: zero gradient) and asymmetric strides
        check(new ConvGeometry(2, 3, 17, 1, new int[] {11, 5}, new int[] {3, 2}, new int[] {2, 3},
                new int[] {0, 1}, new int[] {0, 0}, new int[] {1, 1}), r);
    }

    @Test
    void oneAndThreeDimensions() {
        SplittableRandom r = new SplittableRandom(23);
        check(new ConvGeometry(3, 4, 18, 1, new int[] {19}, new int[] {3}, new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {1}), r);
        check(new ConvGeometry(2, 3, 5, 1, new int[] {5, 7, 6}, new int[] {3, 3, 2}, new int[] {2, 2, 2},
                new int[] {1, 1, 0}, new int[] {1, 0, 1}, new int[] {1, 1, 1}), r);
    }

    @Test
    void dispatcherTakesTrainingBatches() {
        SplittableRandom r = new SplittableRandom(24);
        ConvGeometry g = geometry(8, 16, 32, new int[] {16, 16}, 3, 2, 1, 1);
        assertTrue(SimdConvStridedBackward.supported(g));
        // through SimdKernels: whichever path the dispatcher picks must agree with the reference
        ConvGeometry odd = geometry(5, 10, 21, new int[] {15, 17}, 3, 2, 1, 1);
        for (ConvGeometry c : new ConvGeometry[] {g, odd}) {
            float[] x = random(r, c.batch() * c.inChannels() * c.inSpatial());
            float[] w = random(r, c.outChannels() * c.inChannels() * c.kernelVolume());
            float[] dy = random(r, c.batch() * c.outChannels() * c.outSpatial());
            float[] dxRef = new float[x.length];
            float[] dx = filled(x.length);
            scalar.convBackwardData(c, dy, w, dxRef);
            simd.convBackwardData(c, dy, w, dx);
            assertClose(dxRef, dx, "backward data " + describe(c));
            float[] yRef = new float[dy.length];
            float[] y = filled(dy.length);
            scalar.convForward(c, x, w, null, yRef);
            simd.convForward(c, x, w, null, y);
            assertClose(yRef, y, "forward " + describe(c));
            float[] dwRef = new float[w.length];
            float[] dw = filled(w.length);
            float[] dbRef = new float[c.outChannels()];
            float[] db = filled(c.outChannels());
            scalar.convBackwardWeight(c, x, dy, dwRef, dbRef);
            simd.convBackwardWeight(c, x, dy, dw, db);
            assertClose(dwRef, dw, "backward weight " + describe(c));
            assertClose(dbRef, db, "backward bias " + describe(c));
        }
    }

    private static ConvGeometry geometry(int n, int cin, int cout, int[] hw, int k, int stride, int padB,
            int padE) {
        return new ConvGeometry(n, cin, cout, 1, hw, new int[] {k, k}, new int[] {stride, stride},
                new int[] {padB, padB}, new int[] {padE, padE}, new int[] {1, 1});
    }

    /** All three passes of the phase-plane paths (twice, so reused and repacked buffers are covered) against scalar. */
    private void check(ConvGeometry g, SplittableRandom r) {
        assertTrue(SimdConvStridedBackward.supported(g), describe(g));
        float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
        float[] w = random(r, g.outChannels() * g.inChannels() * g.kernelVolume());
        float[] dy = random(r, g.batch() * g.outChannels() * g.outSpatial());
        float[] dxRef = new float[x.length];
        scalar.convBackwardData(g, dy, w, dxRef);
        float[] dwRef = new float[w.length];
        float[] dbRef = new float[g.outChannels()];
        scalar.convBackwardWeight(g, x, dy, dwRef, dbRef);
        float[] yRef = new float[dy.length];
        float[] bias = random(r, g.outChannels());
        scalar.convForward(g, x, w, bias, yRef);
        for (int pass = 0; pass < 2; pass++) {
            float[] y = filled(dy.length);
            SimdConvStridedForward.forward(g, x, w, bias, y);
            assertClose(yRef, y, "forward " + describe(g));
            float[] dx = filled(x.length);
            SimdConvStridedBackward.backwardData(g, dy, w, dx);
            assertClose(dxRef, dx, "backward data " + describe(g));
            float[] dw = filled(w.length);
            float[] db = filled(g.outChannels());
            SimdConvStridedBackward.backwardWeight(g, x, dy, dw, db);
            assertClose(dwRef, dw, "backward weight " + describe(g));
            assertClose(dbRef, db, "backward bias " + describe(g));
            SimdConvStridedBackward.backwardWeight(g, x, dy, dw, null);
            assertClose(dwRef, dw, "backward weight without bias " + describe(g));
        }
    }
}
