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
 * The channel-vectorised strided passes ({@link SimdConvStridedChannels}) against the scalar reference, called
 * directly so batch 1 runs them too (backward data at any channel count): output rows that are no multiple of the kernel's eight positions (the last
 * segment reads past the row), odd channel counts, every kernel block of output channels, other kernels, strides
 * and paddings, 1D.
 */
class SimdConvStridedChannelsTest {
    private final Kernels scalar = new ScalarKernels();

    @Test
    void threeByThreeStrideTwoAtAwkwardSizes() {
        SplittableRandom r = new SplittableRandom(31);
        int[][] sizes = {{9, 9}, {8, 8}, {7, 11}, {16, 16}, {5, 6}, {13, 4}, {6, 37}, {4, 66}, {32, 32}};
        for (int[] hw : sizes) {
            for (int pad = 0; pad <= 1; pad++) {
                for (int n : new int[] {1, 3}) {
                    check(geometry(n, 5, 32, hw, 3, 2, pad, pad), r);
                }
            }
        }
        // two and three blocks of 32 output channels (the weight pass's 6x4 and 8x2 kernels), many input channels
        check(geometry(3, 17, 64, new int[] {11, 9}, 3, 2, 1, 1), r);
        check(geometry(2, 13, 96, new int[] {9, 10}, 3, 2, 1, 0), r);
        check(geometry(2, 40, 64, new int[] {16, 16}, 3, 2, 1, 1), r);
        // backward data's kernels: one vector of 16 input channels (16 positions per call), or 32 and 64
        check(geometry(3, 16, 32, new int[] {32, 32}, 3, 2, 1, 1), r);
        check(geometry(2, 16, 32, new int[] {21, 13}, 3, 2, 1, 0), r);
        check(geometry(3, 32, 64, new int[] {16, 16}, 3, 2, 1, 1), r);
        check(geometry(2, 64, 32, new int[] {9, 11}, 3, 2, 0, 1), r);
    }

    @Test
    void otherKernelsStridesAndDimensions() {
        SplittableRandom r = new SplittableRandom(32);
        check(geometry(3, 7, 32, new int[] {9, 8}, 1, 2, 0, 0), r);
        check(geometry(2, 6, 32, new int[] {10, 9}, 2, 2, 0, 0), r);
        check(geometry(1, 3, 64, new int[] {23, 21}, 7, 2, 3, 3), r);
        check(geometry(3, 4, 32, new int[] {13, 10}, 2, 3, 1, 0), r);
        check(new ConvGeometry(2, 3, 32, 1, new int[] {11, 5}, new int[] {3, 2}, new int[] {2, 3},
                new int[] {0, 1}, new int[] {0, 0}, new int[] {1, 1}), r);
        check(new ConvGeometry(3, 4, 32, 1, new int[] {19}, new int[] {3}, new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {1}), r);
    }

    @Test
    void weightPassTakesAnyChannelCount() {
        SplittableRandom r = new SplittableRandom(33);
        for (int cout : new int[] {1, 19, 40}) {
            ConvGeometry g = geometry(3, 6, cout, new int[] {9, 12}, 3, 2, 1, 1);
            float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
            float[] dy = random(r, g.batch() * g.outChannels() * g.outSpatial());
            float[] dwRef = new float[g.outChannels() * g.inChannels() * g.kernelVolume()];
            float[] dbRef = new float[cout];
            scalar.convBackwardWeight(g, x, dy, dwRef, dbRef);
            float[] dw = filled(dwRef.length);
            float[] db = filled(cout);
            SimdConvStridedChannels.backwardWeight(g, x, dy, dw, db);
            assertClose(dwRef, dw, "backward weight " + describe(g));
            assertClose(dbRef, db, "backward bias " + describe(g));
        }
    }

    @Test
    void dispatcherTakesResNetTransitions() {
        ConvGeometry g = geometry(8, 16, 32, new int[] {32, 32}, 3, 2, 1, 1);
        assertTrue(SimdConvStridedChannels.applies(g));
        assertTrue(SimdConvStridedChannels.appliesToData(g));
        check(g, new SplittableRandom(34));
    }

    private static ConvGeometry geometry(int n, int cin, int cout, int[] hw, int k, int stride, int padB,
            int padE) {
        return new ConvGeometry(n, cin, cout, 1, hw, new int[] {k, k}, new int[] {stride, stride},
                new int[] {padB, padB}, new int[] {padE, padE}, new int[] {1, 1});
    }

    /** All three passes (twice, so reused and repacked buffers are covered) against scalar. */
    private void check(ConvGeometry g, SplittableRandom r) {
        float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
        float[] w = random(r, g.outChannels() * g.inChannels() * g.kernelVolume());
        float[] dy = random(r, g.batch() * g.outChannels() * g.outSpatial());
        float[] bias = random(r, g.outChannels());
        float[] yRef = new float[dy.length];
        scalar.convForward(g, x, w, bias, yRef);
        float[] dwRef = new float[w.length];
        float[] dbRef = new float[g.outChannels()];
        scalar.convBackwardWeight(g, x, dy, dwRef, dbRef);
        float[] dxRef = new float[x.length];
        scalar.convBackwardData(g, dy, w, dxRef);
        for (int pass = 0; pass < 2; pass++) {
            float[] dx = filled(x.length);
            SimdConvStridedChannels.backwardData(g, dy, w, dx);
            assertClose(dxRef, dx, "backward data " + describe(g));
            float[] y = filled(dy.length);
            SimdConvStridedChannels.forward(g, x, w, bias, y);
            assertClose(yRef, y, "forward " + describe(g));
            float[] dw = filled(w.length);
            float[] db = filled(g.outChannels());
            SimdConvStridedChannels.backwardWeight(g, x, dy, dw, db);
            assertClose(dwRef, dw, "backward weight " + describe(g));
            assertClose(dbRef, db, "backward bias " + describe(g));
            SimdConvStridedChannels.backwardWeight(g, x, dy, dw, null);
            assertClose(dwRef, dw, "backward weight without bias " + describe(g));
        }
    }
}
