package dev.fovea.simd;

import static dev.fovea.simd.SimdGemmMicro.L;
import static dev.fovea.simd.SimdGemmMicro.MR;
import static dev.fovea.simd.SimdGemmMicro.NR;

import dev.fovea.kernel.Parallel;

/**
 * Single-precision GEMM the BLIS way: C is cut into rectangles, one per thread (no synchronisation inside a call);
 * each thread walks its rectangle in NC-column slabs and KC-deep slices, packs a KC x NC slice of B and MC x KC blocks
 * of A into its own reused buffers ({@link SimdGemmPack}), and sweeps register tiles ({@link SimdGemmMicro}) over
 * them: one NR-wide B micro-panel stays in L1 while the MR-row A micro-panels of the block stream from L2.
 *
 * <p>Block sizes were measured on AVX-512 (48 KiB L1d, 2 MiB L2 per core): KC x NR floats of B must fit in L1
 * next to the A micro-panel, MC x KC floats of A in L2. {@code -Dfovea.gemm.kc/mc/nc} override them for tuning.
 */
final class SimdGemm {
    static final int KC = Integer.getInteger("fovea.gemm.kc", 128);
    static final int MC = roundUp(Integer.getInteger("fovea.gemm.mc", 144), MR);
    static final int NC = roundUp(Integer.getInteger("fovea.gemm.nc", 2048), NR);
    /** Below this many multiply-adds a call stays on one thread: forking costs more than it saves. */
    /** Up to this many rows of C per task, B is read in place instead of packed (measured break-even). */
    static final int DIRECT_MAX_M = Integer.getInteger("fovea.gemm.directMaxM", 72);
    private static final long PARALLEL_MIN_FMAS = Long.getLong("fovea.gemm.parallelMin", 1L << 20);

    /** One thread's packing buffers and edge tile, allocated once per thread and reused by every call. */
    private static final class Workspace {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private SimdGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        long fmas = (long) m * n * k;
        int threads = fmas < PARALLEL_MIN_FMAS ? 1 : Parallel.threads();
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
    }

    /** As above, cutting the work for {@code threads} tasks (tests use this to exercise grids of any shape). */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc, int threads) {
        SimdGemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        SimdGemmSplit split = SimdGemmSplit.choose(m, n, k, transA, transB, threads);
        if (split.tasks() == 1) {
            block(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Parallel.forRange(split.tasks(), (from, to) -> {
            for (int t = from; t < to; t++) {
                block(transA, transB, split.rowStart(t), split.rowEnd(t), split.colStart(t), split.colEnd(t), k,
                        alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        });
    }

    /** Computes rows [m0, m1) x columns [n0, n1) of C on the calling thread. */
    private static void block(boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        if (m0 >= m1 || n0 >= n1) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        // With few rows each element of packed B would be used only a few times: read whole panels of B in place.
        boolean direct = !transB && m1 - m0 <= DIRECT_MAX_M;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            int directCols = direct ? nc / NR * NR : 0;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaNow = pc == 0 ? beta : 1f;
                SimdGemmPack.packB(transB, b, bOff, ldb, pc, kc, jc + directCols, nc - directCols, ws.b);
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    SimdGemmPack.packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, ws.a);
                    macro(ws, mc, nc, kc, c, cOff + ic * ldc + jc, ldc, betaNow, b, bOff + pc * ldb + jc, ldb,
                            directCols);
                }
            }
        }
    }

    /**
     * Sweeps the micro-kernel over a packed MC x KC block of A and a KC x NC slice of B. The first {@code directCols}
     * columns of the slice are read in place from {@code bd} (rows {@code ldb} apart, starting at {@code bdOff});
     * the rest are packed in the workspace.
     */
    private static void macro(Workspace ws, int mc, int nc, int kc, float[] c, int cOff, int ldc, float beta,
            float[] bd, int bdOff, int ldb, int directCols) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            boolean direct = jr < directCols;
            int w = direct ? NR : SimdGemmPack.panelWidth(cols);
            int v = w / L;
            int bp = (jr - directCols) * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int ap = ir * kc;
                int co = cOff + ir * ldc + jr;
                boolean full = rows == MR && cols == w;
                float[] cc = full ? c : ws.tile;
                int cco = full ? co : 0;
                int ldcc = full ? ldc : NR;
                float bt = full ? beta : 0f;
                if (direct) {
                    SimdGemmMicro.tile6x4Direct(kc, ws.a, ap, bd, bdOff + jr, ldb, cc, cco, ldcc, bt);
                } else {
                    SimdGemmMicro.tile(v, kc, ws.a, ap, ws.b, bp, cc, cco, ldcc, bt);
                }
                if (!full) {
                    // Edge tile: computed in full into scratch; only its valid part is merged into C.
                    mergeEdge(ws.tile, rows, cols, c, co, ldc, beta);
                }
            }
        }
    }

    private static void mergeEdge(float[] tile, int rows, int cols, float[] c, int cOff, int ldc, float beta) {
        for (int i = 0; i < rows; i++) {
            int t = i * NR;
            int o = cOff + i * ldc;
            if (beta == 0f) {
                System.arraycopy(tile, t, c, o, cols);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[o + j] = beta * c[o + j] + tile[t + j];
                }
            }
        }
    }

    /** C = beta * C, with beta 0 overwriting (so NaN in C does not survive). */
    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, o, o + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[o + j] *= beta;
                }
            }
        }
    }

    static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }
}
