package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;

/**
 * Forward pass of strided training convolutions on phase planes of whole sub-batches: each input channel's phase
 * planes hold several images end to end ({@link SimdConvStridedPlan#packPhases}, the layout backward weight reads),
 * so the wide micro-kernels run over long position ranges with exactly the kernel's taps.
 * {@link SimdConvStrided}'s per-image pass computes whole tiles per image (8x8 outputs of a 3x3 stride-2 kernel:
 * two tiles of 64 for 64 outputs), which is why ResNet's 16x16 -> 8x8 layer was left on phase channels with 16
 * taps for 9; here only the last image of a sub-batch rounds up to a tile.
 */
final class SimdConvStridedForward {
    /** -Dfovea.conv.stridedForward=false keeps these on SimdConvStrided / SimdConvSpaceToDepth (A/B). */
    private static final boolean ENABLED = !"false".equals(System.getProperty("fovea.conv.stridedForward"));
    /** Packed phase-plane floats per sub-batch (512 KB), as for the stride-1 wide path. */
    private static final int SOURCE_BUDGET = 128 * 1024;
    /** Source floats of one channel block per tile that should stay in L1 (as SimdConv's channelBlock). */
    private static final int L1_SOURCE_FLOATS = 6 * 1024;

    private SimdConvStridedForward() {}

    static boolean applies(ConvGeometry g) {
        return ENABLED && SimdConvStridedBackward.applies(g);
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        SimdConvStridedPlan p = new SimdConvStridedPlan(g);
        SimdConvLayout l = p.phaseLayout();
        // packing depends only on groups, channels and taps, so the stride-1 packing serves (and its cache entry
        // is shared with SimdConvStrided's)
        SimdConvLayout packer = new SimdConvLayout(1, p.cin, p.cout, 1, p.k, new int[3], new int[3], p.k,
                new int[] {1, 1, 1});
        float[] wp = SimdConvPackCache.packed(w, packer.packLayout(false), packer.packedWeightFloats(),
                buf -> packer.packWeights(w, false, buf));
        float[] b = bias != null ? bias : SimdConvWorkspace.caller().zeros(p.cout);
        int perThread = (g.batch() + Parallel.threads() - 1) / Parallel.threads();
        int sub = l.subBatch(perThread, SOURCE_BUDGET);
        int slack = SimdConvLayout.TILE + p.maxShift;
        // a tile of one channel reads every phase plane of it
        int cb = Math.max(1, Math.min(p.cin, L1_SOURCE_FLOATS / (p.phases * (SimdConvLayout.TILE + p.maxShift))));
        int steps = p.cin * p.taps;
        int rows = SimdConvMicro.ROWS;
        int blocks = packer.rowBlocks();
        Parallel.forRange(g.batch(), (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int bMax = Math.min(sub, to - from);
            float[] xp = ws.source(p.cin * p.phases * bMax * p.plane + slack);
            int[] offs = ws.offsets(steps);
            for (int n0 = from; n0 < to; n0 += bMax) {
                int bs = Math.min(bMax, to - n0);
                p.packPhases(x, n0, bs, xp, slack);
                p.tapOffsets(bs, offs);
                int tiles = (l.usedPositions(bs) + SimdConvLayout.TILE - 1) / SimdConvLayout.TILE;
                int rowStride = tiles * SimdConvLayout.TILE;
                float[] yw = ws.wide(p.cout * rowStride);
                for (int tile = 0; tile < tiles; tile++) {
                    int q0 = tile * SimdConvLayout.TILE;
                    for (int c0 = 0; c0 < p.cin; c0 += cb) {
                        int s0 = c0 * p.taps;
                        int s1 = Math.min(p.cin, c0 + cb) * p.taps;
                        for (int rb = 0; rb < blocks; rb++) {
                            int r0 = rb * rows;
                            SimdConvMicro.forwardRows(Math.min(rows, p.cout - r0), xp, q0, offs, s0, s1, wp,
                                    rb * steps * rows, b, r0, c0 > 0, yw, r0 * rowStride + q0, rowStride);
                        }
                    }
                }
                l.unpackOutput(yw, rowStride, n0, bs, y);
            }
        });
    }
}
