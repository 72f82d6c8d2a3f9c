package dev.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ScalarSgemmTest {
    @Test
    void multipliesSmallMatricesInEveryTransposeCombination() {
        float[] a = {1, 2, 3, 4, 5, 6};         // 2x3
        float[] aT = {1, 4, 2, 5, 3, 6};        // 3x2 holding A^T
        float[] b = {7, 8, 9, 10, 11, 12};      // 3x2
        float[] bT = {7, 9, 11, 8, 10, 12};     // 2x3 holding B^T
        float[] expected = {58, 64, 139, 154};
        Kernels k = new ScalarKernels();
        for (int combo = 0; combo < 4; combo++) {
            boolean ta = (combo & 1) != 0;
            boolean tb = (combo & 2) != 0;
            float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            k.sgemm(ta, tb, 2, 2, 3, 1f, ta ? aT : a, 0, ta ? 2 : 3, tb ? bT : b, 0, tb ? 3 : 2, 0f, c, 0, 2);
            assertArrayEquals(expected, c, 0f, "transA=" + ta + " transB=" + tb);
        }
    }
}
