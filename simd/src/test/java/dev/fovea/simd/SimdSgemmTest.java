package dev.fovea.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.kernel.ScalarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Differential tests of the SIMD sgemm against the scalar reference on awkward shapes and layouts. */
class SimdSgemmTest {
    private static final int[] AWKWARD = {1, 2, 3, 15, 17, 31, 33, 63, 65};
    private static final ScalarKernels REF = new ScalarKernels();
    private static final SimdKernels SIMD = new SimdKernels();

    @Test
    void matchesScalarOnAwkwardSizesInEveryTransposeCombination() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int m : AWKWARD) {
            for (int n : AWKWARD) {
                int k = AWKWARD[rnd.nextInt(AWKWARD.length)];
                for (int combo = 0; combo < 4; combo++) {
                    compare(combo, m, n, k, 1f, 0f, 0, 0, 1, rnd);
                }
            }
        }
    }

    @Test
    void matchesScalarAroundBlockSizes() {
        SplittableRandom rnd = new SplittableRandom(2);
        int mc = SimdGemm.MC;
        int kc = SimdGemm.KC;
        int nr = SimdGemm.NR;
        int[][] shapes = {
            {mc - 1, nr + 1, kc + 1}, {mc + 1, 2 * nr - 1, kc - 1}, {mc, nr, kc}, {2 * mc + 5, 3, 2 * kc + 3},
            {7, SimdGemm.NC + 17, 9}, {SimdGemm.MR + 1, 5 * nr + 3, 40}, {SimdGemm.MR_SHORT + 1, 9, 3}, {80, 2 * SimdGemm.NR_SHORT + 5, 30},
            {SimdGemm.DIRECT_MAX_M, 3 * SimdGemm.NR_SHORT - 1, 17}, {SimdGemm.DIRECT_MAX_M + 1, 100, 17},
        };
        for (int[] s : shapes) {
            for (int combo = 0; combo < 4; combo++) {
                compare(combo, s[0], s[1], s[2], 1f, 0f, 0, 0, 1, rnd);
            }
        }
    }

    @Test
    void honoursAlphaBetaOffsetsAndLeadingDimensions() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 1f}, {-2f, 0.25f}, {1f, -1f}, {0f, 0.5f}, {3f, 0f}};
        for (float[] ab : alphaBeta) {
            for (int combo = 0; combo < 4; combo++) {
                compare(combo, 37, 70, 29, ab[0], ab[1], 5, 3, 1, rnd);
                compare(combo, 6, 17, 300, ab[0], ab[1], 11, 0, 1, rnd);
                // six rows after whole 12-row panels: the paired short-row kernel, beta applied in place
                compare(combo, 30, 70, 29, ab[0], ab[1], 2, 1, 1, rnd);
            }
        }
    }

    @Test
    void betaZeroIgnoresNanInC() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int combo = 0; combo < 4; combo++) {
            for (int k : new int[] {0, 1, 19, 300}) {
                compare(combo, 13, 35, k, 1.5f, 0f, 2, 1, 1, rnd);
            }
        }
    }

    @Test
    void everyThreadGridGivesTheSameResult() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int threads : new int[] {2, 3, 4, 5, 8}) {
            for (int combo = 0; combo < 4; combo++) {
                compare(combo, 50, 150, 33, 1f, 0.5f, 1, 2, threads, rnd);
                compare(combo, 3, 300, 20, 1f, 0f, 0, 0, threads, rnd);
                compare(combo, 200, 5, 20, 1f, 0f, 0, 0, threads, rnd);
            }
        }
    }

    @Test
    void everyRowGroupGivesTheSameResult() {
        // Row counts with odd numbers of whole 12-row panels, short 6-row and padded remainders, and blocks of
        // MC rows that the group size does not divide.
        SplittableRandom rnd = new SplittableRandom(9);
        int saved = SimdGemm.rowGroup;
        try {
            for (int group : new int[] {1, 2, 3, 5}) {
                SimdGemm.rowGroup = group;
                for (int m : new int[] {12, 36, 41, 47, SimdGemm.MC + 30, 2 * SimdGemm.MC + 13}) {
                    for (int combo = 0; combo < 4; combo++) {
                        compare(combo, m, 3 * SimdGemm.NR + 5, 37, 1f, 0.5f, 1, 2, 1, rnd);
                    }
                }
            }
        } finally {
            SimdGemm.rowGroup = saved;
        }
    }

    @Test
    void sharedPanelsCutIntoSuperBlocksMatchScalar() {
        // Tiny caps force several super-blocks: column blocks grouped under one packing, and K cut into slices.
        SplittableRandom rnd = new SplittableRandom(7);
        int nc = SimdGemm.NC;
        int kc = SimdGemm.KC;
        int[][] shapes = {{40, 2 * nc + 40, 20}, {130, 100, 2 * kc + 5}, {13, 3 * SimdGemm.NR + 1, 2 * kc + 1}};
        for (int cap : new int[] {1, 60_000, 1 << 30}) {
            for (int threads : new int[] {1, 2}) {
                for (int[] s : shapes) {
                    for (int combo = 0; combo < 4; combo++) {
                        compare(combo, s[0], s[1], s[2], 0.5f, 0.25f, 3, 1, threads, cap, rnd);
                    }
                }
            }
        }
    }

    @Test
    void sharedPackingOfBMatchesScalarThroughTheEntryPoint() {
        SplittableRandom rnd = new SplittableRandom(8);
        boolean saved = SimdGemm.sharedB;
        SimdGemm.sharedB = true;
        try {
            for (int threads : new int[] {1, 2}) {
                for (int combo = 0; combo < 4; combo++) {
                    compare(combo, 2 * SimdGemm.MC + 7, 2 * SimdGemm.NR_SHORT + 7, 40, 1f, 0.5f, 1, 2, threads, rnd);
                    compare(combo, 5, 300, 20, 1f, 0f, 0, 0, threads, rnd);
                }
            }
        } finally {
            SimdGemm.sharedB = saved;
        }
    }

    @Test
    void matchesScalarWhenCalledFromInsideAPoolWorker() throws Exception {
        // Convolutions call sgemm from Parallel's workers, where it must run on the calling thread.
        SplittableRandom rnd = new SplittableRandom(6);
        int m = 150;
        int n = 300;
        int k = 70;
        float[] a = random(m * k, rnd);
        float[] b = random(k * n, rnd);
        float[] expected = new float[m * n];
        REF.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);
        float[] actual = new float[m * n];
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
        try {
            pool.submit(() -> SIMD.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, actual, 0, n)).get();
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * (k + 4), "element " + i);
        }
    }

    @Test
    void threadGridsCoverCExactlyOnce() {
        for (int threads = 1; threads <= 9; threads++) {
            for (int[] s : new int[][] {{1, 1, 1}, {6, 3136, 25}, {256, 784, 1152}, {2048, 2048, 2048}, {7, 9, 100}}) {
                SimdGemmSplit split = SimdGemmSplit.choose(s[0], s[1], s[2], false, false, threads);
                assertTrue(split.tasks() <= threads, "tasks " + split.tasks() + " for " + threads + " threads");
                // Disjoint rectangles inside C whose areas add up to C's cover it exactly once.
                long area = 0;
                for (int t = 0; t < split.tasks(); t++) {
                    int r0 = split.rowStart(t), r1 = split.rowEnd(t), c0 = split.colStart(t), c1 = split.colEnd(t);
                    assertTrue(0 <= r0 && r0 <= r1 && r1 <= s[0] && 0 <= c0 && c0 <= c1 && c1 <= s[1], "" + split);
                    area += (long) (r1 - r0) * (c1 - c0);
                    for (int u = 0; u < t; u++) {
                        boolean overlap = r0 < split.rowEnd(u) && split.rowStart(u) < r1
                                && c0 < split.colEnd(u) && split.colStart(u) < c1;
                        assertTrue(!overlap || r0 == r1 || c0 == c1, "tasks " + u + " and " + t + " overlap in "
                                + split);
                    }
                }
                assertEquals((long) s[0] * s[1], area, "grid " + split);
            }
        }
    }

    @Test
    void rejectsBuffersTooSmallWithAClearMessage() {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[3];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SIMD.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("C is 2 x 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SIMD.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().contains("leading dimension 2"), e.getMessage());
    }

    /**
     * Runs one shape through both implementations: matrices sit at offset {@code off} in their buffers with
     * leading dimensions {@code pad} larger than needed, and the padding must come out untouched.
     */
    private static void compare(int combo, int m, int n, int k, float alpha, float beta, int off, int pad,
            int threads, SplittableRandom rnd) {
        compare(combo, m, n, k, alpha, beta, off, pad, threads, 0, rnd);
    }

    /** As above; a positive {@code sharedCap} calls the shared-B path directly with that packing cap. */
    private static void compare(int combo, int m, int n, int k, float alpha, float beta, int off, int pad,
            int threads, int sharedCap, SplittableRandom rnd) {
        boolean ta = (combo & 1) != 0;
        boolean tb = (combo & 2) != 0;
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        float[] a = random(off + (ta ? k : m) * lda, rnd);
        float[] b = random(off + (tb ? n : k) * ldb, rnd);
        float[] c0 = random(off + m * ldc + 3, rnd);
        if (beta == 0f) {
            for (int i = 0; i < c0.length; i += 3) {
                c0[i] = Float.NaN;
            }
        }
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        REF.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, expected, off, ldc);
        if (sharedCap > 0) {
            SimdGemmShared.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, actual, off, ldc, threads,
                    sharedCap);
        } else {
            SimdGemm.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, actual, off, ldc, threads);
        }
        float tol = 1e-5f * (k + 4) * Math.max(1f, Math.abs(alpha));
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float x = actual[i];
            boolean same = Float.isNaN(e) ? Float.isNaN(x) : Math.abs(e - x) <= tol;
            if (!same) {
                throw new AssertionError(String.format("transA=%b transB=%b m=%d n=%d k=%d alpha=%s beta=%s "
                        + "threads=%d: element %d (row %d col %d): expected %s, got %s", ta, tb, m, n, k, alpha,
                        beta, threads, i, (i - off) / ldc, (i - off) % ldc, e, x));
            }
        }
    }

    private static float[] random(int size, SplittableRandom rnd) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
