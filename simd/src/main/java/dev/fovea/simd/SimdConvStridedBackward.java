package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import java.util.Arrays;

/**
 * Backward passes of strided training convolutions on phase planes, with exactly the kernel's taps (no zero taps).
 * {@link SimdConvSpaceToDepth} runs them as stride-1 convolutions on phase channels, where a 3x3 stride-2 kernel
 * becomes four 2x2 kernels: 16 taps for 9. Here the phase planes of {@link SimdConvStrided.Phases} are used
 * directly:
 * <ul>
 *   <li>Backward data: phase plane r of dInput is a stride-1 correlation of dOut (padded by {@code kp-1} each
 *       side, {@code kp = ceil(k/s)}) with the sub-kernel of the taps {@code t = q*s + r}: element j takes
 *       {@code dOut[j - q] * w[q*s + r]}. For 3x3 stride 2 the four phases have 2x2, 2x1, 1x2 and 1x1 taps. All
 *       phases read the same padded dOut ({@link SimdConvLayout}, whose wide plane is exactly a phase plane), run on
 *       {@link SimdConvMicro}'s wide kernels with per-phase step lists, and are scattered into dInput.</li>
 *   <li>Backward weight: tap t reads phase plane {@code r(t)} at the tap's shift, as the forward pass does, so
 *       {@code dw[co][c][t] = Σ dOut[co][o] * phase(c, r(t))[o + shift(t)]} over the phase-plane positions (dOut
 *       zero at the extra column and row), on {@link SimdConvWeightMicro}'s channel-vectorised kernels.</li>
 * </ul>
 * Work is split over the batch (per-chunk partial sums for the weights), so this path runs when the batch fills
 * the threads; one group, dilation 1.
 */
final class SimdConvStridedBackward {
    /** -Dfovea.conv.stridedBackward=false sends these passes back to {@link SimdConvSpaceToDepth} (A/B). */
    private static final boolean ENABLED = !"false".equals(System.getProperty("fovea.conv.stridedBackward"));
    /** Packed source floats per sub-batch (512 KB), as for the stride-1 wide path. */
    private static final int SOURCE_BUDGET = 128 * 1024;
    private static final int WEIGHT_KIND = 0x5B;
    private static final int COLS = SimdConvWeightMicro.COLS;
    /** Transposed dOut floats per pass over the positions, and positions per pass at most (see SimdConvWeight). */
    private static final int CHUNK_FLOATS = 8192;
    private static final int MAX_Q_CHUNK = 128;
    /** Accumulator floats per chunk that stay in L2 (512 KB of a core's 2 MB). */
    private static final int ACC_L2_FLOATS = Integer.getInteger("fovea.conv.stridedAccL2", 128 * 1024);
    /** Source floats of one channel block per tile that should stay in L1 (as SimdConv's channelBlock). */
    private static final int L1_SOURCE_FLOATS = 6 * 1024;

    private SimdConvStridedBackward() {}

    /** Strided, dilation 1, one group, a batch that fills the threads. */
    static boolean applies(ConvGeometry g) {
        if (!ENABLED || g.groups() != 1 || g.batch() < Parallel.threads()) {
            return false;
        }
        return supported(g);
    }

    /**
     * Backward data also needs at least {@link #MIN_DATA_ROWS} input channels: each phase is a block of that many
     * rows, and the micro-kernels' leftover blocks of two and one row run at half speed or less, where phase
     * channels fill blocks of six (ResNet's 7x7 stride-2 stem, 3 channels: 35 ms here against 28 ms there at batch
     * 16; 16 channels: 2.9 against 4.6 ms).
     */
    static boolean appliesToData(ConvGeometry g) {
        return applies(g) && g.inChannels() >= MIN_DATA_ROWS;
    }

    private static final int MIN_DATA_ROWS = 4;

    /** The geometries the passes handle at any batch (tests call them directly at batch 1). */
    static boolean supported(ConvGeometry g) {
        boolean strided = false;
        for (int d = 0; d < g.spatialDims(); d++) {
            strided |= g.stride()[d] > 1;
            if (g.dilation()[d] != 1) {
                return false;
            }
        }
        return strided && g.groups() == 1;
    }

    // ---------------------------------------------------------------- backward data

    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        SimdConvStridedPlan p = new SimdConvStridedPlan(g);
        SimdConvLayout l = p.dOutLayout();
        SimdConvPackCache.Layout key = new SimdConvPackCache.Layout(WEIGHT_KIND, 1, p.cin, p.cout, p.k[0], p.k[1],
                p.k[2], p.s[0], p.s[1], p.s[2]);
        float[] wp = SimdConvPackCache.packed(w, key, p.packedDataWeightFloats(), buf -> p.packDataWeights(w, buf));
        float[] zeros = SimdConvWorkspace.caller().zeros(p.cin);
        int perThread = (g.batch() + Parallel.threads() - 1) / Parallel.threads();
        int sub = l.subBatch(perThread, SOURCE_BUDGET);
        int cb = Math.max(1, Math.min(p.cout, L1_SOURCE_FLOATS / (SimdConvLayout.TILE + l.maxShift)));
        Parallel.forRange(g.batch(), (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int bMax = Math.min(sub, to - from);
            float[] src = ws.source(l.sourceFloats(bMax));
            int[] offs = ws.offsets(p.dataSteps());
            for (int n0 = from; n0 < to; n0 += bMax) {
                int b = Math.min(bMax, to - n0);
                l.packSource(dy, n0, b, src);
                p.dataOffsets(l, b, offs);
                int tiles = (l.usedPositions(b) + SimdConvLayout.TILE - 1) / SimdConvLayout.TILE;
                int rowStride = tiles * SimdConvLayout.TILE;
                float[] yw = ws.wide(p.phases * p.cin * rowStride);
                for (int tile = 0; tile < tiles; tile++) {
                    dataTile(p, src, offs, wp, zeros, yw, rowStride, tile, cb);
                }
                // rows interleaved from two phase rows when they can be (per core, 64 images of ResNet-20's stride-2
                // layers: 2.5 -> 2.2 and 2.2-2.3 -> 2.0 ms), else each phase scattered in turn
                boolean interleave = p.phasesCoverInput && p.s[2] == 2;
                for (int j = 0; j < b; j++) {
                    for (int c = 0; c < p.cin; c++) {
                        int plane = (n0 + j) * p.cin + c;
                        if (interleave) {
                            p.gatherCovered(yw, c * rowStride + j * p.plane, p.cin * rowStride, dx,
                                    plane * p.inSpatial);
                            continue;
                        }
                        if (!p.phasesCoverInput) {
                            Arrays.fill(dx, plane * p.inSpatial, (plane + 1) * p.inSpatial, 0f);
                        }
                        for (int ph = 0; ph < p.phases; ph++) {
                            p.transfer(dx, plane * p.inSpatial, yw, (ph * p.cin + c) * rowStride + j * p.plane, ph,
                                    true);
                        }
                    }
                }
            }
        });
    }

    /**
     * One tile of positions of every phase plane, all input channels. dOut channels come in blocks of {@code cb}
     * whose source rows stay in L1 while every phase and row block sweeps them; later blocks add onto yw.
     */
    private static void dataTile(SimdConvStridedPlan p, float[] src, int[] offs, float[] wp, float[] zeros,
            float[] yw, int rowStride, int tile, int cb) {
        int q0 = tile * SimdConvLayout.TILE;
        int rows = SimdConvMicro.ROWS;
        int blocks = (p.cin + rows - 1) / rows;
        for (int c0 = 0; c0 < p.cout; c0 += cb) {
            int c1 = Math.min(p.cout, c0 + cb);
            boolean acc = c0 > 0;
            for (int ph = 0; ph < p.phases; ph++) {
                int taps = p.phaseTaps[ph];
                // this phase's steps sit at offBase in offs; the kernels read weights at wb + ROWS*step, so the
                // block base is moved back by as many steps
                int ob = p.offBase[ph];
                int s0 = ob + c0 * taps;
                int s1 = ob + c1 * taps;
                for (int rb = 0; rb < blocks; rb++) {
                    int r0 = rb * rows;
                    int n = Math.min(rows, p.cin - r0);
                    int wb = p.weightBase[ph] + (rb * p.cout * taps - ob) * rows;
                    int yb = (ph * p.cin + r0) * rowStride + q0;
                    SimdConvMicro.forwardRows(n, src, q0, offs, s0, s1, wp, wb, zeros, r0, acc, yw, yb, rowStride);
                }
            }
        }
    }

    // ---------------------------------------------------------------- backward weight

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db) {
        SimdConvStridedPlan p = new SimdConvStridedPlan(g);
        SimdConvLayout l = p.phaseLayout();
        int vl = SimdConvLayout.VL;
        int cols = p.cin * p.taps;
        int colsPadded = (cols + 2 * COLS - 1) / (2 * COLS) * (2 * COLS);
        int ld = (p.cout + vl - 1) / vl * vl;
        int accFloats = colsPadded * ld;
        int chunks = Math.min(Parallel.threads(), g.batch());
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        for (int c = 0; c < chunks; c++) {
            cw.partial(c, accFloats);
            cw.biasPartial(c, p.cout);
        }
        int sub = l.subBatch((g.batch() + chunks - 1) / chunks, SOURCE_BUDGET);
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                float[] acc = cw.partial(c, accFloats);
                Arrays.fill(acc, 0, accFloats, 0f);
                float[] bacc = cw.biasPartial(c, p.cout);
                Arrays.fill(bacc, 0, p.cout, 0f);
                int from = (int) ((long) g.batch() * c / chunks);
                int to = (int) ((long) g.batch() * (c + 1) / chunks);
                weightRange(p, l, x, dy, from, to, sub, acc, colsPadded, ld, bacc);
            }
        });
        SimdConvWeight.reduce(cw, chunks, accFloats, p.cout, p.cout, ld, cols, ld, dw, db);
    }

    /** Images [from, to) in sub-batches: phase planes [channel][phase][image][plane], dOut transposed, reduced. */
    private static void weightRange(SimdConvStridedPlan p, SimdConvLayout l, float[] x, float[] dy, int from,
            int to, int sub, float[] acc, int colsPadded, int ld, float[] bacc) {
        int vl = SimdConvLayout.VL;
        SimdConvWorkspace ws = SimdConvWorkspace.worker();
        int bMax = Math.max(1, Math.min(sub, to - from));
        float[] xp = ws.source(p.cin * p.phases * bMax * p.plane + p.maxShift + 1);
        int[] colOff = ws.offsets(colsPadded);
        // accumulators past L2 (ResNet-18's 256 -> 512 layer: 2304 columns x 512 channels, 4.7 MB per chunk) would
        // travel from memory once per chunk of 16 positions: then each block takes every position in one pass
        boolean whole = colsPadded * ld > ACC_L2_FLOATS;
        int qChunk = Math.max(16, Math.min(MAX_Q_CHUNK, CHUNK_FLOATS / ld));
        for (int n0 = from; n0 < to; n0 += bMax) {
            int b = Math.min(bMax, to - n0);
            int positions = b * p.plane;
            int used = l.usedPositions(b);
            p.packPhases(x, n0, b, xp, p.maxShift + 1);
            float[] dyT = ws.wide(positions * ld);
            SimdConvWeight.transpose(l, dy, n0, b, dyT, ld, ld, bacc);
            p.tapOffsets(b, colOff);
            // padded columns read valid memory; their sums land in slots nobody reads
            Arrays.fill(colOff, p.cin * p.taps, colsPadded, 0);
            for (int q0 = 0; q0 < used; q0 += whole ? used : qChunk) {
                int q1 = whole ? used : Math.min(used, q0 + qChunk);
                for (int cv = 0; cv < ld; cv += 4 * vl) {
                    int vectors = Math.min(4, (ld - cv) / vl);
                    weightChunk(dyT, ld, cv, xp, colOff, q0, q1, acc, colsPadded, vectors);
                }
            }
        }
    }

    /** Positions [q0, q1) of up to four channel vectors starting at channel yb, every column. */
    private static void weightChunk(float[] dyT, int ld, int yb, float[] xp, int[] colOff, int q0, int q1,
            float[] acc, int colsPadded, int vectors) {
        int vl = SimdConvLayout.VL;
        for (int cb = 0; cb < colsPadded && vectors >= 2; cb += COLS) {
            int ab = cb * ld + yb;
            if (vectors == 4) {
                SimdConvWeightMicro.weightT4(dyT, ld, yb, xp, colOff[cb], colOff[cb + 1], colOff[cb + 2],
                        colOff[cb + 3], colOff[cb + 4], colOff[cb + 5], q0, q1, acc, ab, ld);
            } else {
                SimdConvWeightMicro.weightT2(dyT, ld, yb, xp, colOff[cb], colOff[cb + 1], colOff[cb + 2],
                        colOff[cb + 3], colOff[cb + 4], colOff[cb + 5], q0, q1, acc, ab, ld);
            }
        }
        if (vectors == 1 || vectors == 3) {
            int v0 = (vectors - 1) * vl;
            for (int cb = 0; cb < colsPadded; cb += 2 * COLS) {
                SimdConvWeightMicro.weightT1(dyT, ld, yb + v0, xp, colOff, cb, 0, q0, q1, acc, cb * ld + yb + v0,
                        ld);
            }
        }
    }
}
