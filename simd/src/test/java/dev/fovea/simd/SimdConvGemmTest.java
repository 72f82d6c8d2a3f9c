package dev.fovea.simd;

import static dev.fovea.simd.SimdConvTest.assertClose;
import static dev.fovea.simd.SimdConvTest.filled;
import static dev.fovea.simd.SimdConvTest.random;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.Parallel;
import dev.fovea.kernel.ScalarKernels;
import dev.fovea.tensor.StorageVersions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The GEMM path for few images against the scalar reference, at sizes that hit every edge of its panels. */
class SimdConvGemmTest {
    private final Kernels scalar = new ScalarKernels();

    private static ConvGeometry g2d(int n, int cin, int cout, int h, int w, int k, int stride, int pad) {
        return new ConvGeometry(n, cin, cout, 1, new int[] {h, w}, new int[] {k, k}, new int[] {stride, stride},
                new int[] {pad, pad}, new int[] {pad, pad}, new int[] {1, 1});
    }

    /** Runs the path directly (whatever the thread count) with bias, residual and ReLU in every combination. */
    private void check(ConvGeometry g, SplittableRandom r) {
        float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
        float[] w = random(r, g.outChannels() * g.inChannels() * g.kernelVolume());
        float[] b = random(r, g.outChannels());
        int yn = g.batch() * g.outChannels() * g.outSpatial();
        float[] res = random(r, yn);
        for (int variant = 0; variant < 4; variant++) {
            float[] bias = variant == 1 ? null : b;
            float[] residual = variant >= 2 ? res : null;
            boolean relu = variant % 2 == 1;
            float[] expected = new float[yn];
            scalar.convForward(g, x, w, bias, expected);
            for (int i = 0; i < yn; i++) {
                float v = expected[i] + (residual == null ? 0f : residual[i]);
                expected[i] = relu ? Math.max(v, 0f) : v;
            }
            float[] y = filled(yn);
            SimdConvGemm.forward(g, x, w, bias, residual, relu, y);
            assertClose(expected, y, "gemm conv bias=" + (bias != null) + " residual=" + (residual != null)
                    + " relu=" + relu + " " + SimdConvTest.describe(g));
        }
    }

    @Test
    void lastPanelOfEveryHeight() {
        SplittableRandom r = new SplittableRandom(21);
        // positions 49 (12-row panels + 1), 16 (+4), 30 (+6), 9 (one 12-row panel), 6, 1 and 35 (+11)
        check(g2d(1, 40, 64, 7, 7, 3, 1, 1), r);
        check(g2d(1, 30, 32, 4, 4, 3, 1, 1), r);
        check(g2d(1, 30, 64, 6, 5, 3, 1, 1), r);
        check(g2d(1, 30, 96, 3, 3, 3, 1, 1), r);
        check(g2d(1, 30, 32, 2, 3, 3, 1, 1), r);
        check(g2d(1, 30, 64, 1, 1, 3, 1, 1), r);
        check(g2d(1, 30, 64, 5, 7, 3, 1, 1), r);
    }

    @Test
    void outputChannelsNotAMultipleOfThePanelAndLongReductions() {
        SplittableRandom r = new SplittableRandom(22);
        // a ragged last B panel (40 = 32 + 8, 17), three B panels for two threads, K = 71 * 9 = 639 (three slices)
        check(g2d(1, 16, 40, 7, 7, 3, 1, 1), r);
        check(g2d(1, 16, 17, 5, 6, 3, 1, 1), r);
        check(g2d(1, 71, 96, 7, 7, 3, 1, 1), r);
        check(g2d(1, 12, 200, 3, 5, 3, 1, 1), r);
    }

    @Test
    void stridesDilationPaddingAndOtherDimensions() {
        SplittableRandom r = new SplittableRandom(23);
        check(g2d(1, 24, 64, 14, 14, 3, 2, 1), r);
        check(g2d(1, 33, 64, 13, 13, 1, 2, 0), r);
        check(g2d(2, 9, 48, 9, 11, 5, 1, 2), r);
        check(new ConvGeometry(1, 10, 40, 1, new int[] {9, 10}, new int[] {3, 2}, new int[] {1, 2},
                new int[] {2, 0}, new int[] {0, 1}, new int[] {2, 3}), r);
        check(new ConvGeometry(1, 20, 33, 1, new int[] {29}, new int[] {5}, new int[] {1}, new int[] {2},
                new int[] {2}, new int[] {1}), r);
        check(new ConvGeometry(1, 6, 36, 1, new int[] {4, 5, 6}, new int[] {3, 3, 3}, new int[] {1, 1, 2},
                new int[] {1, 1, 1}, new int[] {1, 0, 1}, new int[] {1, 1, 1}), r);
    }

    @Test
    void repacksWeightsChangedInPlace() {
        SplittableRandom r = new SplittableRandom(24);
        ConvGeometry g = g2d(1, 32, 64, 7, 7, 3, 1, 1);
        float[] x = random(r, 32 * 49);
        float[] w = random(r, 64 * 32 * 9);
        for (int round = 0; round < 3; round++) {
            float[] expected = new float[64 * 49];
            scalar.convForward(g, x, w, null, expected);
            float[] y = filled(64 * 49);
            SimdConvGemm.forward(g, x, w, null, null, false, y);
            assertClose(expected, y, "gemm conv after " + round + " in-place updates");
            for (int i = 0; i < w.length; i += 7) {
                w[i] = -w[i];
            }
            StorageVersions.bump(w);
        }
    }

    @Test
    void takesDeepSmallPlanesOfSingleImagesOnly() {
        boolean several = Parallel.threads() > 1;
        assertTrue(SimdConvGemm.applies(g2d(1, 512, 512, 7, 7, 3, 1, 1)) == several);
        assertTrue(SimdConvGemm.applies(g2d(1, 256, 256, 14, 14, 3, 1, 1)) == several);
        assertTrue(SimdConvGemm.applies(g2d(1, 128, 256, 28, 28, 3, 2, 1)) == several, "14-wide output");
        assertFalse(SimdConvGemm.applies(g2d(1, 128, 128, 28, 28, 3, 1, 1)), "28-wide rows stay on the wide kernel");
        assertFalse(SimdConvGemm.applies(g2d(1, 64, 64, 56, 56, 3, 1, 1)), "wide planes stay on the wide kernel");
        assertFalse(SimdConvGemm.applies(g2d(1, 8, 16, 7, 7, 3, 1, 1)), "few output channels");
        assertFalse(SimdConvGemm.applies(g2d(64, 512, 512, 7, 7, 3, 1, 1)), "batches split over images");
        assertFalse(SimdConvGemm.applies(new ConvGeometry(1, 64, 64, 2, new int[] {7, 7}, new int[] {3, 3},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1})), "grouped");
    }
}
