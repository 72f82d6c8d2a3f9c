package dev.fovea.simd;

import static dev.fovea.simd.SimdGemm.MR;
import static dev.fovea.simd.SimdGemm.NR_SHORT;
import static dev.fovea.simd.SimdGemmMicro.L;

/**
 * How one sgemm call is shared among threads: C is cut into a {@code rows x cols} grid of rectangles, one per task.
 * Each task packs the A rows it needs, so splitting N repeats the packing of A; B is either packed once for all
 * tasks ({@link SimdGemmShared}) or, on the direct path, per task, where splitting M repeats it; {@link #choose} weighs that against load balance with a rough
 * cycle model (packing a transposed operand means strided gathers, which cost more than copies).
 *
 * @param rows     tasks along M
 * @param cols     tasks along N
 * @param rowUnit  rows are cut at multiples of this (whole micro-tiles)
 * @param colUnit  columns are cut at multiples of this (whole panels when N allows, else whole vectors)
 */
record SimdGemmSplit(int m, int n, int rows, int cols, int rowUnit, int colUnit) {

    int tasks() {
        return rows * cols;
    }

    int rowStart(int task) {
        return cut(task / cols, rows, m, rowUnit);
    }

    int rowEnd(int task) {
        return cut(task / cols + 1, rows, m, rowUnit);
    }

    int colStart(int task) {
        return cut(task % cols, cols, n, colUnit);
    }

    int colEnd(int task) {
        return cut(task % cols + 1, cols, n, colUnit);
    }

    private static int cut(int i, int parts, int size, int unit) {
        int units = (size + unit - 1) / unit;
        return Math.min(size, (int) ((long) units * i / parts) * unit);
    }

    /** Picks the grid with the lowest estimated time for at most {@code threads} tasks. */
    static SimdGemmSplit choose(int m, int n, int k, boolean transA, boolean transB, int threads) {
        return choose(m, n, k, transA, transB, threads, false);
    }

    /**
     * As above; with {@code sharedB} the tasks share one packed copy of B ({@link SimdGemmShared}), so cutting M
     * no longer repeats the packing of B, and columns are cut at whole packed panels.
     */
    static SimdGemmSplit choose(int m, int n, int k, boolean transA, boolean transB, int threads, boolean sharedB) {
        int mTiles = (m + MR - 1) / MR;
        SimdGemmSplit best = new SimdGemmSplit(m, n, 1, 1, MR, NR_SHORT);
        if (threads <= 1) {
            return best;
        }
        double bestCost = cost(best, k, transA, transB, sharedB);
        for (int r = 1; r <= Math.min(threads, mTiles); r++) {
            for (int c = 1; r * c <= threads; c++) {
                int colUnit = (n + NR_SHORT - 1) / NR_SHORT >= c ? NR_SHORT : sharedB ? SimdGemm.NR : L;
                if ((n + colUnit - 1) / colUnit < c) {
                    break;
                }
                SimdGemmSplit s = new SimdGemmSplit(m, n, r, c, MR, colUnit);
                double cost = cost(s, k, transA, transB, sharedB);
                if (cost < bestCost) {
                    best = s;
                    bestCost = cost;
                }
            }
        }
        return best;
    }

    /** Estimated cycles of the slowest task: padded FMAs at two vector FMAs per cycle, plus its packing. */
    private static double cost(SimdGemmSplit s, int k, boolean transA, boolean transB, boolean sharedB) {
        int mt = 0;
        int nt = 0;
        for (int t = 0; t < s.tasks(); t++) {
            mt = Math.max(mt, s.rowEnd(t) - s.rowStart(t));
            nt = Math.max(nt, s.colEnd(t) - s.colStart(t));
        }
        double mPad = (mt + MR - 1) / MR * MR;
        double nPad = (nt + L - 1) / L * L;
        double compute = mPad * nPad * k / (2.0 * L);
        double packA = (double) mt * k * (transA ? 0.5 : 1.0) * ((nt + SimdGemm.NC - 1) / SimdGemm.NC);
        double packB = (sharedB ? (double) s.n * k / s.tasks() : (double) nt * k) * (transB ? 1.0 : 0.25);
        return compute + packA + packB;
    }
}
