package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The wide layout's path for fewer images than threads (inference on one image): one image at a time, every
 * step on all threads. The (tile, row block) pairs are split in tile-major order, so small planes with many
 * channels (512 channels at 7x7 are a single tile) split over output channels and large planes over tiles, each
 * thread sweeping all row blocks of its tiles. Packing the padded source planes and unpacking the outputs are
 * split over channels too: on one thread they took about a tenth of a ResNet-18 forward.
 */
final class SimdConvSingleImage {
    /** Channels per chunk below which packing stays on the calling thread. */
    private static final int CHANNEL_GRAIN = 8;
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int L = S.length();

    private SimdConvSingleImage() {}

    /** Forward or backward data; {@code residual} (or null) is added and ReLU applied as the output is written. */
    static void run(SimdConvLayout l, float[] src, float[] wp, float[] b, float[] residual, boolean relu,
            float[] dst) {
        SimdConvWorkspace ws = SimdConvWorkspace.caller();
        float[] xp = ws.source(l.sourceFloats(1));
        int[] offs = ws.offsets(l.srcCg * l.taps);
        l.stepOffsets(1, offs);
        int tiles = (l.plane + SimdConvLayout.TILE - 1) / SimdConvLayout.TILE;
        int rowStride = tiles * SimdConvLayout.TILE;
        int blocks = l.groups * l.rowBlocks();
        float[] yw = ws.wide(l.dstC * rowStride);
        Arrays.fill(xp, l.srcC * l.plane, l.sourceFloats(1), 0f);
        for (int n = 0; n < l.batch; n++) {
            int image = n;
            Parallel.forRange(l.srcC, CHANNEL_GRAIN, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    packChannel(l, src, image * l.srcC + c, xp, c * l.plane);
                }
            });
            Parallel.forRange(tiles * blocks, (u0, u1) -> {
                for (int u = u0; u < u1; ) {
                    int tile = u / blocks;
                    int gb0 = u - tile * blocks;
                    int gb1 = Math.min(blocks, gb0 + (u1 - u));
                    units(l, xp, offs, wp, b, yw, rowStride, tile, gb0, gb1);
                    u += gb1 - gb0;
                }
            });
            Parallel.forRange(l.dstC, CHANNEL_GRAIN, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    unpackChannel(l, yw, c * rowStride, dst, (image * l.dstC + c) * l.outSpatial, residual, relu);
                }
            });
        }
    }

    /**
     * One tile, row blocks [gb0, gb1) counted over all groups, every input channel in one sweep. The batched path
     * blocks input channels so a tile's source rows stay in L1 ({@link SimdConv#channelBlock}); for one image that
     * measured 15% more CPU time per ResNet-18 forward (the partial sums go through memory once per block, and the
     * weights of the small 512-channel planes, which dominate there, are read in pieces), so it is not done here.
     */
    private static void units(SimdConvLayout l, float[] xp, int[] offs, float[] wp, float[] bias, float[] yw,
            int rowStride, int tile, int gb0, int gb1) {
        int steps = l.srcCg * l.taps;
        int blocks = l.rowBlocks();
        int q0 = tile * SimdConvLayout.TILE;
        for (int gb = gb0; gb < gb1; gb++) {
            int g = gb / blocks;
            int r0 = (gb - g * blocks) * SimdConvMicro.ROWS;
            int xb = g * l.srcCg * l.plane + q0;
            int co = g * l.dstCg + r0;
            int wb = gb * steps * SimdConvMicro.ROWS;
            int rows = Math.min(SimdConvMicro.ROWS, l.dstCg - r0);
            int yb = co * rowStride + q0;
            SimdConvMicro.forwardRows(rows, xp, xb, offs, steps, wp, wb, bias, co, yw, yb, rowStride);
        }
    }

    /** Source plane {@code index} (= n*srcC + c) into the zero-padded wide plane at {@code to}. */
    private static void packChannel(SimdConvLayout l, float[] x, int index, float[] xp, int to) {
        Arrays.fill(xp, to, to + l.plane, 0f);
        int from = index * l.srcSpatial;
        for (int d = 0; d < l.src[0]; d++) {
            for (int h = 0; h < l.src[1]; h++) {
                System.arraycopy(x, from + (d * l.src[1] + h) * l.src[2], xp,
                        to + ((d + l.padBegin[0]) * l.padded[1] + h + l.padBegin[1]) * l.padded[2] + l.padBegin[2],
                        l.src[2]);
            }
        }
    }

    /** The valid positions of one wide output row into its plane of y, through the epilogue. */
    private static void unpackChannel(SimdConvLayout l, float[] yw, int from, float[] y, int to, float[] residual,
            boolean relu) {
        for (int d = 0; d < l.out[0]; d++) {
            for (int h = 0; h < l.out[1]; h++) {
                writeRow(yw, from + (d * l.padded[1] + h) * l.padded[2], y, to + (d * l.out[1] + h) * l.out[2],
                        l.out[2], residual, relu);
            }
        }
    }

    /**
     * {@code y[to + i] = yw[from + i] (+ residual[to + i]), then max(., 0) when relu}, for i below n. The max has
     * Math.max semantics (NaN stays NaN), as the ReLU kernel.
     */
    static void writeRow(float[] yw, int from, float[] y, int to, int n, float[] residual, boolean relu) {
        if (residual == null && !relu) {
            System.arraycopy(yw, from, y, to, n);
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, yw, from + i);
            if (residual != null) {
                v = v.add(FloatVector.fromArray(S, residual, to + i));
            }
            if (relu) {
                v = v.max(0f);
            }
            v.intoArray(y, to + i);
        }
        for (; i < n; i++) {
            float v = yw[from + i];
            if (residual != null) {
                v += residual[to + i];
            }
            y[to + i] = relu ? Math.max(v, 0f) : v;
        }
    }
}
