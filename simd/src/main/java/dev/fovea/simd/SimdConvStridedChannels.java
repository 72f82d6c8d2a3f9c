package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;

/**
 * Strided training convolutions vectorised over output channels on phase planes: the phase planes of
 * {@link SimdConvStridedPlan#packPhases} make every tap a stride-1 read (tap t of output position o reads its phase
 * plane at {@code o + shift(t)}), so the implicit-GEMM kernels of {@link SimdConvChannels} run on them unchanged,
 * eight consecutive outputs of a row per call, and compute only real outputs. The wide kernels computed every
 * phase-plane position (81 per 64 outputs on CIFAR ResNet's 16x16 -> 8x8 layer) over few channels.
 */
final class SimdConvStridedChannels {
    private static final int POS = SimdConvChannelsMicro.POS;
    private static final int CO = SimdConvChannelsMicro.CO;
    /** Packed phase-plane floats per sub-batch (256 KB), as SimdConvSmall's channel path. */
    private static final int SOURCE_BUDGET = 64 * 1024;
    /** Packed source floats per sub-batch of backward weight (1 MB), as SimdConvSmall's. */
    private static final int WEIGHT_SOURCE_BUDGET = 256 * 1024;
    /** Weight floats per (channel block, step block): 16 KB, a third of L1 (as SimdConvChannels). */
    private static final int WEIGHT_BLOCK = Integer.getInteger("fovea.conv.scWeightBlock", 6144);
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
        SimdConvChannelsWeight.run(unitStride(g), st[1], st[2], x, dy, dw, db, WEIGHT_SOURCE_BUDGET, false);
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
                                SimdConvChannelsMicro.tile8x2Strided(xp, xb + sg * segStep, colStep, offs, s0, s1,
                                        wq, wb, t, (row * segs + sg) * POS * ld + cb * CO, ld);
                            }
                        }
                    }
                }
                SimdConvChannels.unpack(ld, outH, outW, t, ld, rowPos, n0, bs, y, idx);
            }
        });
    }
}
