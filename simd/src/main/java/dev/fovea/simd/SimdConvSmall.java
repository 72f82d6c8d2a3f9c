package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;

/**
 * Stride-1 convolution of small 1D/2D planes, where the wide layout of {@link SimdConvLayout} computes many
 * positions only to drop them (8x8 with padding 1: 81 positions per 64 outputs; 14x14 with a 5x5 kernel and no
 * padding: 196 per 100). Two paths, picked by a cost rule and tried before the wide one:
 * <ul>
 *   <li>{@link SimdConvChannels} (forward, backward data) and {@link SimdConvChannelsWeight} (backward weight):
 *       vectorised over output channels, only real output positions computed; for layers whose channels fill
 *       whole vectors (CIFAR ResNet's 16x16 and 8x8 stages, LeNet-5's second convolution);</li>
 *   <li>{@link SimdConvRows}: the wide kernels of {@link SimdConvMicro} on row-interleaved planes without
 *       vertical waste, for forward and backward data of other layers with much horizontal waste.</li>
 * </ul>
 * The entry points return false when neither applies, and the caller runs the wide path. Work is split over the
 * batch, so these paths need at least one image per thread.
 */
final class SimdConvSmall {
    /** Packed source floats per sub-batch (1 MB): it stays in L2 while every row block sweeps it. */
    private static final int SOURCE_BUDGET = 256 * 1024;
    /**
     * Packed source floats per sub-batch of the channel-vectorised forward and backward data (256 KB): its
     * [position][channel] sums take as much L2 again, and the other passes' data of a training step want the rest
     * (forward + backward data + backward weight in a row, per core: 8x8x64 13.1 -> 12.1 ms, 16x16x32 14.5 -> 13.0 ms
     * against the 1 MB of SOURCE_BUDGET).
     */
    private static final int CHANNELS_BUDGET = 64 * 1024;
    /**
     * -Dfovea.conv.small=off keeps everything on the wide layout; "on"/"replicate" force the row layouts and
     * "channels" the channel-vectorised path wherever they can run (for measuring each against the others).
     */
    private static final String MODE = System.getProperty("fovea.conv.small", "auto");
    /**
     * The row layout must compute this many times fewer positions than the wide one to pay: its vertical taps are
     * a whole row slot apart, so a tile touches three times the cache lines per channel (measured on 8x8 and
     * 16x16 planes with 3x3 kernels, 11% and 6% fewer positions ran 10-20% slower; 14x14 with 5x5 and no padding,
     * 28% fewer, ran 20% faster).
     */
    private static final double WORTH = 1.25;
    /** The channel-vectorised path runs when fewer than this share of the wide plane's positions are outputs. */
    private static final double CHANNELS_BELOW = 0.9;
    /** Output floats per image up to which the channel-vectorised path runs (256 KB). */
    private static final int CHANNELS_MAX_IMAGE = 1 << 16;

    private SimdConvSmall() {}

    static boolean forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        SimdConvLayout c = channels(g, false, MODE);
        if (c != null) {
            SimdConvChannels.run(c, x, w, false, bias, y, CHANNELS_BUDGET);
            return true;
        }
        SimdConvRows r = rows(g, false, MODE);
        if (r == null) {
            return false;
        }
        run(r, x, w, false, bias, y, SOURCE_BUDGET);
        return true;
    }

    static boolean backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        SimdConvLayout c = channels(g, true, MODE);
        if (c != null) {
            SimdConvChannels.run(c, dy, w, true, null, dx, CHANNELS_BUDGET);
            return true;
        }
        SimdConvRows r = rows(g, true, MODE);
        if (r == null) {
            return false;
        }
        run(r, dy, w, true, null, dx, SOURCE_BUDGET);
        return true;
    }

    static boolean backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db) {
        SimdConvLayout c = channels(g, false, MODE);
        // the 64-channel kernel beat the wide path by 6% per core on 8x8 planes; the 32-channel one lost, but the
        // row-step kernel for 3-wide kernels (SimdConvTriples) won by 10% on 16x16 planes with 32 channels
        int block = SimdConvTriples.ENABLED && c != null && SimdConvTriples.applies(c) ? 1 : 2;
        // 5-wide kernels with 16 output channels (LeNet-5's second convolution): one-vector row-step kernel
        boolean fives = SimdConvTriples.ENABLED && c != null && SimdConvChannelsWeight.fives(c);
        if (c != null && (fives || c.dstC % (block * SimdConvChannelsMicro.CO) == 0 || "channels".equals(MODE))) {
            SimdConvChannelsWeight.run(c, x, dy, dw, db, SOURCE_BUDGET);
            return true;
        }
        // the row layout's backward weight (vectorised over positions) measured 10% slower than the wide path's
        // on LeNet-5's second convolution, so backward weight stays there
        return false;
    }

    /**
     * The wide layout for the channel-vectorised path of a pass ({@link SimdConvChannels}), or null when it should
     * not run. Rule ({@code mode} "auto"): one group, 1D/2D, a batch that fills the threads, destination channels
     * in whole kernel blocks (32, or 16 on rows of ten), at most {@link #CHANNELS_MAX_IMAGE} output floats per
     * image, and a wide plane where at least 10% of the positions are not outputs (8x8 and 16x16 planes with 3x3
     * kernels and padding 1: measured 15% and 10% faster per core than the wide kernel). "channels" forces it
     * whenever it can run.
     */
    static SimdConvLayout channels(ConvGeometry g, boolean backwardData, String mode) {
        boolean forced = "channels".equals(mode);
        if (!forced && !"auto".equals(mode) || g.groups() != 1 || g.spatialDims() > 2
                || g.batch() < Parallel.threads()) {
            return null;
        }
        int[] k = SimdConv.to3d(g.kernel(), 1);
        int[] dl = SimdConv.to3d(g.dilation(), 1);
        int[] pb = SimdConv.to3d(g.padBegin(), 0);
        int[] pe = SimdConv.to3d(g.padEnd(), 0);
        if (backwardData) {
            for (int i = 0; i < 3; i++) {
                int span = dl[i] * (k[i] - 1);
                pb[i] = span - pb[i];
                pe[i] = span - pe[i];
                if (pb[i] < 0 || pe[i] < 0) {
                    return null;
                }
            }
        }
        SimdConvLayout l = backwardData
                ? new SimdConvLayout(g.batch(), g.outChannels(), g.inChannels(), 1, SimdConv.to3d(g.outSize(), 1),
                        pb, pe, k, dl)
                : new SimdConvLayout(g.batch(), g.inChannels(), g.outChannels(), 1, SimdConv.to3d(g.inSize(), 1),
                        pb, pe, k, dl);
        if (forced) {
            return l;
        }
        // whole kernel blocks, or exactly one vector of channels on rows of ten (LeNet-5 conv2 forward: 20% faster
        // per core than the wide kernel, 10% faster than the row layout)
        boolean wholeBlocks = l.dstC % SimdConvChannelsMicro.CO == 0
                || l.dstC == SimdConvLayout.VL && SimdConvChannels.narrow(l);
        // partial sums are kept per image as [position][channel]: small planes only
        boolean small = (long) l.outSpatial * l.dstC <= CHANNELS_MAX_IMAGE;
        return wholeBlocks && small && l.outSpatial < CHANNELS_BELOW * l.plane ? l : null;
    }

    /**
     * The layout for a pass, or null when the wide path should run. The source is the input (forward, backward
     * weight) or dOut padded by {@code dil*(K-1) - pad} (backward data, as a stride-1 convolution with transposed,
     * flipped weights; never negative padding). The cost rule ({@code mode} "auto"): the row layout when the
     * batch fills the threads, the plane is 1D/2D, the layer is not depthwise (it has its own kernels) and the
     * wide plane computes {@link #WORTH} times more positions. "on" and "replicate" force either row layout,
     * "off" none.
     */
    static SimdConvRows rows(ConvGeometry g, boolean backwardData, String mode) {
        int d = g.spatialDims();
        if ("off".equals(mode) || "channels".equals(mode) || d > 2 || g.batch() < Parallel.threads()
                || (g.groups() == g.inChannels() && g.groups() > 1)) {
            return null;
        }
        int[] s = to2d(backwardData ? g.outSize() : g.inSize(), 1);
        int[] pb = to2d(g.padBegin(), 0);
        int[] pe = to2d(g.padEnd(), 0);
        int[] k = to2d(g.kernel(), 1);
        int[] dl = to2d(g.dilation(), 1);
        if (backwardData) {
            for (int i = 0; i < 2; i++) {
                int span = dl[i] * (k[i] - 1);
                pb[i] = span - pb[i];
                pe[i] = span - pe[i];
                if (pb[i] < 0 || pe[i] < 0) {
                    return null;
                }
            }
        }
        int srcC = backwardData ? g.outChannels() : g.inChannels();
        int dstC = backwardData ? g.inChannels() : g.outChannels();
        SimdConvRows shared = new SimdConvRows(g.batch(), srcC, dstC, g.groups(), s, pb, pe, k, dl, false);
        if ("auto".equals(mode)) {
            return shared.efficiency() >= WORTH * wideEfficiency(s, pb, pe, k, dl) ? shared : null;
        }
        // replicating rows per column tap wastes nothing but costs KW times the packing: measured slower on
        // every benchmark shape, so only selectable by hand
        return "replicate".equals(mode) ? new SimdConvRows(g.batch(), srcC, dstC, g.groups(), s, pb, pe, k, dl, true)
                : shared;
    }

    /** Share of the wide layout's plane that is output (see {@link SimdConvLayout}). */
    private static double wideEfficiency(int[] s, int[] pb, int[] pe, int[] k, int[] dl) {
        double e = 1;
        for (int d = 0; d < 2; d++) {
            int span = dl[d] * (k[d] - 1);
            int padded = SimdConvRows.sharedRowWidth(s[d], pb[d], pe[d], span);
            e *= (double) (s[d] + pb[d] + pe[d] - span) / padded;
        }
        return e;
    }

    // ---------------------------------------------------------------- forward and backward data

    /** Forward ({@code transposeFlip} false) or backward data on the given layout, sub-batches of budget floats. */
    static void run(SimdConvRows r, float[] src, float[] w, boolean transposeFlip, float[] bias, float[] dst,
            int budget) {
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        // the wide layout's weight packing depends only on channels, groups and taps, which both layouts share
        SimdConvLayout packer = new SimdConvLayout(1, r.srcC, r.dstC, r.groups, new int[] {1, 1, 1},
                new int[3], new int[3], new int[] {1, r.kh, r.kw}, new int[] {1, 1, 1});
        float[] wp = cw.weights(packer.packedWeightFloats());
        packer.packWeights(w, transposeFlip, wp);
        float[] b = bias != null ? bias : cw.zeros(r.dstC);
        int perThread = (r.batch + Parallel.threads() - 1) / Parallel.threads();
        int sub = r.subBatch(perThread, budget);
        Parallel.forRange(r.batch, (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int bMax = Math.min(sub, to - from);
            float[] xp = ws.source(r.sourceFloats(bMax));
            int[] offs = ws.offsets(r.srcCg * r.taps);
            for (int n0 = from; n0 < to; n0 += bMax) {
                int bs = Math.min(bMax, to - n0);
                r.packSource(src, n0, bs, xp);
                r.stepOffsets(bs, offs);
                int tiles = (r.positions(bs) + SimdConvLayout.TILE - 1) / SimdConvLayout.TILE;
                int rowStride = tiles * SimdConvLayout.TILE;
                float[] yw = ws.wide(r.dstC * rowStride);
                tiles(r, xp, r.groupFloats(bs), offs, wp, b, yw, rowStride, tiles);
                r.unpackOutput(yw, rowStride, n0, bs, dst);
            }
        });
    }

    /** Every tile of positions for every group and block of destination channels. */
    private static void tiles(SimdConvRows r, float[] xp, int groupFloats, int[] offs, float[] wp, float[] bias,
            float[] yw, int rowStride, int tiles) {
        int steps = r.srcCg * r.taps;
        int rowsPer = SimdConvMicro.ROWS;
        int blocks = (r.dstCg + rowsPer - 1) / rowsPer;
        for (int g = 0; g < r.groups; g++) {
            int xg = g * groupFloats;
            for (int tile = 0; tile < tiles; tile++) {
                int q0 = tile * SimdConvLayout.TILE;
                for (int rb = 0; rb < blocks; rb++) {
                    int r0 = rb * rowsPer;
                    int co = g * r.dstCg + r0;
                    int wb = (g * blocks + rb) * steps * rowsPer;
                    int rows = Math.min(rowsPer, r.dstCg - r0);
                    int yb = co * rowStride + q0;
                    SimdConvMicro.forwardRows(rows, xp, xg + q0, offs, steps, wp, wb, bias, co, yw, yb, rowStride);
                }
            }
        }
    }

    /** {H, W} of a 1D or 2D size, a 1D one as a single row. */
    private static int[] to2d(int[] a, int fill) {
        return a.length == 2 ? a.clone() : new int[] {fill, a[0]};
    }
}
