package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import java.util.Arrays;

/**
 * Strided training convolutions vectorised over channels with the implicit-GEMM kernels of
 * {@link SimdConvChannelsMicro}, computing only real outputs. The wide kernels on phase planes
 * ({@link SimdConvStridedForward}, {@link SimdConvStridedBackward}) computed every phase-plane position (81 per 64
 * outputs on CIFAR ResNet's 16x16 -> 8x8 layer) over few channels, and gathered the phases first.
 * <ul>
 *   <li>Forward and backward weight: a strided output is the stride-1 output at s times its coordinates, so the
 *       passes read the stride-1 layout's padded planes ({@link SimdConvLayout}, one contiguous copy per row) with
 *       an output's taps a stride apart from the next output's.</li>
 *   <li>Backward data: phase by phase over dOut padded as in {@link SimdConvStridedPlan#dOutLayout}, vectorised over
 *       input channels; a phase's consecutive positions are input positions a stride apart, written straight into
 *       whole input rows of a [position][channel] buffer that one transpose turns into NCHW.</li>
 * </ul>
 */
final class SimdConvStridedChannels {
    private static final int POS = SimdConvChannelsMicro.POS;
    private static final int CO = SimdConvChannelsMicro.CO;
    /** Packed source floats per sub-batch (256 KB), as SimdConvSmall's channel path. */
    private static final int SOURCE_BUDGET = 64 * 1024;
    /** Packed source floats per sub-batch of backward weight (1 MB), as SimdConvSmall's. */
    private static final int WEIGHT_SOURCE_BUDGET = 256 * 1024;
    /**
     * Weight floats per (channel block, step block): 24 KB, half of L1. ResNet-20's 16->32 forward takes all 16 input
     * channels in one block then: 1.48 ms against 1.61 with 16 KB (two blocks of 8), per pass on two threads.
     */
    private static final int WEIGHT_BLOCK = 6144;
    /** Pack-cache kind of the backward-data weights (the forward's are SimdConvChannels's kind 20). */
    private static final int DATA_KIND = 22;
    /** -Dfovea.conv.stridedChannels=false keeps strided layers on the wide phase-plane kernels (A/B). */
    private static final boolean ENABLED = !"false".equals(System.getProperty("fovea.conv.stridedChannels"));

    private SimdConvStridedChannels() {}

    /**
     * Training strided convolutions (one group, dilation 1, a batch that fills the threads) of 1D/2D planes whose
     * output channels fill whole kernel blocks.
     */
    static boolean applies(ConvGeometry g) {
        return ENABLED && SimdConvStridedBackward.applies(g) && g.spatialDims() <= 2 && g.outChannels() % CO == 0;
    }

    /**
     * The stride-1 layout of the same input and padding: a strided output is the stride-1 one at s times its
     * coordinates, so its taps read the same padded planes (one contiguous copy per row, no phase gather).
     */
    private static SimdConvLayout unitStride(ConvGeometry g) {
        return new SimdConvLayout(g.batch(), g.inChannels(), g.outChannels(), 1, SimdConv.to3d(g.inSize(), 1),
                SimdConv.to3d(g.padBegin(), 0), SimdConv.to3d(g.padEnd(), 0), SimdConv.to3d(g.kernel(), 1),
                new int[] {1, 1, 1});
    }

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db) {
        int[] st = SimdConv.to3d(g.stride(), 1);
        SimdConvChannelsWeight.run(unitStride(g), st[1], st[2], x, dy, dw, db, WEIGHT_SOURCE_BUDGET,
                SimdConvTriples.ENABLED);
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int[] st = SimdConv.to3d(g.stride(), 1);
        SimdConvLayout l = unitStride(g);
        int steps = l.srcC * l.taps;
        int ld = l.dstC;
        // kind 20: SimdConvChannels's packing, which depends only on channels and taps
        float[] wq = SimdConvPackCache.packed(w, new SimdConvPackCache.Layout(20, 1, l.srcC, l.dstC, l.taps, CO, 1, 1,
                1, 1), ld * steps, buf -> SimdConvChannels.packWeights(l, w, false, CO, buf));
        int[] out = SimdConv.to3d(g.outSize(), 1);
        int outH = out[1];
        int outW = out[2];
        int segs = (outW + POS - 1) / POS;
        int rowPos = segs * POS;
        int perThread = (g.batch() + Parallel.threads() - 1) / Parallel.threads();
        int sub = l.subBatch(perThread, SOURCE_BUDGET);
        // source channels in equal blocks whose weights fit WEIGHT_BLOCK: a short last block costs a whole pass
        // over the partial sums for few steps
        int perBlock = Math.max(1, WEIGHT_BLOCK / (l.taps * CO));
        int blocks = (l.srcC + perBlock - 1) / perBlock;
        int stepBlock = (l.srcC + blocks - 1) / blocks * l.taps;
        int rowStep = st[1] * l.padded[2];
        int colStep = st[2];
        int segStep = POS * colStep;
        // a row's last segment reads up to rowPos * stride positions past where the stride-1 outputs end
        int extra = rowPos * colStep;
        Parallel.forRange(g.batch(), (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int bMax = Math.min(sub, to - from);
            float[] xp = ws.source(l.sourceFloats(bMax) + extra);
            int[] offs = ws.offsets(steps);
            int[] idx = new int[SimdConvLayout.VL];
            float[] biasRow = new float[ld];
            for (int n0 = from; n0 < to; n0 += bMax) {
                int bs = Math.min(bMax, to - n0);
                l.packSource(x, n0, bs, xp);
                l.stepOffsets(bs, offs);
                int rows = bs * outH;
                float[] t = ws.wide(rows * rowPos * ld);
                SimdConvChannels.initBias(t, rows * rowPos, ld, bias, ld, biasRow);
                for (int cb = 0; cb < ld / CO; cb++) {
                    int wb = cb * steps * CO;
                    for (int s0 = 0; s0 < steps; s0 += stepBlock) {
                        int s1 = Math.min(steps, s0 + stepBlock);
                        for (int row = 0; row < rows; row++) {
                            int j = row / outH;
                            int xb = j * l.plane + (row - j * outH) * rowStep;
                            for (int sg = 0; sg < segs; sg++) {
                                int tb = (row * segs + sg) * POS * ld + cb * CO;
                                if (colStep == 2) {
                                    SimdConvChannelsMicro.tile8x2Stride2(xp, xb + sg * segStep, offs, s0, s1, wq, wb,
                                            t, tb, ld);
                                } else {
                                    SimdConvChannelsMicro.tile8x2Strided(xp, xb + sg * segStep, colStep, offs, s0,
                                            s1, wq, wb, t, tb, ld);
                                }
                            }
                        }
                    }
                }
                SimdConvChannels.unpack(ld, outH, outW, t, ld, rowPos, n0, bs, y, idx);
            }
        });
    }

    // ---------------------------------------------------------------- backward data

    /**
     * Backward data runs here when the input channels fill the kernels' vectors: sixteen ({@link
     * SimdConvChannelsMicro#tile16x1}) or a multiple of 32 ({@link SimdConvChannelsMicro#tile8x2}).
     */
    static boolean appliesToData(ConvGeometry g) {
        return applies(g) && (g.inChannels() == SimdConvLayout.VL || g.inChannels() % CO == 0);
    }

    /**
     * dInput phase by phase: phase plane p of dInput is a stride-1 correlation of dOut (padded by kp - 1) with the
     * phase's taps ({@link SimdConvStridedPlan}), vectorised over input channels. Consecutive phase positions of a
     * row are input positions s apart, so the kernels write their sums s positions apart into a [position][channel]
     * buffer of whole input rows, which every phase fills in turn and one transpose turns into NCHW. Rows of that
     * buffer are padded so a phase's last segment of a row stays inside its row.
     */
    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        SimdConvStridedPlan p = new SimdConvStridedPlan(g);
        SimdConvLayout l = p.dOutLayout();
        boolean narrow = p.cin <= SimdConvLayout.VL;
        int bw = narrow ? SimdConvLayout.VL : CO;
        int pos = narrow ? SimdConvChannelsMicro.POS_WIDE : POS;
        int ld = (p.cin + bw - 1) / bw * bw;
        int steps = p.dataSteps();
        float[] wq = SimdConvPackCache.packed(w, new SimdConvPackCache.Layout(DATA_KIND, 1, p.cin, p.cout, p.k[1],
                p.k[2], p.s[1], p.s[2], bw, 1), ld * steps, buf -> packDataWeights(p, w, bw, buf));
        int inH = p.in[1];
        int inW = p.in[2];
        int rowFloats = 0;
        for (int ph = 0; ph < p.phases; ph++) {
            int[] r = p.insideRange(ph);
            int segs = (r[5] - r[4] + pos - 1) / pos;
            if (r[5] > r[4] && r[3] > r[2]) {
                rowFloats = Math.max(rowFloats, (r[4] + segs * pos - 1) * p.s[2] + p.residue[ph][2] - p.pad[2] + 1);
            }
        }
        int rowPos = Math.max(inW, rowFloats);
        int perThread = (g.batch() + Parallel.threads() - 1) / Parallel.threads();
        int sub = l.subBatch(perThread, SOURCE_BUDGET);
        Parallel.forRange(g.batch(), (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int bMax = Math.min(sub, to - from);
            float[] src = ws.source(l.sourceFloats(bMax));
            int[] offs = ws.offsets(steps);
            int[] idx = new int[SimdConvLayout.VL];
            float[] zeroRow = new float[ld];
            for (int n0 = from; n0 < to; n0 += bMax) {
                int b = Math.min(bMax, to - n0);
                l.packSource(dy, n0, b, src);
                p.dataOffsets(l, b, offs);
                float[] t = ws.wide(b * inH * rowPos * ld);
                // inputs no phase position reaches (past the last window) keep a zero gradient
                SimdConvChannels.initBias(t, b * inH * rowPos, ld, null, p.cin, zeroRow);
                for (int ph = 0; ph < p.phases; ph++) {
                    dataPhase(p, l, ph, src, offs, wq, bw, pos, ld, t, b, rowPos);
                }
                SimdConvChannels.unpack(p.cin, inH, inW, t, ld, rowPos, n0, b, dx, idx);
            }
        });
    }

    /** One phase of every image of a sub-batch: its steps in blocks whose weights fit WEIGHT_BLOCK. */
    private static void dataPhase(SimdConvStridedPlan p, SimdConvLayout l, int ph, float[] src, int[] offs,
            float[] wq, int bw, int pos, int ld, float[] t, int b, int rowPos) {
        int[] r = p.insideRange(ph);
        int n = p.phaseTaps[ph];
        int segs = (r[5] - r[4] + pos - 1) / pos;
        int perBlock = Math.max(1, WEIGHT_BLOCK / (n * bw));
        int blocks = (p.cout + perBlock - 1) / perBlock;
        int coBlock = (p.cout + blocks - 1) / blocks;
        int ob = p.offBase[ph];
        int inH = p.in[1];
        int sh = p.s[1];
        int sw = p.s[2];
        int tStride = sw * ld;
        for (int cb = 0; cb < ld; cb += bw) {
            int wb = cb * p.dataSteps();
            for (int c0 = 0; c0 < p.cout; c0 += coBlock) {
                int s0 = ob + c0 * n;
                int s1 = ob + Math.min(p.cout, c0 + coBlock) * n;
                for (int j = 0; j < b; j++) {
                    for (int jy = r[2]; jy < r[3]; jy++) {
                        int iy = jy * sh + p.residue[ph][1] - p.pad[1];
                        int xb = j * l.plane + jy * l.padded[2];
                        int tb = ((j * inH + iy) * rowPos + p.residue[ph][2] - p.pad[2]) * ld + cb;
                        for (int sg = 0; sg < segs; sg++) {
                            int jx = r[4] + sg * pos;
                            if (pos == POS) {
                                SimdConvChannelsMicro.tile8x2(src, xb + jx, offs, s0, s1, wq, wb, t,
                                        tb + jx * tStride, tStride);
                            } else {
                                SimdConvChannelsMicro.tile16x1(src, xb + jx, offs, s0, s1, wq, wb, t,
                                        tb + jx * tStride, tStride);
                            }
                        }
                    }
                }
            }
        }
        // a row's last segment also computed the phase positions past its range; those inside the row are inputs no
        // window reaches (their gradient is zero), not owned by any other phase
        int rw = p.residue[ph][2] - p.pad[2];
        for (int jx = r[5]; jx < r[4] + segs * pos && jx * sw + rw < p.in[2]; jx++) {
            for (int j = 0; j < b; j++) {
                for (int jy = r[2]; jy < r[3]; jy++) {
                    int iy = jy * sh + p.residue[ph][1] - p.pad[1];
                    int at = ((j * inH + iy) * rowPos + jx * sw + rw) * ld;
                    Arrays.fill(t, at, at + ld, 0f);
                }
            }
        }
    }

    /**
     * Backward-data weights [input-channel block][step][bw] over the plan's data steps (phase p's step {@code
     * offBase[p] + co*n + i} is dOut channel co with the phase's tap i), zero past cin.
     */
    private static void packDataWeights(SimdConvStridedPlan p, float[] w, int bw, float[] wq) {
        int steps = p.dataSteps();
        int blocks = (p.cin + bw - 1) / bw;
        for (int ph = 0; ph < p.phases; ph++) {
            int n = p.phaseTaps[ph];
            for (int co = 0; co < p.cout; co++) {
                for (int i = 0; i < n; i++) {
                    int step = p.offBase[ph] + co * n + i;
                    int tap = p.phaseTap[ph][i];
                    for (int cb = 0; cb < blocks; cb++) {
                        for (int c = 0; c < bw; c++) {
                            int ci = cb * bw + c;
                            wq[(cb * steps + step) * bw + c] = ci < p.cin ? w[(co * p.cin + ci) * p.taps + tap] : 0f;
                        }
                    }
                }
            }
        }
    }
}
