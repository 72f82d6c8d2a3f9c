package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward weight of the channel-vectorised path ({@link SimdConvChannels}): dWeight^T[step][channel] is summed
 * over the real output positions only, six steps × four vectors of output channels per kernel call
 * ({@link SimdConvChannelsWeightMicro#weight6x4}; eight steps × two vectors for a last block of 32 channels, which
 * measured slower than the wide path's kernel, so the dispatcher sends only multiples of 64 channels here). dOut
 * is gathered into [position][channel] per sub-batch; the source stays in the padded planes of
 * {@link SimdConvLayout}. Per-chunk partial sums are added once at the end, so
 * threads never share a cache line while they work.
 */
final class SimdConvChannelsWeight {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;
    private static final int CO = SimdConvChannelsMicro.CO;
    /** Steps are padded to a multiple of both kernels' step counts (8 and 6). */
    private static final int STEPS = 24;
    /** Floats of transposed dOut per sub-batch: 128 KB, so it stays in L2 next to the source while calls sweep it. */
    private static final int DOUT_BUDGET = 32 * 1024;
    /**
     * The same for the row-step kernel: each call sweeps one 32-channel block, so a 64 KB budget keeps a block within
     * 32 KB of L1 on 64-channel layers (measured 2-3% faster than 128 KB on CIFAR ResNet's 8x8 and 16x16 layers).
     */
    private static final int ROW_STEP_DOUT_BUDGET = 16 * 1024;

    private SimdConvChannelsWeight() {}

    /** 5-wide kernel rows and output channels in whole vectors: the kernels of {@link SimdConvTriples#weight5x3x1}. */
    static boolean fives(SimdConvLayout l) {
        return SimdConvTriples.rowsOf(l, 5) && l.dstC % SimdConvTriples.NARROW == 0;
    }

    static void run(SimdConvLayout l, float[] x, float[] dy, float[] dw, float[] db, int budget) {
        run(l, x, dy, dw, db, budget, SimdConvTriples.ENABLED);
    }

    /**
     * As above; {@code rowSteps} allows the row-step kernels of {@link SimdConvTriples} where they apply (3-wide
     * kernels; 5-wide kernels with output channels in whole vectors).
     */
    static void run(SimdConvLayout l, float[] x, float[] dy, float[] dw, float[] db, int budget, boolean rowSteps) {
        run(l, 1, 1, x, dy, dw, db, budget, rowSteps);
    }

    /**
     * As above for a convolution of strides {@code sh, sw} (1D/2D) whose stride-1 layout is {@code l}: output
     * (oh, ow) is the stride-1 output (oh*sh, ow*sw), so its taps read the same padded planes, {@code sw} apart along
     * a row. Strided layers take the row-step kernel at stride 2 along rows, else the per-tap kernels.
     */
    static void run(SimdConvLayout l, int sh, int sw, float[] x, float[] dy, float[] dw, float[] db, int budget,
            boolean rowSteps) {
        boolean strided = sh != 1 || sw != 1;
        int kind = rowSteps ? rowStepKind(l, sw, strided) : 0;
        int outH = (l.out[1] - 1) / sh + 1;
        int outW = (l.out[2] - 1) / sw + 1;
        int os = outH * outW;
        int doutBudget = kind != 0 ? ROW_STEP_DOUT_BUDGET : DOUT_BUDGET;
        int ld = SimdConvChannels.channelsPadded(l);
        int steps = l.srcC * l.taps;
        // whole calls: 24 steps for the per-tap kernels (8 and 6 steps) and the 3-wide one (12), 25 for the 5-wide
        int per = kind == 5 ? 25 : STEPS;
        int stepsPadded = (steps + per - 1) / per * per;
        int accFloats = stepsPadded * ld;
        int chunks = Math.min(Parallel.threads(), l.batch);
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        for (int c = 0; c < chunks; c++) {
            cw.partial(c, accFloats);
            cw.biasPartial(c, l.dstC);
        }
        int perChunk = (l.batch + chunks - 1) / chunks;
        int sub = Math.min(l.subBatch(perChunk, budget), Math.max(1, doutBudget / (os * ld)));
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                float[] acc = cw.partial(c, accFloats);
                Arrays.fill(acc, 0, accFloats, 0f);
                float[] bacc = cw.biasPartial(c, l.dstC);
                Arrays.fill(bacc, 0, l.dstC, 0f);
                int from = (int) ((long) l.batch * c / chunks);
                int to = (int) ((long) l.batch * (c + 1) / chunks);
                range(l, sh, sw, outH, outW, x, dy, from, to, sub, acc, ld, stepsPadded, bacc, kind);
            }
        });
        float[][] parts = new float[chunks][];
        for (int c = 0; c < chunks; c++) {
            parts[c] = cw.partial(c, accFloats);
        }
        // the partial sums are reduced on all threads, reading each row of steps once, in order
        Parallel.forRange(steps, 64, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                for (int co = 0; co < l.dstC; co++) {
                    float v = parts[0][s * ld + co];
                    for (int c = 1; c < chunks; c++) {
                        v += parts[c][s * ld + co];
                    }
                    dw[co * steps + s] = v;
                }
            }
        });
        if (db != null) {
            for (int co = 0; co < l.dstC; co++) {
                float v = 0f;
                for (int c = 0; c < chunks; c++) {
                    v += cw.biasPartial(c, l.dstC)[co];
                }
                db[co] = v;
            }
        }
    }

    /**
     * The row-step kernel for these kernel rows: 3 (three neighbouring taps, at stride 1 or 2 along rows, the latter
     * on weight4x2Stride2), 5 (five-wide rows of a stride-1 convolution), or 0 for the per-tap kernels.
     */
    private static int rowStepKind(SimdConvLayout l, int sw, boolean strided) {
        if (sw <= 2 && SimdConvTriples.applies(l)) {
            return 3;
        }
        return !strided && fives(l) ? 5 : 0;
    }

    private static void range(SimdConvLayout l, int sh, int sw, int outH, int outW, float[] x, float[] dy, int from,
            int to, int sub, float[] acc, int ld, int stepsPadded, float[] bacc, int kind) {
        SimdConvWorkspace ws = SimdConvWorkspace.worker();
        int bMax = Math.max(1, Math.min(sub, to - from));
        float[] xp = ws.source(l.sourceFloats(bMax));
        int[] offs = ws.offsets(stepsPadded);
        int os = outH * outW;
        int[] rowBase = new int[bMax * outH];
        int[] idx = new int[VL];
        for (int i = 0; i < VL; i++) {
            idx[i] = i * os;
        }
        for (int n0 = from; n0 < to; n0 += bMax) {
            int b = Math.min(bMax, to - n0);
            l.packSource(x, n0, b, xp);
            l.stepOffsets(b, offs);
            // padded steps read valid memory; their sums land in rows nobody reads
            Arrays.fill(offs, l.srcC * l.taps, stepsPadded, 0);
            float[] dyT = ws.wide(b * os * ld);
            int rows = b * outH;
            for (int k = 0; k < rows; k++) {
                int j = k / outH;
                rowBase[k] = j * l.plane + (k - j * outH) * sh * l.padded[2];
            }
            if (kind == 5) {
                // dOut in blocks of one vector of channels, [block][position][VL]
                int narrow = SimdConvTriples.NARROW;
                transpose(l.dstC, os, dy, n0, b, dyT, narrow, (l.dstC + narrow - 1) / narrow * narrow, idx, bacc);
                int positions = b * os;
                for (int cb = 0; cb < l.dstC; cb += narrow) {
                    int p0 = cb / narrow * positions;
                    for (int s = 0; s < stepsPadded; s += 25) {
                        SimdConvTriples.weight5x3x1(xp, rowBase, rows, outW, offs[s], offs[s + 5], offs[s + 10],
                                dyT, p0, acc, s * ld + cb, ld);
                        SimdConvTriples.weight5x2x1(xp, rowBase, rows, outW, offs[s + 15], offs[s + 20], dyT, p0,
                                acc, (s + 15) * ld + cb, ld);
                    }
                }
                continue;
            }
            if (kind == 3) {
                // dOut in blocks of CO channels, [block][position][CO]; block cb starts at position cb * positions
                transpose(l.dstC, os, dy, n0, b, dyT, CO, ld, idx, bacc);
                int positions = b * os;
                for (int cb = 0; cb < ld; cb += CO) {
                    int p0 = cb / CO * positions;
                    for (int s = 0; s < stepsPadded; s += 3 * SimdConvTriples.ROW_STEPS) {
                        if (sw == 2) {
                            SimdConvTriples.weight4x2Stride2(xp, rowBase, rows, outW, offs[s], offs[s + 3],
                                    offs[s + 6], offs[s + 9], dyT, p0, acc, s * ld + cb, ld);
                        } else {
                            SimdConvTriples.weight4x2(xp, rowBase, rows, outW, offs[s], offs[s + 3], offs[s + 6],
                                    offs[s + 9], dyT, p0, acc, s * ld + cb, ld);
                        }
                    }
                }
                continue;
            }
            transpose(l.dstC, os, dy, n0, b, dyT, ld, ld, idx, bacc);
            int cb = 0;
            for (; cb + 2 * CO <= ld; cb += 2 * CO) {
                for (int s = 0; s < stepsPadded; s += 6) {
                    SimdConvChannelsWeightMicro.weight6x4(xp, rowBase, rows, outW, sw, offs[s], offs[s + 1], offs[s + 2],
                            offs[s + 3], offs[s + 4], offs[s + 5], dyT, 0, cb, acc, s * ld + cb, ld);
                }
            }
            for (; cb < ld; cb += CO) {
                for (int s = 0; s < stepsPadded; s += 8) {
                    SimdConvChannelsWeightMicro.weight8x2(xp, rowBase, rows, outW, sw, offs[s], offs[s + 1], offs[s + 2],
                            offs[s + 3], offs[s + 4], offs[s + 5], offs[s + 6], offs[s + 7], dyT, 0, cb, acc,
                            s * ld + cb, ld);
                }
            }
        }
    }

    /**
     * dOut of images [n0, n0+b) into blocks of {@code bw} channels, [block][j*outSpatial + p][bw], zero for channels
     * past dstC up to {@code padded}: one gather per 16 channels. With bw = the padded channel count that is a single
     * block, [position][channel]. The bias gradient is summed on the way ({@code bacc[co] +=} each image's sum, in
     * position order), so dOut is read once.
     */
    private static void transpose(int dstC, int os, float[] dy, int n0, int b, float[] dyT, int bw, int padded,
            int[] idx, float[] bacc) {
        int positions = b * os;
        for (int j = 0; j < b; j++) {
            int img = (n0 + j) * dstC * os;
            for (int co = 0; co < padded; co += VL) {
                int block = co / bw;
                int at = (block * positions + j * os) * bw + co - block * bw;
                if (co + VL <= dstC) {
                    int src = img + co * os;
                    FloatVector sum = FloatVector.zero(S);
                    for (int p = 0; p < os; p++) {
                        FloatVector v = FloatVector.fromArray(S, dy, src + p, idx, 0);
                        v.intoArray(dyT, at + p * bw);
                        sum = sum.add(v);
                    }
                    sum.add(FloatVector.fromArray(S, bacc, co)).intoArray(bacc, co);
                } else if (co < dstC) {
                    // a partial block (only when forced onto layers whose channels are no multiple of 32)
                    for (int i = 0; i < VL; i++) {
                        float sum = 0f;
                        for (int p = 0; p < os; p++) {
                            float v = co + i < dstC ? dy[img + (co + i) * os + p] : 0f;
                            dyT[at + p * bw + i] = v;
                            sum += v;
                        }
                        if (co + i < dstC) {
                            bacc[co + i] += sum;
                        }
                    }
                } else {
                    FloatVector z = FloatVector.zero(S);
                    for (int p = 0; p < os; p++) {
                        z.intoArray(dyT, at + p * bw);
                    }
                }
            }
        }
    }
}
