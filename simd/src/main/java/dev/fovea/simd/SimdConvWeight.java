package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Backward weight of stride-1 convolutions with at least 16 output channels per group, vectorised over output
 * channels: dOut is transposed to [position][channel] (zeros where the wide layout has gaps), the input stays in
 * the wide layout, and {@link SimdConvWeightMicro} accumulates dWeight^T [column][channel] in registers (one
 * or two channel vectors with 3-wide kernels use {@link SimdConvWeightRows}, which shares broadcasts between
 * adjacent taps). Per-chunk partial sums are added once at the end, so threads never share a cache line while
 * they work.
 */
final class SimdConvWeight {
    /**
     * Transposed dOut floats per pass over the positions (32 KB): every channel vector of a group takes the chunk
     * while it is in L1, right after one another, so the source columns they share are in L1 too. At 128 channels
     * that is 64 positions (measured ~10% faster per core than 128 positions, one 64-channel half at a time).
     */
    private static final int CHUNK_FLOATS = 8192;
    /** Positions per pass at most: more saves little accumulator traffic. */
    private static final int MAX_Q_CHUNK = 128;
    private static final int COLS = SimdConvWeightMicro.COLS;

    private SimdConvWeight() {}

    static boolean applies(SimdConvLayout l) {
        return l.dstCg >= 16;
    }

    static void run(SimdConvLayout l, float[] x, float[] dy, float[] dw, float[] db, int sourceBudget) {
        int vl = SimdConvLayout.VL;
        int cols = l.srcCg * l.taps;
        // one or two channel vectors take columns by kernel rows of three adjacent taps when they can (18 or 9 per
        // call, so 36 divides the padded count)
        boolean rows = SimdConvWeightRows.applies(l);
        int colStep = rows ? 6 * COLS : 2 * COLS;
        int colsPadded = (cols + colStep - 1) / colStep * colStep;
        int coPadded = (l.dstCg + vl - 1) / vl * vl;
        int ld = l.groups * coPadded;
        int accFloats = colsPadded * ld;
        int chunks = Math.min(Parallel.threads(), l.batch);
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        for (int c = 0; c < chunks; c++) {
            cw.partial(c, accFloats);
            cw.biasPartial(c, l.dstC);
        }
        int sub = l.subBatch((l.batch + chunks - 1) / chunks, sourceBudget);
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                float[] acc = cw.partial(c, accFloats);
                Arrays.fill(acc, 0, accFloats, 0f);
                float[] bacc = cw.biasPartial(c, l.dstC);
                Arrays.fill(bacc, 0, l.dstC, 0f);
                int from = (int) ((long) l.batch * c / chunks);
                int to = (int) ((long) l.batch * (c + 1) / chunks);
                range(l, x, dy, from, to, sub, acc, colsPadded, coPadded, rows, bacc);
            }
        });
        reduce(cw, chunks, accFloats, l.dstC, l.dstCg, coPadded, cols, ld, dw, db);
    }

    /**
     * Sums the per-chunk partials into dWeight [dstC][cols] (partials are [col][group][coPadded], {@code ld} floats
     * a column) and dBias (null for none).
     */
    static void reduce(SimdConvWorkspace cw, int chunks, int accFloats, int dstC, int dstCg, int coPadded, int cols,
            int ld, float[] dw, float[] db) {
        // the reduction reads every partial sum once (590 KB each at 128 channels): split over threads too
        Parallel.forRange(dstC, 8, (co0, co1) -> {
            for (int co = co0; co < co1; co++) {
                int g = co / dstCg;
                int r = co - g * dstCg;
                for (int col = 0; col < cols; col++) {
                    int at = col * ld + g * coPadded + r;
                    float s = 0f;
                    for (int c = 0; c < chunks; c++) {
                        s += cw.partial(c, accFloats)[at];
                    }
                    dw[co * cols + col] = s;
                }
            }
        });
        if (db != null) {
            for (int co = 0; co < dstC; co++) {
                float s = 0f;
                for (int c = 0; c < chunks; c++) {
                    s += cw.biasPartial(c, dstC)[co];
                }
                db[co] = s;
            }
        }
    }

    private static void range(SimdConvLayout l, float[] x, float[] dy, int from, int to, int sub, float[] acc,
            int colsPadded, int coPadded, boolean rows, float[] bacc) {
        int vl = SimdConvLayout.VL;
        int ld = l.groups * coPadded;
        SimdConvWorkspace ws = SimdConvWorkspace.worker();
        int bMax = Math.max(1, Math.min(sub, to - from));
        float[] xp = ws.source(l.sourceFloats(bMax));
        int[] colOff = ws.offsets(colsPadded);
        int qChunk = Math.max(16, Math.min(MAX_Q_CHUNK, CHUNK_FLOATS / coPadded));
        for (int n0 = from; n0 < to; n0 += bMax) {
            int b = Math.min(bMax, to - n0);
            int positions = b * l.plane;
            // dOut is zero past the last image's last output, so those positions add nothing
            int used = l.usedPositions(b);
            l.packSource(x, n0, b, xp);
            float[] dyT = ws.wide(positions * ld);
            transpose(l, dy, n0, b, dyT, ld, coPadded, bacc);
            for (int c = 0; c < l.srcCg; c++) {
                for (int t = 0; t < l.taps; t++) {
                    colOff[c * l.taps + t] = c * positions + l.shifts[t];
                }
            }
            // padded columns read valid memory; their sums land in slots nobody reads
            Arrays.fill(colOff, l.srcCg * l.taps, colsPadded, 0);
            for (int g = 0; g < l.groups; g++) {
                int xg = g * l.srcCg * positions;
                for (int q0 = 0; q0 < used; q0 += qChunk) {
                    int q1 = Math.min(used, q0 + qChunk);
                    for (int cv = 0; cv < coPadded; cv += 4 * vl) {
                        int vectors = Math.min(4, (coPadded - cv) / vl);
                        chunk(dyT, ld, g * coPadded + cv, xp, colOff, xg, q0, q1, acc, colsPadded, vectors, rows);
                    }
                }
            }
        }
    }

    /** Positions [q0, q1) of up to four channel vectors starting at column yb, every column. */
    private static void chunk(float[] dyT, int ld, int yb, float[] xp, int[] colOff, int xg, int q0, int q1,
            float[] acc, int colsPadded, int vectors, boolean rows) {
        int vl = SimdConvLayout.VL;
        // four channel vectors, or two by six single columns, or two by kernel rows
        boolean pairRows = rows && (vectors == 2 || vectors == 3);
        for (int cb = 0; cb < colsPadded && vectors >= 2 && !pairRows; cb += 2 * COLS) {
            int ab = cb * ld + yb;
            for (int half = 0; half < 2; half++) {
                int k = cb + half * COLS;
                int hb = ab + half * COLS * ld;
                if (vectors == 4) {
                    SimdConvWeightMicro.weightT4(dyT, ld, yb, xp, xg + colOff[k],
                            xg + colOff[k + 1], xg + colOff[k + 2], xg + colOff[k + 3],
                            xg + colOff[k + 4], xg + colOff[k + 5], q0, q1, acc, hb, ld);
                } else {
                    SimdConvWeightMicro.weightT2(dyT, ld, yb, xp, xg + colOff[k],
                            xg + colOff[k + 1], xg + colOff[k + 2], xg + colOff[k + 3],
                            xg + colOff[k + 4], xg + colOff[k + 5], q0, q1, acc, hb, ld);
                }
            }
        }
        for (int cb = 0; cb < colsPadded && pairRows; cb += 9) {
            SimdConvWeightRows.weightRows3x2(dyT, ld, yb, xp, colOff, cb, xg, q0, q1, acc,
                    cb * ld + yb, ld);
        }
        if (vectors == 1 || vectors == 3) {
            int v0 = (vectors - 1) * vl;
            int step = rows ? 3 * SimdConvWeightRows.ROWS : 2 * COLS;
            for (int cb = 0; cb < colsPadded; cb += step) {
                int ab = cb * ld + yb + v0;
                if (rows) {
                    SimdConvWeightRows.weightRows6(dyT, ld, yb + v0, xp, colOff, cb, xg, q0, q1,
                            acc, ab, ld);
                } else {
                    SimdConvWeightMicro.weightT1(dyT, ld, yb + v0, xp, colOff, cb, xg, q0, q1, acc,
                            ab, ld);
                }
            }
        }
    }

    /**
     * dyT[(j*plane + pos)*ld + g*coPadded + r] = dOut[n0+j, g*dstCg + r, pos], zero in the layout's gaps. Blocks
     * of 16 channels keep every write a full cache line; full blocks read their 16 strided values with vector
     * gathers (measured faster than 16 scalar loads and stores). When there are no padding channels only the
     * gap positions are zeroed, not the whole buffer first. The bias gradient is summed on the way
     * ({@code bacc[co] +=} each channel's values), which saves a second pass over dOut.
     */
    static void transpose(SimdConvLayout l, float[] dy, int n0, int b, float[] dyT, int ld, int coPadded,
            float[] bacc) {
        int vl = SimdConvLayout.VL;
        int[] p = l.padded;
        int[] o = l.out;
        int os = l.outSpatial;
        boolean dense = coPadded == l.dstCg;
        if (!dense) {
            Arrays.fill(dyT, 0, b * l.plane * ld, 0f);
        }
        int[] index = new int[16];
        for (int k = 0; k < 16; k++) {
            index[k] = k * os;
        }
        boolean gather = 16 % vl == 0;
        for (int j = 0; j < b; j++) {
            if (dense) {
                zeroGaps(l, dyT, j * l.plane, ld);
            }
            for (int g = 0; g < l.groups; g++) {
                for (int r0 = 0; r0 < l.dstCg; r0 += 16) {
                    int blk = Math.min(16, l.dstCg - r0);
                    int column = g * coPadded + r0;
                    int co0 = g * l.dstCg + r0;
                    int from = ((n0 + j) * l.dstC + co0) * os;
                    if (gather && blk == 16) {
                        for (int k = 0; k < 16; k += vl) {
                            FloatVector sum = FloatVector.zero(SimdConvLayout.SPECIES);
                            for (int d = 0; d < o[0]; d++) {
                                for (int h = 0; h < o[1]; h++) {
                                    int src = from + (d * o[1] + h) * o[2];
                                    int dst = (j * l.plane + (d * p[1] + h) * p[2]) * ld + column + k;
                                    for (int w = 0; w < o[2]; w++) {
                                        FloatVector v = FloatVector.fromArray(SimdConvLayout.SPECIES, dy, src + w,
                                                index, k);
                                        v.intoArray(dyT, dst + w * ld);
                                        sum = sum.add(v);
                                    }
                                }
                            }
                            sum.add(FloatVector.fromArray(SimdConvLayout.SPECIES, bacc, co0 + k))
                                    .intoArray(bacc, co0 + k);
                        }
                        continue;
                    }
                    for (int d = 0; d < o[0]; d++) {
                        for (int h = 0; h < o[1]; h++) {
                            int src = from + (d * o[1] + h) * o[2];
                            int dst = (j * l.plane + (d * p[1] + h) * p[2]) * ld + column;
                            for (int w = 0; w < o[2]; w++) {
                                int to = dst + w * ld;
                                for (int k = 0; k < blk; k++) {
                                    float v = dy[src + k * os + w];
                                    dyT[to + k] = v;
                                    bacc[co0 + k] += v;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Zeroes the rows of dyT at the positions of one image's plane that hold no output. */
    private static void zeroGaps(SimdConvLayout l, float[] dyT, int planeStart, int ld) {
        int[] p = l.padded;
        int[] o = l.out;
        for (int d = 0; d < p[0]; d++) {
            for (int h = 0; h < p[1]; h++) {
                int row = (planeStart + (d * p[1] + h) * p[2]) * ld;
                int w0 = d < o[0] && h < o[1] ? o[2] : 0;
                Arrays.fill(dyT, row + w0 * ld, row + p[2] * ld, 0f);
            }
        }
    }
}
