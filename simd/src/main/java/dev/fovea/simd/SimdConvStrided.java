package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import java.util.Arrays;

/**
 * Strided convolution of fewer images than threads (inference at batch 1: ResNet's 7x7 stride-2 stem, its 3x3 and
 * 1x1 stride-2 downsampling layers) on the wide micro-kernels, with no im2col. A stride-s convolution reads input
 * {@code o*s + t*dil} (padded coordinates) for output o and tap t; writing {@code t*dil = q*s + r}, that is
 * element {@code o + q} of the phase plane {@code r} (every s-th padded input starting at r). So each input channel
 * is split into its phase planes, each laid out like {@link SimdConvLayout}'s wide planes, and tap t becomes a plain
 * shifted vector load in phase plane r: exactly the taps of the kernel, no zero taps, every load contiguous. The
 * weights are packed exactly as for stride 1 (steps are channel-major, tap-minor), so they share the cache entry.
 *
 * <p>Measured on ResNet-18 at batch 1 against im2col + sgemm, whose per-image GEMMs have a single tile column of
 * work per thread and repack the weights every call. Work is split over (tile, row block) units as in
 * {@link SimdConv}'s small-batch path.
 */
final class SimdConvStrided {
    /** -Dfovea.conv.strided=im2col sends strided batch-1 convolutions to im2col + sgemm (for measuring both). */
    private static final boolean ENABLED = !"im2col".equals(System.getProperty("fovea.conv.strided"));

    private SimdConvStrided() {}

    /** Strided, not depthwise (one channel per group leaves nothing to block over), fewer images than threads. */
    static boolean applies(ConvGeometry g) {
        return appliesToBatches(g) && g.batch() < Parallel.threads();
    }

    /**
     * Strided and not depthwise, any batch: the forward pass of a training batch can run here too, one image per
     * thread at a time ({@link #forwardBatch}), instead of as a stride-1 convolution on phase channels, whose zero
     * taps cost 16 taps for 9 on a 3x3 stride-2 kernel. {@link SimdConv} tries {@link SimdConvStridedForward} (whole
     * sub-batches on phase planes, one group) first, so batches with groups are what usually end up here.
     * -Dfovea.conv.stridedBatch=false sends batches to the phase-channel path.
     */
    static boolean appliesToBatches(ConvGeometry g) {
        boolean strided = false;
        for (int s : g.stride()) {
            strided |= s > 1;
        }
        boolean depthwise = g.groups() == g.inChannels() && g.groups() > 1;
        if (!ENABLED || !strided || depthwise) {
            return false;
        }
        return g.batch() < Parallel.threads() || BATCHES && tileWaste(g) <= MAX_TILE_WASTE;
    }

    /**
     * Positions computed per output on one image's phase planes: whole tiles over a plane of {@code out + shift}
     * per dimension. 8x8 outputs of a 3x3 stride-2 kernel take two tiles of 64 for 64 outputs; the phase-channel
     * path wins there (measured: ResNet-20's 16x16 -> 8x8 layer 3.1-3.4 ms forward either way, its 32x32 -> 16x16
     * layer 3.2-3.3 ms here against 3.9-4.4 ms).
     */
    private static double tileWaste(ConvGeometry g) {
        int[] out = SimdConv.to3d(g.outSize(), 1);
        int[] k = SimdConv.to3d(g.kernel(), 1);
        int[] s = SimdConv.to3d(g.stride(), 1);
        int[] dil = SimdConv.to3d(g.dilation(), 1);
        long plane = 1;
        for (int d = 0; d < 3; d++) {
            plane *= out[d] + dil[d] * (k[d] - 1) / s[d];
        }
        long tiles = (plane + SimdConvLayout.TILE - 1) / SimdConvLayout.TILE;
        return (double) tiles * SimdConvLayout.TILE / g.outSpatial();
    }

    private static final double MAX_TILE_WASTE = 1.5;

    private static final boolean BATCHES = !"false".equals(System.getProperty("fovea.conv.stridedBatch"));

    /** {@code residual} (or null) is added and ReLU applied as the output is written. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] residual, boolean relu,
            float[] y) {
        if (g.batch() >= Parallel.threads()) {
            forwardBatch(g, x, w, bias, residual, relu, y);
            return;
        }
        Phases p = new Phases(g);
        // packing depends only on groups, channels per group and taps, so the stride-1 layout packs for us
        SimdConvLayout packer = new SimdConvLayout(1, g.inChannels(), g.outChannels(), g.groups(), p.k, new int[3],
                new int[3], p.k, new int[] {1, 1, 1});
        float[] wp = SimdConvPackCache.packed(w, packer.packLayout(false), packer.packedWeightFloats(),
                buf -> packer.packWeights(w, false, buf));
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        float[] b = bias != null ? bias : cw.zeros(g.outChannels());
        int tiles = (p.plane + SimdConvLayout.TILE - 1) / SimdConvLayout.TILE;
        int rowStride = tiles * SimdConvLayout.TILE;
        int srcFloats = g.inChannels() * p.perChannel * p.plane + SimdConvLayout.TILE + p.maxShift;
        float[] xp = cw.source(srcFloats);
        int[] offs = cw.offsets(p.srcCg * p.taps);
        p.stepOffsets(offs);
        float[] yw = cw.wide(g.outChannels() * rowStride);
        int blocks = g.groups() * packer.rowBlocks();
        int cin = g.inChannels();
        int cout = g.outChannels();
        for (int n = 0; n < g.batch(); n++) {
            int image = n;
            Arrays.fill(xp, cin * p.perChannel * p.plane, srcFloats, 0f);
            Parallel.forRange(cin, 4, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    p.packChannel(x, image * cin + c, xp, c * p.perChannel * p.plane);
                }
            });
            Parallel.forRange(tiles * blocks, (u0, u1) -> {
                for (int u = u0; u < u1; ) {
                    int tile = u / blocks;
                    int gb0 = u - tile * blocks;
                    int gb1 = Math.min(blocks, gb0 + (u1 - u));
                    units(p, packer, xp, offs, wp, b, yw, rowStride, tile, gb0, gb1);
                    u += gb1 - gb0;
                }
            });
            Parallel.forRange(cout, 4, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    p.unpackChannel(yw, c * rowStride, y, (image * cout + c) * p.outSpatial, residual, relu);
                }
            });
        }
    }

    /** Training batches: whole images per thread, each packed into its phase planes, convolved and written out. */
    private static void forwardBatch(ConvGeometry g, float[] x, float[] w, float[] bias, float[] residual,
            boolean relu, float[] y) {
        Phases p = new Phases(g);
        SimdConvLayout packer = new SimdConvLayout(1, g.inChannels(), g.outChannels(), g.groups(), p.k, new int[3],
                new int[3], p.k, new int[] {1, 1, 1});
        float[] wp = SimdConvPackCache.packed(w, packer.packLayout(false), packer.packedWeightFloats(),
                buf -> packer.packWeights(w, false, buf));
        float[] b = bias != null ? bias : SimdConvWorkspace.caller().zeros(g.outChannels());
        int tiles = (p.plane + SimdConvLayout.TILE - 1) / SimdConvLayout.TILE;
        int rowStride = tiles * SimdConvLayout.TILE;
        int srcFloats = g.inChannels() * p.perChannel * p.plane + SimdConvLayout.TILE + p.maxShift;
        int blocks = g.groups() * packer.rowBlocks();
        int cin = g.inChannels();
        int cout = g.outChannels();
        Parallel.forRange(g.batch(), (n0, n1) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            float[] xp = ws.source(srcFloats);
            int[] offs = ws.offsets(p.srcCg * p.taps);
            p.stepOffsets(offs);
            float[] yw = ws.wide(cout * rowStride);
            Arrays.fill(xp, cin * p.perChannel * p.plane, srcFloats, 0f);
            for (int n = n0; n < n1; n++) {
                for (int c = 0; c < cin; c++) {
                    p.packChannel(x, n * cin + c, xp, c * p.perChannel * p.plane);
                }
                for (int tile = 0; tile < tiles; tile++) {
                    units(p, packer, xp, offs, wp, b, yw, rowStride, tile, 0, blocks);
                }
                for (int c = 0; c < cout; c++) {
                    p.unpackChannel(yw, c * rowStride, y, (n * cout + c) * p.outSpatial, residual, relu);
                }
            }
        });
    }

    /** One tile of output positions, row blocks [gb0, gb1) counted over all groups. */
    private static void units(Phases p, SimdConvLayout l, float[] xp, int[] offs, float[] wp, float[] bias,
            float[] yw, int rowStride, int tile, int gb0, int gb1) {
        int steps = p.srcCg * p.taps;
        int blocks = l.rowBlocks();
        int q0 = tile * SimdConvLayout.TILE;
        for (int gb = gb0; gb < gb1; gb++) {
            int g = gb / blocks;
            int r0 = (gb - g * blocks) * SimdConvMicro.ROWS;
            int xb = g * p.srcCg * p.perChannel * p.plane + q0;
            int co = g * l.dstCg + r0;
            int wb = gb * steps * SimdConvMicro.ROWS;
            int rows = Math.min(SimdConvMicro.ROWS, l.dstCg - r0);
            int yb = co * rowStride + q0;
            SimdConvMicro.forwardRows(rows, xp, xb, offs, steps, wp, wb, bias, co, yw, yb, rowStride);
        }
    }

    /** The phase-plane geometry of one convolution, 1D and 2D seen as 3D (shared with SimdConvSpaceToDepth). */
    static final class Phases {
        final int[] in;
        final int[] k;
        final int[] s;
        final int[] dil;
        final int[] pad;
        final int[] out;
        /** Phase plane extent per dimension: the outputs plus the largest tap shift inside a phase. */
        final int[] ext = new int[3];
        /** Residue (first padded input) of each phase per dimension, and the phase index of each residue. */
        final int[][] residues = new int[3][];
        final int[][] phaseOf = new int[3][];
        final int perChannel;
        final int plane;
        final int maxShift;
        final int taps;
        final int srcCg;
        final int outSpatial;

        Phases(ConvGeometry g) {
            in = SimdConv.to3d(g.inSize(), 1);
            k = SimdConv.to3d(g.kernel(), 1);
            s = SimdConv.to3d(g.stride(), 1);
            dil = SimdConv.to3d(g.dilation(), 1);
            pad = SimdConv.to3d(g.padBegin(), 0);
            out = SimdConv.to3d(g.outSize(), 1);
            int per = 1;
            int pl = 1;
            for (int d = 0; d < 3; d++) {
                phaseOf[d] = new int[s[d]];
                Arrays.fill(phaseOf[d], -1);
                int count = 0;
                int[] rs = new int[s[d]];
                for (int t = 0; t < k[d]; t++) {
                    int r = t * dil[d] % s[d];
                    if (phaseOf[d][r] < 0) {
                        phaseOf[d][r] = count;
                        rs[count++] = r;
                    }
                }
                residues[d] = Arrays.copyOf(rs, count);
                ext[d] = out[d] + dil[d] * (k[d] - 1) / s[d];
                per *= count;
                pl *= ext[d];
            }
            perChannel = per;
            plane = pl;
            taps = k[0] * k[1] * k[2];
            maxShift = shift(k[0] - 1, k[1] - 1, k[2] - 1);
            srcCg = g.inChannels() / g.groups();
            outSpatial = out[0] * out[1] * out[2];
        }

        private int shift(int t0, int t1, int t2) {
            return ((t0 * dil[0] / s[0]) * ext[1] + t1 * dil[1] / s[1]) * ext[2] + t2 * dil[2] / s[2];
        }

        /** Step c*taps + t reads channel c's phase plane of tap t at the tap's shift inside that plane. */
        void stepOffsets(int[] offs) {
            for (int c = 0; c < srcCg; c++) {
                int t = 0;
                for (int t0 = 0; t0 < k[0]; t0++) {
                    for (int t1 = 0; t1 < k[1]; t1++) {
                        for (int t2 = 0; t2 < k[2]; t2++, t++) {
                            int phase = (phaseOf[0][t0 * dil[0] % s[0]] * residues[1].length
                                    + phaseOf[1][t1 * dil[1] % s[1]]) * residues[2].length
                                    + phaseOf[2][t2 * dil[2] % s[2]];
                            offs[c * taps + t] = (c * perChannel + phase) * plane + shift(t0, t1, t2);
                        }
                    }
                }
            }
        }

        /** Input plane {@code index} (= n*Cin + c) into its phase planes at {@code to}, zeros outside the input. */
        void packChannel(float[] x, int index, float[] xp, int to) {
            transfer(x, index * in[0] * in[1] * in[2], xp, to, false);
        }

        /**
         * The inverse of {@link #packChannel}: each element of input plane {@code index} of {@code x} (zeroed by the
         * caller) takes the value at its one position in the phase planes at {@code from}; phase positions outside
         * the input are dropped. A strided convolution's input gradient from the gradients of its phase planes.
         */
        void scatterChannel(float[] xp, int from, float[] x, int index) {
            transfer(x, index * in[0] * in[1] * in[2], xp, from, true);
        }

        /** Phase planes at {@code to} filled from the input plane at {@code from}, or written back into it. */
        private void transfer(float[] img, int from, float[] phase, int to, boolean back) {
            int phaseIndex = 0;
            for (int r0 : residues[0]) {
                for (int r1 : residues[1]) {
                    for (int r2 : residues[2]) {
                        int base = to + phaseIndex++ * plane;
                        // columns j whose input j*s + r - pad lies inside [0, in)
                        int jLo = Math.min(ext[2], Math.max(0, ceilDiv(pad[2] - r2, s[2])));
                        int jHi = Math.max(jLo, Math.min(ext[2], ceilDiv(in[2] + pad[2] - r2, s[2])));
                        int st = s[2];
                        for (int j0 = 0; j0 < ext[0]; j0++) {
                            int i0 = j0 * s[0] + r0 - pad[0];
                            for (int j1 = 0; j1 < ext[1]; j1++) {
                                int i1 = j1 * s[1] + r1 - pad[1];
                                int row = base + (j0 * ext[1] + j1) * ext[2];
                                boolean inside = i0 >= 0 && i0 < in[0] && i1 >= 0 && i1 < in[1];
                                int src = from + (i0 * in[1] + i1) * in[2] + r2 - pad[2];
                                if (back) {
                                    if (inside) {
                                        for (int j = jLo; j < jHi; j++) {
                                            img[src + j * st] = phase[row + j];
                                        }
                                    }
                                    continue;
                                }
                                // rows are short (ext = out + 1 for 3x3 stride 2): plain loops, no fill calls
                                int lo = inside ? jLo : ext[2];
                                int hi = inside ? jHi : ext[2];
                                for (int j = 0; j < lo; j++) {
                                    phase[row + j] = 0f;
                                }
                                for (int j = lo; j < hi; j++) {
                                    phase[row + j] = img[src + j * st];
                                }
                                for (int j = hi; j < ext[2]; j++) {
                                    phase[row + j] = 0f;
                                }
                            }
                        }
                    }
                }
            }
        }

        /** The valid outputs of one wide row (channel) into its output plane, through the epilogue. */
        void unpackChannel(float[] yw, int from, float[] y, int to, float[] residual, boolean relu) {
            for (int o0 = 0; o0 < out[0]; o0++) {
                for (int o1 = 0; o1 < out[1]; o1++) {
                    SimdConvSingleImage.writeRow(yw, from + (o0 * ext[1] + o1) * ext[2], y,
                            to + (o0 * out[1] + o1) * out[2], out[2], residual, relu);
                }
            }
        }

        private static int ceilDiv(int a, int b) {
            return Math.floorDiv(a + b - 1, b);
        }
    }
}
