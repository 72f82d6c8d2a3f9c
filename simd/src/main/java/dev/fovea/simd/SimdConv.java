package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Fast convolution, the dispatcher. Stride-1 convolutions (any kernel, dilation, padding, groups, 1 to 3
 * dimensions) run on the wide layout of {@link SimdConvLayout}: a direct SIMD kernel that needs no im2col
 * buffer. Backward data of a stride-1 convolution is itself a stride-1 convolution of dOut with transposed,
 * flipped weights, so it runs on the same kernel at the same speed (and so does transposed convolution).
 * Backward weight is vectorised over output channels ({@link SimdConvWeight}) when a group has at least 16 of
 * them, else over positions (here, with per-chunk vector partial sums reduced once). Depthwise layers have their
 * own per-plane stencils ({@link SimdConvDepthwise}). Small 1D/2D planes, where the wide plane is mostly padding,
 * go to {@link SimdConvSmall} first (channel-vectorised or row-interleaved, by its cost rule). Strided training
 * convolutions (one group) whose output channels fill the channel kernels run vectorised over channels on the
 * stride-1 padded planes ({@link SimdConvStridedChannels}; backward data also needs 16 or a multiple of 32 input
 * channels); the rest run on phase planes with only the kernel's taps ({@link SimdConvStridedForward},
 * {@link SimdConvStridedBackward}); others become stride-1 ones on phase
 * channels ({@link SimdConvSpaceToDepth}; at batch 1 the forward pass reads phase planes directly,
 * {@link SimdConvStrided}). Everything else (dilated strided convolutions, padding
 * wider than the dilated kernel) goes through {@link SimdConvIm2col}, im2col plus the active sgemm.
 *
 * <p>Work is split over the batch (over tiles or planes when there are fewer images than threads). Fewer images
 * than threads on the small planes of deep layers (outputs under 16 wide, at least 32 output channels) run as a
 * GEMM over output channels instead ({@link SimdConvGemm}): there the wide kernel fills few of its lanes.
 */
final class SimdConv {
    /**
     * Packed source floats per sub-batch: 512 KB, so a sub-batch's source stays in L2 next to its wide output rows
     * while it is used (1 MB measured 4-8% slower per core for a 32x32x16 forward + backward, whose output rows take as
     * much L2 again).
     */
    private static final int SOURCE_BUDGET = 128 * 1024;
    /** Positions per backward-weight pass over the accumulators: dOut rows and source columns stay in L1. */
    private static final int WEIGHT_CHUNK = 1024;

    private final SimdConvIm2col general;

    SimdConv(Kernels gemm) {
        this.general = new SimdConvIm2col(gemm);
    }

    /** Pointwise convolutions go to sgemm unless -Dfovea.conv.pointwise=wide (for measuring both). */
    private static final boolean POINTWISE_GEMM = !"wide".equals(System.getProperty("fovea.conv.pointwise"));

    private static boolean general(ConvGeometry g) {
        return !unitStride(g) || (POINTWISE_GEMM && SimdConvIm2col.isPointwise(g) && g.groups() < g.inChannels());
    }

    void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        if (SimdConvWinograd.applies(g)) {
            SimdConvWinograd.forward(g, x, w, bias, y);
            return;
        }
        if (SimdConvWinogradRows.applies(g)) {
            SimdConvWinogradRows.forward(g, x, w, bias, y);
            return;
        }
        if (g.batch() < Parallel.threads() && SimdConvWinogradSingle.applies(g)) {
            SimdConvWinogradSingle.forward(g, x, w, bias, null, false, y);
            return;
        }
        if (SimdConvGemm.applies(g)) {
            SimdConvGemm.forward(g, x, w, bias, null, false, y);
            return;
        }
        if (SimdConvStridedChannels.applies(g)) {
            SimdConvStridedChannels.forward(g, x, w, bias, y);
            return;
        }
        if (SimdConvStridedForward.applies(g)) {
            SimdConvStridedForward.forward(g, x, w, bias, y);
            return;
        }
        if (SimdConvStrided.appliesToBatches(g)) {
            SimdConvStrided.forward(g, x, w, bias, null, false, y);
            return;
        }
        if (SimdConvSpaceToDepth.applies(g)) {
            SimdConvSpaceToDepth.forward(this, g, x, w, bias, y);
            return;
        }
        if (general(g)) {
            general.forward(g, x, w, bias, y);
            return;
        }
        if (!depthwise(g) && SimdConvSmall.forward(g, x, w, bias, y)) {
            return;
        }
        SimdConvLayout l = new SimdConvLayout(g.batch(), g.inChannels(), g.outChannels(), g.groups(),
                to3d(g.inSize(), 1), to3d(g.padBegin(), 0), to3d(g.padEnd(), 0), to3d(g.kernel(), 1),
                to3d(g.dilation(), 1));
        if (depthwise(g)) {
            SimdConvDepthwise.run(l, x, w, bias, y, false);
            return;
        }
        runWide(l, x, w, false, bias, y);
    }

    /**
     * Forward with the residual add and ReLU applied as the output is written, on the paths for fewer images
     * than threads (inference); false when the geometry takes another path (the caller then runs the steps).
     */
    boolean forwardFused(ConvGeometry g, float[] x, float[] w, float[] bias, float[] residual, boolean relu,
            float[] y) {
        if (g.batch() < Parallel.threads() && SimdConvWinogradSingle.applies(g)) {
            SimdConvWinogradSingle.forward(g, x, w, bias, residual, relu, y);
            return true;
        }
        if (SimdConvGemm.applies(g)) {
            SimdConvGemm.forward(g, x, w, bias, residual, relu, y);
            return true;
        }
        if (SimdConvStrided.applies(g)) {
            SimdConvStrided.forward(g, x, w, bias, residual, relu, y);
            return true;
        }
        if (g.batch() >= Parallel.threads() || general(g) || depthwise(g)) {
            return false;
        }
        SimdConvLayout l = new SimdConvLayout(g.batch(), g.inChannels(), g.outChannels(), g.groups(),
                to3d(g.inSize(), 1), to3d(g.padBegin(), 0), to3d(g.padEnd(), 0), to3d(g.kernel(), 1),
                to3d(g.dilation(), 1));
        float[] wp = SimdConvPackCache.packed(w, l.packLayout(false), l.packedWeightFloats(),
                buf -> l.packWeights(w, false, buf));
        float[] b = bias != null ? bias : SimdConvWorkspace.caller().zeros(l.dstC);
        SimdConvSingleImage.run(l, x, wp, b, residual, relu, y);
        return true;
    }

    void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        if (SimdConvWinograd.applies(g)) {
            SimdConvWinograd.backwardData(g, dy, w, dx);
            return;
        }
        if (SimdConvWinogradRows.applies(g)) {
            SimdConvWinogradRows.backwardData(g, dy, w, dx);
            return;
        }
        if (SimdConvStridedChannels.appliesToData(g)) {
            SimdConvStridedChannels.backwardData(g, dy, w, dx);
            return;
        }
        if (SimdConvStridedBackward.appliesToData(g)) {
            SimdConvStridedBackward.backwardData(g, dy, w, dx);
            return;
        }
        if (SimdConvSpaceToDepth.applies(g)) {
            SimdConvSpaceToDepth.backwardData(this, g, dy, w, dx);
            return;
        }
        int[] k = to3d(g.kernel(), 1);
        int[] dil = to3d(g.dilation(), 1);
        int[] pb = to3d(g.padBegin(), 0);
        int[] pe = to3d(g.padEnd(), 0);
        boolean wide = !general(g);
        int[] tb = new int[3];
        int[] te = new int[3];
        for (int d = 0; d < 3 && wide; d++) {
            tb[d] = dil[d] * (k[d] - 1) - pb[d];
            te[d] = dil[d] * (k[d] - 1) - pe[d];
            wide = tb[d] >= 0 && te[d] >= 0;
        }
        if (!wide) {
            general.backwardData(g, dy, w, dx);
            return;
        }
        if (!depthwise(g) && SimdConvSmall.backwardData(g, dy, w, dx)) {
            return;
        }
        SimdConvLayout l = new SimdConvLayout(g.batch(), g.outChannels(), g.inChannels(), g.groups(),
                to3d(g.outSize(), 1), tb, te, k, dil);
        if (depthwise(g)) {
            int taps = l.taps;
            float[] flipped = SimdConvWorkspace.caller().weights(g.outChannels() * taps);
            for (int co = 0; co < g.outChannels(); co++) {
                for (int t = 0; t < taps; t++) {
                    flipped[co * taps + t] = w[co * taps + taps - 1 - t];
                }
            }
            SimdConvDepthwise.run(l, dy, flipped, null, dx, true);
            return;
        }
        runWide(l, dy, w, true, null, dx);
    }

    void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db) {
        if (SimdConvWinograd.applies(g)) {
            SimdConvWinogradWeight.backwardWeight(g, x, dy, dw, db);
            return;
        }
        if (SimdConvStridedChannels.applies(g)) {
            SimdConvStridedChannels.backwardWeight(g, x, dy, dw, db);
            return;
        }
        if (SimdConvStridedBackward.applies(g)) {
            SimdConvStridedBackward.backwardWeight(g, x, dy, dw, db);
            return;
        }
        if (SimdConvSpaceToDepth.applies(g)) {
            SimdConvSpaceToDepth.backwardWeight(this, g, x, dy, dw, db);
            return;
        }
        if (general(g)) {
            general.backwardWeight(g, x, dy, dw, db);
            return;
        }
        if (!depthwise(g) && SimdConvSmall.backwardWeight(g, x, dy, dw, db)) {
            return;
        }
        SimdConvLayout l = new SimdConvLayout(g.batch(), g.inChannels(), g.outChannels(), g.groups(),
                to3d(g.inSize(), 1), to3d(g.padBegin(), 0), to3d(g.padEnd(), 0), to3d(g.kernel(), 1),
                to3d(g.dilation(), 1));
        if (depthwise(g)) {
            SimdConvDepthwise.weight(l, x, dy, dw, db);
            return;
        }
        if (SimdConvWeight.applies(l)) {
            SimdConvWeight.run(l, x, dy, dw, db, SOURCE_BUDGET);
            return;
        }
        wideWeight(l, x, dy, dw, db);
    }

    /** One input channel per group: no channel blocking possible, so a per-plane stencil wins. */
    private static boolean depthwise(ConvGeometry g) {
        return g.groups() == g.inChannels() && g.groups() > 1;
    }

    private static boolean unitStride(ConvGeometry g) {
        for (int s : g.stride()) {
            if (s != 1) {
                return false;
            }
        }
        return true;
    }

    static int[] to3d(int[] a, int fill) {
        int[] r = {fill, fill, fill};
        System.arraycopy(a, 0, r, 3 - a.length, a.length);
        return r;
    }

    // ---------------------------------------------------------------- forward and backward data

    private static void runWide(SimdConvLayout l, float[] src, float[] w, boolean transposeFlip, float[] bias,
            float[] dst) {
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        float[] wp = SimdConvPackCache.packed(w, l.packLayout(transposeFlip), l.packedWeightFloats(),
                buf -> l.packWeights(w, transposeFlip, buf));
        float[] b = bias != null ? bias : cw.zeros(l.dstC);
        if (l.batch < Parallel.threads()) {
            SimdConvSingleImage.run(l, src, wp, b, null, false, dst);
            return;
        }
        int perThread = (l.batch + Parallel.threads() - 1) / Parallel.threads();
        int sub = l.subBatch(perThread, SOURCE_BUDGET);
        Parallel.forRange(l.batch, (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int bMax = Math.min(sub, to - from);
            float[] xp = ws.source(l.sourceFloats(bMax));
            int[] offs = ws.offsets(l.srcCg * l.taps);
            for (int n0 = from; n0 < to; n0 += bMax) {
                int bs = Math.min(bMax, to - n0);
                l.packSource(src, n0, bs, xp);
                l.stepOffsets(bs, offs);
                int tiles = (l.usedPositions(bs) + SimdConvLayout.TILE - 1) / SimdConvLayout.TILE;
                int rowStride = tiles * SimdConvLayout.TILE;
                float[] yw = ws.wide(l.dstC * rowStride);
                wideTiles(l, xp, bs, offs, wp, b, yw, rowStride, 0, tiles);
                l.unpackOutput(yw, rowStride, n0, bs, dst);
            }
        });
    }

    /** Tiles [t0, t1) of every group: output positions t*TILE .. (t+1)*TILE, all destination channels. */
    private static void wideTiles(SimdConvLayout l, float[] xp, int b, int[] offs, float[] wp, float[] bias,
            float[] yw, int rowStride, int t0, int t1) {
        int blocks = l.groups * l.rowBlocks();
        for (int tile = t0; tile < t1; tile++) {
            wideUnits(l, xp, b, offs, wp, bias, yw, rowStride, tile, 0, blocks);
        }
    }

    /**
     * One tile, row blocks [gb0, gb1) counted over all groups ({@code g * rowBlocks() + rb}): output positions
     * tile*TILE .. (tile+1)*TILE of up to ROWS destination channels per block.
     */
    static void wideUnits(SimdConvLayout l, float[] xp, int b, int[] offs, float[] wp, float[] bias,
            float[] yw, int rowStride, int tile, int gb0, int gb1) {
        int steps = l.srcCg * l.taps;
        int blocks = l.rowBlocks();
        int q0 = tile * SimdConvLayout.TILE;
        // Input channels in blocks whose source rows for this tile fit in L1, every row block sweeping one block
        // before the next: 128 channels of 56x56 are ~90 KB per tile, which the row blocks otherwise re-read
        // from L2. Later blocks add onto the partial sums in yw.
        int cb = channelBlock(l);
        for (int c0 = 0; c0 < l.srcCg; c0 += cb) {
            int s0 = c0 * l.taps;
            int s1 = Math.min(l.srcCg, c0 + cb) * l.taps;
            boolean acc = c0 > 0;
            for (int gb = gb0; gb < gb1; gb++) {
                int g = gb / blocks;
                int rb = gb - g * blocks;
                int xg = g * l.srcCg * b * l.plane;
                int r0 = rb * SimdConvMicro.ROWS;
                int co = g * l.dstCg + r0;
                int wb = gb * steps * SimdConvMicro.ROWS;
                int rows = Math.min(SimdConvMicro.ROWS, l.dstCg - r0);
                int yb = co * rowStride + q0;
                int xb = xg + q0;
                SimdConvMicro.forwardRows(rows, xp, xb, offs, s0, s1, wp, wb, bias, co, acc, yw, yb, rowStride);
            }
        }
    }

    /** Source floats of one channel block per tile that should stay in L1 (about 24 KB of the 48 KB). */
    private static final int L1_SOURCE_FLOATS = Integer.getInteger("fovea.conv.l1", 6 * 1024);

    /** Input channels per block: as many as keep one tile's source rows within {@link #L1_SOURCE_FLOATS}. */
    static int channelBlock(SimdConvLayout l) {
        if (L1_SOURCE_FLOATS <= 0) {
            return l.srcCg;
        }
        int perChannel = SimdConvLayout.TILE + l.maxShift;
        return Math.max(1, Math.min(l.srcCg, L1_SOURCE_FLOATS / perChannel));
    }

    // ---------------------------------------------------------------- backward weight

    private static void wideWeight(SimdConvLayout l, float[] x, float[] dy, float[] dw, float[] db) {
        int vl = SimdConvLayout.VL;
        int cols = l.srcCg * l.taps;
        int colsPadded = (cols + 3) & ~3;
        int accFloats = l.dstC * colsPadded * vl;
        int chunks = Math.min(Parallel.threads(), l.batch);
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        for (int c = 0; c < chunks; c++) {
            cw.partial(c, accFloats);
            cw.biasPartial(c, l.dstC);
        }
        int sub = l.subBatch((l.batch + chunks - 1) / chunks, SOURCE_BUDGET);
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                float[] acc = cw.partial(c, accFloats);
                Arrays.fill(acc, 0, accFloats, 0f);
                float[] bacc = cw.biasPartial(c, l.dstC);
                Arrays.fill(bacc, 0, l.dstC, 0f);
                int from = (int) ((long) l.batch * c / chunks);
                int to = (int) ((long) l.batch * (c + 1) / chunks);
                weightRange(l, x, dy, from, to, sub, acc, colsPadded, db == null ? null : bacc);
            }
        });
        for (int co = 0; co < l.dstC; co++) {
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
            for (int co = 0; co < l.dstC; co++) {
                float s = 0f;
                for (int c = 0; c < chunks; c++) {
                    s += cw.biasPartial(c, l.dstC)[co];
                }
                db[co] = s;
            }
        }
    }

    private static void weightRange(SimdConvLayout l, float[] x, float[] dy, int from, int to, int sub,
            float[] acc, int colsPadded, float[] bacc) {
        int vl = SimdConvLayout.VL;
        SimdConvWorkspace ws = SimdConvWorkspace.worker();
        int bMax = Math.max(1, Math.min(sub, to - from));
        float[] xp = ws.source(l.sourceFloats(bMax));
        int[] colOff = ws.offsets(colsPadded);
        for (int n0 = from; n0 < to; n0 += bMax) {
            int b = Math.min(bMax, to - n0);
            l.packSource(x, n0, b, xp);
            int rowStride = (b * l.plane + vl - 1) / vl * vl;
            float[] dyw = ws.wide(l.dstC * rowStride);
            l.packWide(dy, n0, b, dyw, rowStride);
            for (int c = 0; c < l.srcCg; c++) {
                for (int t = 0; t < l.taps; t++) {
                    colOff[c * l.taps + t] = c * b * l.plane + l.shifts[t];
                }
            }
            // padded columns read valid memory; their sums land in slots nobody reads
            Arrays.fill(colOff, l.srcCg * l.taps, colsPadded, 0);
            for (int g = 0; g < l.groups; g++) {
                int xg = g * l.srcCg * b * l.plane;
                // row blocks of six, then four, then single rows
                for (int r0 = 0; r0 < l.dstCg; ) {
                    int rows = l.dstCg - r0 >= 6 ? 6 : l.dstCg - r0 >= 4 ? 4 : 1;
                    int co = g * l.dstCg + r0;
                    for (int q0 = 0; q0 < rowStride; q0 += WEIGHT_CHUNK) {
                        int q1 = Math.min(rowStride, q0 + WEIGHT_CHUNK);
                        for (int cb = 0; cb < colsPadded; cb += 4) {
                            int o0 = xg + colOff[cb];
                            int o1 = xg + colOff[cb + 1];
                            int o2 = xg + colOff[cb + 2];
                            int o3 = xg + colOff[cb + 3];
                            int ab = (co * colsPadded + cb) * vl;
                            if (rows == 6) {
                                SimdConvMicro.weight6(dyw, co * rowStride, rowStride, xp, o0, o1, o2, o3, q0,
                                        q1, acc, ab, colsPadded);
                            } else if (rows == 4) {
                                SimdConvMicro.weight4(dyw, co * rowStride, rowStride, xp, o0, o1, o2, o3, q0,
                                        q1, acc, ab, colsPadded);
                            } else {
                                SimdConvMicro.weight1(dyw, co * rowStride, xp, o0, o1, o2, o3, q0, q1, acc,
                                        ab);
                            }
                        }
                    }
                    r0 += rows;
                }
            }
            if (bacc != null) {
                for (int j = 0; j < b; j++) {
                    for (int co = 0; co < l.dstC; co++) {
                        bacc[co] += sum(dy, ((n0 + j) * l.dstC + co) * l.outSpatial, l.outSpatial);
                    }
                }
            }
        }
    }

    static float sum(float[] a, int from, int n) {
        int vl = SimdConvLayout.VL;
        FloatVector s = FloatVector.zero(SimdConvLayout.SPECIES);
        int i = 0;
        for (; i + vl <= n; i += vl) {
            s = s.add(FloatVector.fromArray(SimdConvLayout.SPECIES, a, from + i));
        }
        float r = SimdConvLayout.sumLanes(s);
        for (; i < n; i++) {
            r += a[from + i];
        }
        return r;
    }
}
