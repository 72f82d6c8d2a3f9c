package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import jdk.incubator.vector.FloatVector;

/**
 * Stride-1 convolution vectorised over output channels (an implicit GEMM): the source stays in the padded planes of
 * {@link SimdConvLayout}, but only real output positions are computed, eight consecutive ones of an output row at a
 * time with two vectors of output channels ({@link SimdConvChannelsMicro}; ten positions with one vector for
 * layers of at most 16 channels on rows of ten, LeNet-5's second convolution). Partial sums live in a
 * [position][channel] buffer so source channels can be taken in blocks whose weights stay in L1; the buffer is
 * transposed into NCHW at the end. Meant for small planes with many channels (8x8 with 64 channels: the wide
 * kernel computes 81 positions per 64 outputs there).
 */
final class SimdConvChannels {
    private static final int POS = SimdConvChannelsMicro.POS;
    private static final int CO = SimdConvChannelsMicro.CO;
    /** Weight floats per (channel block, step block): 16 KB, a third of L1. */
    private static final int WEIGHT_BLOCK = 4096;

    /** -Dfovea.conv.row3=false keeps 3-wide kernels on the per-tap kernel (A/B). */
    private static final boolean ROW3 = !"false".equals(System.getProperty("fovea.conv.row3"));

    private SimdConvChannels() {}

    /** Output channels padded to whole kernel blocks. */
    static int channelsPadded(SimdConvLayout l) {
        return (l.dstC + CO - 1) / CO * CO;
    }

    /** Weights [channel block][step = c*taps + t][bw], zero past dstC; transposeFlip as in SimdConvLayout. */
    static void packWeights(SimdConvLayout l, float[] w, boolean transposeFlip, int bw, float[] wq) {
        int steps = l.srcC * l.taps;
        int blocks = (l.dstC + bw - 1) / bw;
        for (int cb = 0; cb < blocks; cb++) {
            for (int s = 0; s < steps; s++) {
                int c = s / l.taps;
                int t = s - c * l.taps;
                int base = (cb * steps + s) * bw;
                for (int j = 0; j < bw; j++) {
                    int r = cb * bw + j;
                    float v = 0f;
                    if (r < l.dstC) {
                        v = transposeFlip ? w[(c * l.dstC + r) * l.taps + l.taps - 1 - t]
                                : w[(r * l.srcC + c) * l.taps + t];
                    }
                    wq[base + j] = v;
                }
            }
        }
    }

    /** At most one vector of output channels on rows that are whole multiples of ten positions. */
    static boolean narrow(SimdConvLayout l) {
        return l.dstC <= SimdConvLayout.VL && l.out[2] % SimdConvChannelsMicro.POS_NARROW == 0;
    }

    static void run(SimdConvLayout l, float[] src, float[] w, boolean transposeFlip, float[] bias, float[] dst,
            int budget) {
        // at most 16 output channels on rows of ten: one channel vector, ten positions per call (no padded lanes)
        boolean narrow = narrow(l);
        int bw = narrow ? SimdConvLayout.VL : CO;
        int pos = narrow ? SimdConvChannelsMicro.POS_NARROW : POS;
        int ld = (l.dstC + bw - 1) / bw * bw;
        int steps = l.srcC * l.taps;
        // kinds 20/21: this path's packing (the wide kernel's are 0/1)
        float[] wq = SimdConvPackCache.packed(w, new SimdConvPackCache.Layout(transposeFlip ? 21 : 20, 1, l.srcC,
                l.dstC, l.taps, bw, 1, 1, 1, 1), ld * steps, buf -> packWeights(l, w, transposeFlip, bw, buf));
        int perThread = (l.batch + Parallel.threads() - 1) / Parallel.threads();
        int sub = l.subBatch(perThread, budget);
        int segs = (l.out[2] + pos - 1) / pos;
        // taps in consecutive triples (3-wide kernel rows, dilation 1): a kernel row per kernel iteration (step
        // blocks are whole channels, so they start at a triple)
        boolean row3 = ROW3 && !narrow && SimdConvTriples.applies(l);
        Parallel.forRange(l.batch, (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int bMax = Math.min(sub, to - from);
            float[] xp = ws.source(l.sourceFloats(bMax));
            int[] offs = ws.offsets(steps);
            int[] idx = new int[SimdConvLayout.VL];
            float[] biasRow = new float[ld];
            for (int n0 = from; n0 < to; n0 += bMax) {
                int bs = Math.min(bMax, to - n0);
                l.packSource(src, n0, bs, xp);
                l.stepOffsets(bs, offs);
                int rows = bs * l.out[1];
                float[] t = ws.wide(rows * segs * pos * ld);
                initBias(t, rows * segs * pos, ld, bias, l.dstC, biasRow);
                int stepBlock = Math.max(1, WEIGHT_BLOCK / (l.taps * bw)) * l.taps;
                for (int cb = 0; cb < ld / bw; cb++) {
                    int wb = cb * steps * bw;
                    for (int s0 = 0; s0 < steps; s0 += stepBlock) {
                        int s1 = Math.min(steps, s0 + stepBlock);
                        for (int row = 0; row < rows; row++) {
                            int j = row / l.out[1];
                            int oh = row - j * l.out[1];
                            int xb = j * l.plane + oh * l.padded[2];
                            for (int sg = 0; sg < segs; sg++) {
                                int tb = ((row * segs + sg) * pos) * ld + cb * bw;
                                if (narrow) {
                                    SimdConvChannelsMicro.tile10x1(xp, xb + sg * pos, offs, s0, s1, wq, wb, t, tb,
                                            ld);
                                } else if (row3) {
                                    SimdConvChannelsMicro.tile8x2Row3(xp, xb + sg * pos, offs, s0, s1, wq, wb, t,
                                            tb, ld);
                                } else {
                                    SimdConvChannelsMicro.tile8x2(xp, xb + sg * pos, offs, s0, s1, wq, wb, t, tb,
                                            ld);
                                }
                            }
                        }
                    }
                }
                unpack(l.dstC, l.out[1], l.out[2], t, ld, segs * pos, n0, bs, dst, idx);
            }
        });
    }

    /**
     * Every position's channels in t set to the bias (zero past dstC). Rows of whole vectors are stored vector by
     * vector: a 32-float arraycopy per position cost 7% of a strided forward pass.
     */
    static void initBias(float[] t, int positions, int ld, float[] bias, int dstC, float[] row) {
        for (int c = 0; c < ld; c++) {
            row[c] = bias != null && c < dstC ? bias[c] : 0f;
        }
        int vl = SimdConvLayout.VL;
        if (ld % vl == 0) {
            for (int p = 0, at = 0; p < positions; p++, at += ld) {
                for (int c = 0; c < ld; c += vl) {
                    FloatVector.fromArray(SimdConvLayout.SPECIES, row, c).intoArray(t, at + c);
                }
            }
            return;
        }
        for (int p = 0; p < positions; p++) {
            System.arraycopy(row, 0, t, p * ld, ld);
        }
    }

    /**
     * [row][segment*8 + r][channel] into y [N, dstC, outH, outW], dropping positions past outW. When rows have no
     * such positions an image's positions are consecutive in t: blocks of 16 positions × 16 channels are
     * transposed by lane selects where vectors have 16 lanes (a gather per vector cost a fifth of a strided layer's
     * backward data with 16 channels), else one gather per 16 positions fills a vector.
     */
    static void unpack(int dstC, int outH, int outW, float[] t, int ld, int rowPos, int n0, int b, float[] y,
            int[] idx) {
        int os = outH * outW;
        int vl = SimdConvLayout.VL;
        if (outW == rowPos && SimdGemmTranspose.AVAILABLE && dstC % vl == 0 && os >= vl) {
            int whole = os / vl * vl;
            for (int j = 0; j < b; j++) {
                for (int c0 = 0; c0 < dstC; c0 += vl) {
                    int to = ((n0 + j) * dstC + c0) * os;
                    int from = j * os * ld + c0;
                    for (int p = 0; p < whole; p += vl) {
                        SimdGemmTranspose.transpose16(t, from + p * ld, ld, y, to + p, os);
                    }
                    // the last positions again, overlapping: rewrites a few with the same values
                    if (whole < os) {
                        SimdGemmTranspose.transpose16(t, from + (os - vl) * ld, ld, y, to + os - vl, os);
                    }
                }
            }
            return;
        }
        if (outW == rowPos) {
            for (int i = 0; i < vl; i++) {
                idx[i] = i * ld;
            }
            int whole = os / vl * vl;
            for (int j = 0; j < b; j++) {
                for (int co = 0; co < dstC; co++) {
                    int to = ((n0 + j) * dstC + co) * os;
                    int from = j * os * ld + co;
                    for (int p = 0; p < whole; p += vl) {
                        FloatVector.fromArray(SimdConvLayout.SPECIES, t, from + p * ld, idx, 0).intoArray(y, to + p);
                    }
                    for (int p = whole; p < os; p++) {
                        y[to + p] = t[from + p * ld];
                    }
                }
            }
            return;
        }
        for (int j = 0; j < b; j++) {
            for (int co = 0; co < dstC; co++) {
                int to = ((n0 + j) * dstC + co) * os;
                for (int oh = 0; oh < outH; oh++) {
                    int from = ((j * outH + oh) * rowPos) * ld + co;
                    int yo = to + oh * outW;
                    for (int ow = 0; ow < outW; ow++) {
                        y[yo + ow] = t[from + ow * ld];
                    }
                }
            }
        }
    }
}
