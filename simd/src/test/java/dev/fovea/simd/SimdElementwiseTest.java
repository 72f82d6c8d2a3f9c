package dev.fovea.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.kernel.ScalarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Differential tests of the SIMD elementwise kernels against the scalar reference at awkward sizes and offsets. */
class SimdElementwiseTest {
    private static final int[] SIZES = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 1000,
        SimdElementwise.PARALLEL_MIN + 13};
    private static final ScalarKernels REF = new ScalarKernels();
    private static final SimdKernels SIMD = new SimdKernels();

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-2, 2);
        }
        // the kernels must keep exact zeros, signed zeros and NaN the way the reference does
        if (n > 5) {
            a[1] = 0f;
            a[2] = -0f;
            a[n - 1] = Float.NaN;
        }
        return a;
    }

    @Test
    void binaryKernelsMatchScalarExactly() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int n : SIZES) {
            int off = n % 3;
            float[] a = random(rnd, n + 5);
            float[] b = random(rnd, n + 5);
            float[] ref = new float[n + 4];
            float[] got = new float[n + 4];
            REF.add(n, a, off, b, 2, ref, 1);
            SIMD.add(n, a, off, b, 2, got, 1);
            assertArrayEquals(ref, got, "add n=" + n);
            REF.mul(n, a, off, b, 2, ref, 1);
            SIMD.mul(n, a, off, b, 2, got, 1);
            assertArrayEquals(ref, got, "mul n=" + n);
            REF.scale(n, -1.5f, a, off, ref, 3);
            SIMD.scale(n, -1.5f, a, off, got, 3);
            assertArrayEquals(ref, got, "scale n=" + n);
        }
    }

    @Test
    void axpyMatchesScalarWithinOneRounding() {
        // the SIMD version fuses the multiply-add, so it may differ from the reference by one rounding
        SplittableRandom rnd = new SplittableRandom(2);
        for (int n : SIZES) {
            float[] x = random(rnd, n + 3);
            float[] y0 = random(rnd, n + 3);
            float[] ref = y0.clone();
            float[] got = y0.clone();
            REF.axpy(n, 0.37f, x, 3, ref, 0);
            SIMD.axpy(n, 0.37f, x, 3, got, 0);
            for (int i = 0; i < ref.length; i++) {
                if (Float.isNaN(ref[i])) {
                    assertTrue(Float.isNaN(got[i]), "axpy n=" + n + " at " + i);
                } else {
                    assertEquals(ref[i], got[i], 2e-6f * (1 + Math.abs(ref[i])), "axpy n=" + n + " at " + i);
                }
            }
        }
    }

    @Test
    void reluForwardAndBackwardMatchScalarIncludingNaN() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : SIZES) {
            float[] x = random(rnd, n + 2);
            float[] d = random(rnd, n + 2);
            float[] ref = new float[n + 1];
            float[] got = new float[n + 1];
            REF.reluForward(n, x, 2, ref, 1);
            SIMD.reluForward(n, x, 2, got, 1);
            assertArrayEquals(ref, got, "relu forward n=" + n);
            REF.reluBackward(n, x, 1, d, 2, ref, 0);
            SIMD.reluBackward(n, x, 1, d, 2, got, 0);
            assertArrayEquals(ref, got, "relu backward n=" + n);
        }
    }

    @Test
    void inPlaceUseIsSupported() {
        float[] x = {-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11, 12, -13, 14, -15, 16, -17};
        float[] expected = {0, 2, 0, 4, 0, 6, 0, 8, 0, 10, 0, 12, 0, 14, 0, 16, 0};
        SIMD.reluForward(x.length, x, 0, x, 0);
        assertArrayEquals(expected, x);
        SIMD.mul(x.length, x, 0, x, 0, x, 0);
        assertEquals(256f, x[15]);
    }
}
