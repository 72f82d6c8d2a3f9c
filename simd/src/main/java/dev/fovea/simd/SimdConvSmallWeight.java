package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Backward weight on the row-interleaved layout of {@link SimdConvRows}: dWeight[co][c, t] is the dot product over
 * positions of dOut row co (packed in the same position order, zero where a row has no output) with the source
 * shifted by tap t. Both are contiguous runs, so {@link SimdConvMicro}'s weight kernels vectorise over positions
 * and keep vector partial sums per chunk of images, reduced to scalars once at the end.
 */
final class SimdConvSmallWeight {
    private SimdConvSmallWeight() {}

    static void run(SimdConvRows r, float[] x, float[] dy, float[] dw, float[] db, int sourceBudget, int qChunk) {
        int vl = SimdConvLayout.VL;
        int cols = r.srcCg * r.taps;
        int colsPadded = (cols + 3) & ~3;
        int accFloats = r.dstC * colsPadded * vl;
        int chunks = Math.min(Parallel.threads(), r.batch);
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        for (int c = 0; c < chunks; c++) {
            cw.partial(c, accFloats);
            cw.biasPartial(c, r.dstC);
        }
        int sub = r.subBatch((r.batch + chunks - 1) / chunks, sourceBudget);
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                float[] acc = cw.partial(c, accFloats);
                Arrays.fill(acc, 0, accFloats, 0f);
                float[] bacc = cw.biasPartial(c, r.dstC);
                Arrays.fill(bacc, 0, r.dstC, 0f);
                int from = (int) ((long) r.batch * c / chunks);
                int to = (int) ((long) r.batch * (c + 1) / chunks);
                range(r, x, dy, from, to, sub, qChunk, acc, colsPadded, bacc);
            }
        });
        for (int co = 0; co < r.dstC; co++) {
            for (int col = 0; col < cols; col++) {
                int at = (co * colsPadded + col) * vl;
                FloatVector v = FloatVector.fromArray(SimdConvLayout.SPECIES, cw.partial(0, accFloats), at);
                for (int c = 1; c < chunks; c++) {
                    v = v.add(FloatVector.fromArray(SimdConvLayout.SPECIES, cw.partial(c, accFloats), at));
                }
                dw[co * cols + col] = SimdConvLayout.sumLanes(v);
            }
        }
        if (db != null) {
            for (int co = 0; co < r.dstC; co++) {
                float s = 0f;
                for (int c = 0; c < chunks; c++) {
                    s += cw.biasPartial(c, r.dstC)[co];
                }
                db[co] = s;
            }
        }
    }

    private static void range(SimdConvRows r, float[] x, float[] dy, int from, int to, int sub, int qChunk,
            float[] acc, int colsPadded, float[] bacc) {
        int vl = SimdConvLayout.VL;
        SimdConvWorkspace ws = SimdConvWorkspace.worker();
        int bMax = Math.max(1, Math.min(sub, to - from));
        float[] xp = ws.source(r.sourceFloats(bMax));
        int[] colOff = ws.offsets(colsPadded);
        for (int n0 = from; n0 < to; n0 += bMax) {
            int b = Math.min(bMax, to - n0);
            r.packSource(x, n0, b, xp);
            int rowStride = (r.positions(b) + vl - 1) / vl * vl;
            float[] dyw = ws.wide(r.dstC * rowStride);
            r.packOutput(dy, n0, b, dyw, rowStride);
            r.stepOffsets(b, colOff);
            // padded columns read valid memory; their sums land in slots nobody reads
            Arrays.fill(colOff, r.srcCg * r.taps, colsPadded, 0);
            int groupFloats = r.groupFloats(b);
            for (int g = 0; g < r.groups; g++) {
                int xg = g * groupFloats;
                for (int r0 = 0; r0 < r.dstCg; ) {
                    int rows = r.dstCg - r0 >= 6 ? 6 : r.dstCg - r0 >= 4 ? 4 : 1;
                    int co = g * r.dstCg + r0;
                    for (int q0 = 0; q0 < rowStride; q0 += qChunk) {
                        int q1 = Math.min(rowStride, q0 + qChunk);
                        for (int cb = 0; cb < colsPadded; cb += 4) {
                            int o0 = xg + colOff[cb];
                            int o1 = xg + colOff[cb + 1];
                            int o2 = xg + colOff[cb + 2];
                            int o3 = xg + colOff[cb + 3];
                            int ab = (co * colsPadded + cb) * vl;
                            if (rows == 6) {
                                SimdConvMicro.weight6(dyw, co * rowStride, rowStride, xp, o0, o1, o2, o3, q0, q1,
                                        acc, ab, colsPadded);
                            } else if (rows == 4) {
                                SimdConvMicro.weight4(dyw, co * rowStride, rowStride, xp, o0, o1, o2, o3, q0, q1,
                                        acc, ab, colsPadded);
                            } else {
                                SimdConvMicro.weight1(dyw, co * rowStride, xp, o0, o1, o2, o3, q0, q1, acc, ab);
                            }
                        }
                    }
                    r0 += rows;
                }
            }
            for (int j = 0; j < b; j++) {
                for (int co = 0; co < r.dstC; co++) {
                    bacc[co] += SimdConv.sum(dy, ((n0 + j) * r.dstC + co) * r.outSpatial, r.outSpatial);
                }
            }
        }
    }
}
