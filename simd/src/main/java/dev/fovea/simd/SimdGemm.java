package dev.fovea.simd;

import static dev.fovea.simd.SimdGemmMicro.L;

import dev.fovea.kernel.Parallel;

/**
 * Single-precision GEMM the BLIS way: C is cut into rectangles, one per thread (no synchronisation inside a call);
 * each thread walks its rectangle in NC-column slabs and KC-deep slices, packs a KC x NC slice of B and MC x KC blocks
 * of A into its own reused buffers ({@link SimdGemmPack}), and sweeps register tiles ({@link SimdGemmMicro}) over
 * them: one NR-wide B micro-panel stays in L1 while the MR-row A micro-panels of the block stream from L2.
 *
 * <p>Two tilings: the main one packs both operands into 12 x 32 tiles; short products (at most
 * {@link #DIRECT_MAX_M} rows per task, B not transposed) use 6 x 64 tiles that read B in place, because packing B
 * would cost about as much as the few FMAs each of its elements takes part in.
 *
 * <p>Block sizes were measured on AVX-512 (48 KiB L1d, 2 MiB L2 per core): the KC x NR B micro-panel (32 KiB) stays
 * in L1 next to the A micro-panel, the MC x KC block of A (144 KiB) and the KC x NC slice of B (1 MiB) in L2.
 * {@code -Dfovea.gemm.kc/mc/nc} override them for tuning.
 */
final class SimdGemm {
    /** Rows of the main tile; remainders of at most 6 rows use the 6-row kernels. */
    static final int MR = 12;
    /** Rows of the short-product tile. */
    static final int MR_SHORT = 6;
    /** Columns of the main tile. */
    static final int NR = 2 * L;
    /** Columns of the short-product tile. */
    static final int NR_SHORT = 4 * L;
    static final int KC = Integer.getInteger("fovea.gemm.kc", 256);
    static final int MC = roundUp(Integer.getInteger("fovea.gemm.mc", 144), MR);
    static final int NC = roundUp(Integer.getInteger("fovea.gemm.nc", 1024), NR_SHORT);

    /** Up to this many rows of C per task, B is read in place instead of packed (measured break-even). */
    static final int DIRECT_MAX_M = Integer.getInteger("fovea.gemm.directMaxM", 72);
    /**
     * Opt-in ({@code -Dfovea.gemm.sharedB=true}): packed products share one packing of B among threads
     * ({@link SimdGemmShared}). Off by default because on this 2-core machine (2 MiB L2 per core) the per-task
     * KC x NC slices, packed and consumed while in L2, measured faster even though an M split packs B twice: one
     * core, 1024^3 132 vs 113 GFLOP/s and 2048^3 134 vs 107 (B streamed from L3 for every block of rows). With many
     * threads splitting M, the repeated packing grows and sharing should win; not measured here. Not final so
     * that benchmarks and tests can time and check both in one JVM.
     */
    static boolean sharedB = Boolean.getBoolean("fovea.gemm.sharedB");
    /** Below this many multiply-adds a call stays on one thread: forking costs more than it saves. */
    private static final long PARALLEL_MIN_FMAS = Long.getLong("fovea.gemm.parallelMin", 1L << 20);

    /** One thread's packing buffers and edge tile, allocated once per thread and reused by every call. */
    static final class Workspace {
        final float[] a = new float[MC * KC + SimdGemmPack.A_SLACK];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR_SHORT];
        /** The B panels a call shares among its threads ({@link SimdGemmShared}), grown on demand. */
        float[] shared = new float[0];
    }

    static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private SimdGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        long fmas = (long) m * n * k;
        // Inside a pool worker (e.g. a convolution parallel over the batch) Parallel runs loops inline, so cutting
        // the work for several threads would only repeat the packing.
        int threads = fmas < PARALLEL_MIN_FMAS || Parallel.inParallelRegion() ? 1 : Parallel.threads();
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
        // Shared packing only makes sense when every thread sweeps at least one whole MC block of rows over the
        // packed B, which then lives in L3 (on 64 x 576 x 3136 transB it measured 1.5x slower).
        if (sharedB && (transB || maxRows(split) > DIRECT_MAX_M) && m >= MC * threads) {
            SimdGemmShared.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    threads);
            return;
        }
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

    private static int maxRows(SimdGemmSplit split) {
        int rows = 0;
        for (int t = 0; t < split.tasks(); t++) {
            rows = Math.max(rows, split.rowEnd(t) - split.rowStart(t));
        }
        return rows;
    }

    /** Computes rows [m0, m1) x columns [n0, n1) of C on the calling thread. */
    private static void block(boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        if (m0 >= m1 || n0 >= n1) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        boolean direct = !transB && m1 - m0 <= DIRECT_MAX_M;
        int mr = direct ? MR_SHORT : MR;
        int nr = direct ? NR_SHORT : NR;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            // In-place B covers the whole-width panels; the ragged last panel is packed (zero-padded).
            int directCols = direct ? nc / nr * nr : 0;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaNow = pc == 0 ? beta : 1f;
                SimdGemmPack.packB(transB, b, bOff, ldb, pc, kc, jc + directCols, nc - directCols, nr, ws.b, 0);
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    SimdGemmPack.packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, mr, ws.a);
                    macro(ws, mr, nr, mc, nc, kc, c, cOff + ic * ldc + jc, ldc, betaNow, ws.b, 0,
                            b, bOff + pc * ldb + jc, ldb, directCols);
                }
            }
        }
    }

    /**
     * Sweeps the micro-kernels over a packed MC x KC block of A ({@code mr}-row panels) and a KC x NC slice of B
     * ({@code nr}-column panels, from {@code bp[bpOff]}), in the order {@link #columnsOuter} explains. The first {@code directCols} columns of the slice are read
     * in place from {@code bd} (rows {@code ldb} apart from {@code bdOff}) by the 6 x 64 kernel; the rest are packed.
     */
    static void macro(Workspace ws, int mr, int nr, int mc, int nc, int kc, float[] c, int cOff, int ldc,
            float beta, float[] bp, int bpOff, float[] bd, int bdOff, int ldb, int directCols) {
        if (directCols == 0 && !columnsOuter) {
            int ir0 = 0;
            if (rowGroup > 1 && mr == MR && nr == NR) {
                // Whole 12-row panels in groups: each B panel, fetched from L2 once, serves the group from L1.
                int whole = mc / mr * mr;
                for (int g0 = 0; g0 < whole; g0 += rowGroup * mr) {
                    int gEnd = Math.min(whole, g0 + rowGroup * mr);
                    for (int jr = 0; jr < nc; jr += nr) {
                        for (int ir = g0; ir < gEnd; ir += mr) {
                            tile(ws, mr, nr, ir, jr, mc, nc, kc, c, cOff, ldc, beta, bp, bpOff, bd, bdOff, ldb, 0);
                        }
                    }
                }
                ir0 = whole;
            }
            for (int ir = ir0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                boolean pair = pairShortRows && mr == MR && nr == NR && rows <= MR_SHORT;
                for (int jr = 0; jr < nc; ) {
                    if (pair && jr + 2 * nr <= nc) {
                        shortRowsPair(ws, nr, ir, jr, rows, kc, c, cOff, ldc, beta, bp, bpOff);
                        jr += 2 * nr;
                    } else {
                        tile(ws, mr, nr, ir, jr, mc, nc, kc, c, cOff, ldc, beta, bp, bpOff, bd, bdOff, ldb, directCols);
                        jr += nr;
                    }
                }
            }
        } else {
            for (int jr = 0; jr < nc; jr += nr) {
                for (int ir = 0; ir < mc; ir += mr) {
                    tile(ws, mr, nr, ir, jr, mc, nc, kc, c, cOff, ldc, beta, bp, bpOff, bd, bdOff, ldb, directCols);
                }
            }
        }
    }

    /**
     * Forces the B-panel-outer order everywhere (for measuring). By default a block with all of B packed runs row
     * panels outermost: each A micro-panel stays in L1 while the B panels stream from L2, and C is written 12 rows at
     * a time left to right, a pattern the hardware prefetcher follows. Column panels outermost write C in 12 x 32
     * tiles stepping down the rows, every one a fresh cache miss when C is cold, which dominated products with a
     * short K: per image, 256 x 784 x 128 over 32 images 91 -> 123 GFLOP/s per core, 576 x 3136 x 64 69 -> 119.
     * Blocks reading B in place keep the B-outer order: there the 64 columns of B they read stay in L1 down all
     * the rows (the other order measured 73 -> 64 on 64 x 3136 x 576).
     */
    static boolean columnsOuter = Boolean.getBoolean("fovea.gemm.columnsOuter");

    /**
     * Row panels per sweep in the row-panels-outer order ({@code -Dfovea.gemm.rowGroup}; not final so that benchmarks
     * and tests can time and check several in one JVM). One panel at a time streams every 32 KiB B micro-panel from
     * L2 for 12 rows of work, which cost the kernel about 9% against B in L1 (measured alone: 168-176 against 183-191
     * GFLOP/s); two panels use each B panel twice in a row, the second time from L1, and C is still written
     * left to right, 24 rows at a time. One core, best of 8 (25 November): 1024^3 152 -> 161 GFLOP/s,
     * 256 x 784 x 1152 154 -> 162, 64 x 576 x 3136 (B transposed) 117 -> 129, 2048^3 142 -> 141 (its 8 KiB rows put
     * all 24 C rows of a tile pair in the same L1 sets), 3 panels no better than 2.
     */
    static int rowGroup = Math.max(1, Integer.getInteger("fovea.gemm.rowGroup", 2));

    /**
     * The last rows of a block, at most 6 (a 6-row panel), over two neighbouring full B panels at once: 24
     * accumulators like the main tile, where one panel at a time would keep only 12 and run at about half speed
     * (measured 10% of the time of 64 x 576 x 3136). Off by {@code -Dfovea.gemm.noPair=true}.
     */
    private static void shortRowsPair(Workspace ws, int nr, int ir, int jr, int rows, int kc, float[] c, int cOff,
            int ldc, float beta, float[] bp, int bpOff) {
        int bo = bpOff + jr * kc;
        int co = cOff + ir * ldc + jr;
        boolean full = rows == MR_SHORT;
        SimdGemmMicro.tile6x2x2(kc, ws.a, ir * kc, bp, bo, bo + nr * kc, full ? c : ws.tile, full ? co : 0,
                full ? ldc : NR_SHORT, full ? beta : 0f);
        if (!full) {
            mergeEdge(ws.tile, rows, 2 * nr, c, co, ldc, beta);
        }
    }

    static boolean pairShortRows = !Boolean.getBoolean("fovea.gemm.noPair");

    private static void tile(Workspace ws, int mr, int nr, int ir, int jr, int mc, int nc, int kc, float[] c,
            int cOff, int ldc, float beta, float[] bp, int bpOff, float[] bd, int bdOff, int ldb, int directCols) {
        int cols = Math.min(nr, nc - jr);
        boolean direct = jr < directCols;
        int w = direct ? nr : SimdGemmPack.panelWidth(cols, nr);
        int v = w / L;
        int bo = bpOff + (jr - directCols) * kc;
        int rows = Math.min(mr, mc - ir);
        int h = SimdGemmPack.panelHeight(rows, mr);
        int ap = ir * kc;
        int co = cOff + ir * ldc + jr;
        boolean full = rows == h && cols == w;
        float[] cc = full ? c : ws.tile;
        int cco = full ? co : 0;
        int ldcc = full ? ldc : NR_SHORT;
        float bt = full ? beta : 0f;
        if (direct) {
            SimdGemmMicro.tile6x4Direct(kc, ws.a, ap, bd, bdOff + jr, ldb, cc, cco, ldcc, bt);
        } else {
            SimdGemmMicro.tile(h, v, kc, ws.a, ap, bp, bo, cc, cco, ldcc, bt);
        }
        if (!full) {
            // Edge tile: computed in full into scratch; only its valid part is merged into C.
            mergeEdge(ws.tile, rows, cols, c, co, ldc, beta);
        }
    }

    private static void mergeEdge(float[] tile, int rows, int cols, float[] c, int cOff, int ldc, float beta) {
        for (int i = 0; i < rows; i++) {
            int t = i * NR_SHORT;
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
