package dev.fovea.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The "row-interleaved" layout for stride-1 convolution on small 1D/2D planes, where the wide layout of
 * {@link SimdConvLayout} computes many positions only to drop them (14x14 with a 5x5 kernel and no padding: 51%
 * of the wide plane are outputs; 8x8 with padding 1: 79%).
 *
 * <p>A sub-batch of {@code b} images is stored per channel as row slots {@code [channel][replica][row][image][col]}:
 * row {@code h} of every image side by side, then row {@code h+1}. Output position
 * {@code q = (oh*b + j)*rowW + ow} then reads tap (kh, kw) at {@code q + kh*dilH*b*rowW (+ kw*dilW)}: a uniform
 * shift, so the direct SIMD kernels of {@link SimdConvMicro} run unchanged, and since vertical padding lives in
 * row slots of its own, every row {@code oh < outH} is an output row: no vertical waste at all. Horizontally each
 * image row keeps its padding (shared between neighbours like the wide layout) unless {@code replicate} is set:
 * then each column tap kw gets its own copy of the source shifted by {@code kw*dilW}, rows are exactly
 * {@code outW} long and no position is wasted, for KW times the packing work (worth it when the kernel is wide
 * compared with the output row, as 5x5 on 10-column outputs).
 */
final class SimdConvRows {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;

    final int batch;
    final int srcC;
    final int dstC;
    final int groups;
    final int srcCg;
    final int dstCg;
    final int h;
    final int w;
    final int padTop;
    final int padLeft;
    final int kh;
    final int kw;
    final int dilH;
    final int dilW;
    final int taps;
    /** Row slots per plane: the source rows plus top and bottom padding. */
    final int slots;
    final int outH;
    final int outW;
    /** Floats per image row in a slot. */
    final int rowW;
    /** Copies of each source channel: kw when replicated, else 1. */
    final int reps;
    final int srcSpatial;
    final int outSpatial;

    /** Sizes are {H, W}; 1D convolutions pass H = 1, kernel 1, no vertical padding. */
    SimdConvRows(int batch, int srcC, int dstC, int groups, int[] size, int[] padB, int[] padE, int[] kernel,
            int[] dil, boolean replicate) {
        this.batch = batch;
        this.srcC = srcC;
        this.dstC = dstC;
        this.groups = groups;
        this.srcCg = srcC / groups;
        this.dstCg = dstC / groups;
        this.h = size[0];
        this.w = size[1];
        this.padTop = padB[0];
        this.padLeft = padB[1];
        this.kh = kernel[0];
        this.kw = kernel[1];
        this.dilH = dil[0];
        this.dilW = dil[1];
        this.taps = kh * kw;
        this.slots = h + padB[0] + padE[0];
        this.outH = h + padB[0] + padE[0] - dilH * (kh - 1);
        this.outW = w + padB[1] + padE[1] - dilW * (kw - 1);
        this.reps = replicate ? kw : 1;
        this.rowW = replicate ? outW : sharedRowWidth(w, padB[1], padE[1], dilW * (kw - 1));
        this.srcSpatial = h * w;
        this.outSpatial = outH * outW;
    }

    /**
     * One gap of max(padLeft, padRight) zeros serves as the right padding of an image row and the left padding of
     * its neighbour (as in the wide layout); that needs the outputs of a row to fit in its stride, which fails
     * only when both paddings exceed the dilated kernel.
     */
    static int sharedRowWidth(int w, int padL, int padR, int span) {
        return w + (Math.min(padL, padR) <= span ? Math.max(padL, padR) : padL + padR);
    }

    /** Share of computed positions that are outputs: 1 when replicated, else outW / rowW. */
    double efficiency() {
        return (double) outW / rowW;
    }

    /** Positions of a sub-batch: every one in a row {@code oh < outH}, outputs wherever the column is < outW. */
    int positions(int b) {
        return outH * b * rowW;
    }

    /** Floats of one (channel, replica) plane of a sub-batch. */
    int planeFloats(int b) {
        return slots * b * rowW;
    }

    private int maxShift(int b) {
        return (kh - 1) * dilH * b * rowW + (reps == 1 ? (kw - 1) * dilW : 0);
    }

    /** Extra zeros after the last plane that vector loads past the last position may touch. */
    int slack(int b) {
        return SimdConvLayout.TILE + maxShift(b);
    }

    int sourceFloats(int b) {
        return srcC * reps * planeFloats(b) + slack(b);
    }

    /** Floats of a group's source channels (offset from one group to the next). */
    int groupFloats(int b) {
        return srcCg * reps * planeFloats(b);
    }

    /** Images per sub-batch: all of a thread's images if their packed source fits the budget. */
    int subBatch(int images, int budgetFloats) {
        int per = Math.max(1, srcC * reps * slots * rowW);
        return Math.max(1, Math.min(images, budgetFloats / per));
    }

    /** Source offset of step (channel c of a group, tap t = i*kw + k) relative to the group and position. */
    void stepOffsets(int b, int[] offs) {
        int plane = planeFloats(b);
        int slot = b * rowW;
        for (int c = 0; c < srcCg; c++) {
            for (int i = 0; i < kh; i++) {
                for (int k = 0; k < kw; k++) {
                    int base = reps > 1 ? (c * reps + k) * plane : c * plane + k * dilW;
                    offs[c * taps + i * kw + k] = base + i * dilH * slot;
                }
            }
        }
    }

    /**
     * Copies images [n0, n0+b) of {@code x} [N, srcC, H, W] into the layout, padding included. Rows are written
     * whole (zeros around the data) in increasing address order, so a vector store running past the end of a row
     * is overwritten by what follows it.
     */
    void packSource(float[] x, int n0, int b, float[] xp) {
        int plane = planeFloats(b);
        int slot = b * rowW;
        for (int c = 0; c < srcC; c++) {
            for (int r = 0; r < reps; r++) {
                // replica r holds xpad[.., ow + r*dilW]: source column col lands at col + shift, for col in [lo, hi)
                int shift = reps > 1 ? padLeft - r * dilW : padLeft;
                int lo = Math.max(0, -shift);
                int hi = reps > 1 ? Math.min(w, outW - shift) : w;
                int pb = (c * reps + r) * plane;
                Arrays.fill(xp, pb, pb + padTop * slot, 0f);
                for (int row = 0; row < h; row++) {
                    int to = pb + (padTop + row) * slot;
                    for (int j = 0; j < b; j++) {
                        writeRow(x, ((n0 + j) * srcC + c) * srcSpatial + row * w, shift, lo, hi, xp, to + j * rowW,
                                rowW);
                    }
                }
                Arrays.fill(xp, pb + (padTop + h) * slot, pb + plane, 0f);
            }
        }
        int end = srcC * reps * plane;
        Arrays.fill(xp, end, end + slack(b), 0f);
    }

    /** Copies the outputs of rows [dstC][rowStride] (position q as above) into y [N, dstC, outH, outW]. */
    void unpackOutput(float[] yw, int rowStride, int n0, int b, float[] y) {
        int slot = b * rowW;
        for (int c = 0; c < dstC; c++) {
            for (int j = 0; j < b; j++) {
                int from = c * rowStride + j * rowW;
                int to = ((n0 + j) * dstC + c) * outSpatial;
                for (int oh = 0; oh < outH; oh++) {
                    int f = from + oh * slot;
                    int t = to + oh * outW;
                    for (int k = 0; k < outW; k += VL) {
                        VectorMask<Float> m = S.indexInRange(k, outW);
                        int hi = Math.min(VL, outW - k);
                        SimdMasked.store(SimdMasked.load(yw, f + k, m, 0, hi), y, t + k, m, 0, hi);
                    }
                }
            }
        }
    }

    /** The inverse of {@link #unpackOutput}: dOut into rows [dstC][rowStride], zero at every other position. */
    void packOutput(float[] dy, int n0, int b, float[] dyw, int rowStride) {
        int slot = b * rowW;
        for (int c = 0; c < dstC; c++) {
            int base = c * rowStride;
            for (int oh = 0; oh < outH; oh++) {
                for (int j = 0; j < b; j++) {
                    writeRow(dy, ((n0 + j) * dstC + c) * outSpatial + oh * outW, 0, 0, outW, dyw,
                            base + oh * slot + j * rowW, rowW);
                }
            }
            Arrays.fill(dyw, base + positions(b), base + rowStride, 0f);
        }
    }

    /**
     * {@code dst[to + k] = src[from + k - shift]} where {@code lo <= k - shift < hi}, else 0, for k in [0, n), one
     * masked vector load per VL floats. The last store may write up to VL-1 zeros or data past n.
     */
    private static void writeRow(float[] src, int from, int shift, int lo, int hi, float[] dst, int to, int n) {
        for (int k = 0; k < n; k += VL) {
            // lanes [a, e): built from masks of the form [0, limit), the form C2 turns into one instruction
            int a = lo + shift - k;
            int e = Math.min(hi + shift - k, n - k);
            int end = Math.min(VL, Math.max(e, 0));
            VectorMask<Float> m = S.indexInRange(0, end);
            int start = Math.min(end, Math.max(a, 0));
            if (a > 0) {
                m = m.andNot(S.indexInRange(0, a));
            }
            SimdMasked.load(src, from + k - shift, m, start, end).intoArray(dst, to + k);
        }
    }

    /**
     * {@code System.arraycopy} for one short row: masked vector moves for rows up to two vectors long (8 to 32
     * floats on small planes), where the arraycopy stub's fixed cost is larger than the copy.
     */
    static void copy(float[] src, int from, float[] dst, int to, int n) {
        if (n > 2 * VL) {
            System.arraycopy(src, from, dst, to, n);
            return;
        }
        int k = 0;
        if (n >= VL) {
            FloatVector.fromArray(S, src, from).intoArray(dst, to);
            k = VL;
        }
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            SimdMasked.store(SimdMasked.load(src, from + k, m, 0, n - k), dst, to + k, m, 0, n - k);
        }
    }
}
