package dev.fovea.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The "wide" layout behind stride-1 convolution. Each source plane is zero-padded and flattened, so output
 * position {@code q = (od*P1 + oh)*P2 + ow} reads tap {@code t} at {@code q + shift[t]}: every tap is a plain
 * contiguous, unmasked vector load, for 1D, 2D and 3D alike. The price is computing (and then dropping) the
 * positions whose row or column lies in the padding. Several images are laid end to end per channel
 * ({@code [channel][image][plane]}) so small images still fill long vector loops; outputs in the gaps between
 * images are dropped too.
 *
 * <p>One layout serves forward (source = input) and backward data (source = dOut padded by {@code dil*(K-1) - pad},
 * weights flipped), which is transposed convolution computed as a stride-1 convolution.
 */
final class SimdConvLayout {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int VL = SPECIES.length();
    /** Output positions per micro-kernel call: four vectors. */
    static final int TILE = 4 * VL;

    /**
     * Sum of the lanes in a fixed order. {@code reduceLanes(ADD)} leaves the order open, and the JIT-compiled and
     * interpreted paths do differ, so training results would change from run to run with compilation timing.
     */
    static float sumLanes(FloatVector v) {
        float r = 0f;
        for (int i = 0; i < VL; i++) {
            r += v.lane(i);
        }
        return r;
    }

    final int batch;
    final int srcC;
    final int dstC;
    final int groups;
    final int srcCg;
    final int dstCg;
    final int taps;
    final int[] src = new int[3];
    final int[] padBegin = new int[3];
    final int[] padded = new int[3];
    final int[] out = new int[3];
    /** Floats per padded plane. */
    final int plane;
    final int srcSpatial;
    final int outSpatial;
    final int[] shifts;
    final int maxShift;

    /** All arrays have 3 entries (D, H, W), leading ones set to size 1 for 1D and 2D. */
    SimdConvLayout(int batch, int srcC, int dstC, int groups, int[] srcSize, int[] padB, int[] padE, int[] kernel,
            int[] dil) {
        this.batch = batch;
        this.srcC = srcC;
        this.dstC = dstC;
        this.groups = groups;
        this.srcCg = srcC / groups;
        this.dstCg = dstC / groups;
        int p = 1;
        int si = 1;
        int so = 1;
        for (int d = 0; d < 3; d++) {
            src[d] = srcSize[d];
            padBegin[d] = padB[d];
            // Neighbouring rows (and images) share their zero padding: one gap of max(padB, padE) zeros serves as
            // the end padding of one row and the begin padding of the next, so fewer positions are computed and
            // dropped (8x8 images with padding 1: 81 positions per image instead of 100). That needs the outputs
            // of a row to fit in its stride, which fails only when both paddings exceed the dilated kernel.
            int span = dil[d] * (kernel[d] - 1);
            int gap = Math.min(padB[d], padE[d]) <= span ? Math.max(padB[d], padE[d]) : padB[d] + padE[d];
            padded[d] = srcSize[d] + gap;
            out[d] = srcSize[d] + padB[d] + padE[d] - span;
            p *= padded[d];
            si *= srcSize[d];
            so *= out[d];
        }
        plane = p;
        srcSpatial = si;
        outSpatial = so;
        taps = kernel[0] * kernel[1] * kernel[2];
        shifts = new int[taps];
        int t = 0;
        for (int kd = 0; kd < kernel[0]; kd++) {
            for (int kh = 0; kh < kernel[1]; kh++) {
                for (int kw = 0; kw < kernel[2]; kw++) {
                    shifts[t++] = (kd * dil[0] * padded[1] + kh * dil[1]) * padded[2] + kw * dil[2];
                }
            }
        }
        maxShift = shifts[taps - 1];
    }

    /** Extra floats after the last source plane that loads may touch (their outputs are dropped). */
    int slack() {
        return TILE + maxShift;
    }

    /** Floats of a packed source buffer for {@code b} images. */
    int sourceFloats(int b) {
        return srcC * b * plane + slack();
    }

    /** Images per sub-batch: enough to fill vector loops, few enough that the packed source stays in L2. */
    int subBatch(int images, int budgetFloats) {
        int per = Math.max(1, srcC * plane);
        return Math.max(1, Math.min(images, budgetFloats / per));
    }

    /** Copies images [n0, n0+b) of {@code x} [N, srcC, *src] into padded planes [srcC][b][plane]. */
    void packSource(float[] x, int n0, int b, float[] xp) {
        int total = srcC * b * plane;
        // the loops below read only locals: C2 does not hoist loads of (final) array fields out of them
        int pl = padBegin[2];
        int w = src[2];
        int depth = src[0];
        int height = src[1];
        int pd1 = padded[1];
        int pd2 = padded[2];
        int top = padBegin[0] * pd1 + padBegin[1];
        int cs = srcC;
        int spatial = srcSpatial;
        int pln = plane;
        // Rows land at increasing offsets, so only the gaps between them are zeroed: writing every float twice (a
        // fill of the whole buffer, then the rows) was a large part of packing's time.
        int zeroFrom = 0;
        // Short rows (one vector with both paddings, as the 8x8 planes of a CIFAR ResNet's last stage): each row is
        // written as one vector from its left padding on, by a masked load whose lanes outside the row are zeros;
        // that covers the row's padding on both sides (what spills past is overwritten by the next row), so no fill
        // call between rows. There a fill and a copy call per row cost 0.74 ns per value, one vector 0.45-0.5.
        // Longer rows measured slower this way (three masked vectors for a 32-wide row: 0.24 against 0.20 ns).
        boolean shortRows = pd2 <= VL;
        VectorMask<Float> m0 = SPECIES.indexInRange(-pl, w);
        for (int c = 0; c < cs; c++) {
            for (int j = 0; j < b; j++) {
                int from = ((n0 + j) * cs + c) * spatial;
                int to = (c * b + j) * pln;
                for (int d = 0; d < depth; d++) {
                    int row = to + (d * pd1 + top) * pd2;
                    int sr = from + d * height * w;
                    for (int h = 0; h < height; h++, row += pd2, sr += w) {
                        if (zeroFrom < row + pl && !(shortRows && zeroFrom >= row)) {
                            Arrays.fill(xp, zeroFrom, row + pl, 0f);
                        }
                        if (shortRows) {
                            SimdMasked.load(x, sr - pl, m0, pl, pl + w).intoArray(xp, row);
                            zeroFrom = row + pd2;
                        } else {
                            copyRow(x, sr, xp, row + pl, w);
                            zeroFrom = row + pl + w;
                        }
                    }
                }
            }
        }
        Arrays.fill(xp, zeroFrom, total + slack(), 0f);
    }

    /** Copies the valid positions of wide rows [dstC][rowStride] (image j at j*plane) into y [N, dstC, *out]. */
    void unpackOutput(float[] yw, int rowStride, int n0, int b, float[] y) {
        for (int c = 0; c < dstC; c++) {
            for (int j = 0; j < b; j++) {
                int from = c * rowStride + j * plane;
                int to = ((n0 + j) * dstC + c) * outSpatial;
                for (int d = 0; d < out[0]; d++) {
                    for (int h = 0; h < out[1]; h++) {
                        copyRow(yw, from + (d * padded[1] + h) * padded[2], y,
                                to + (d * out[1] + h) * out[2], out[2]);
                    }
                }
            }
        }
    }

    /** The inverse of {@link #unpackOutput}: dOut [N, dstC, *out] into zeroed wide rows, for backward weight. */
    void packWide(float[] dy, int n0, int b, float[] dyw, int rowStride) {
        // as in packSource: rows at increasing offsets, only the gaps zeroed
        int zeroFrom = 0;
        for (int c = 0; c < dstC; c++) {
            for (int j = 0; j < b; j++) {
                int to = c * rowStride + j * plane;
                int from = ((n0 + j) * dstC + c) * outSpatial;
                for (int d = 0; d < out[0]; d++) {
                    for (int h = 0; h < out[1]; h++) {
                        int at = to + (d * padded[1] + h) * padded[2];
                        Arrays.fill(dyw, zeroFrom, at, 0f);
                        copyRow(dy, from + (d * out[1] + h) * out[2], dyw, at, out[2]);
                        zeroFrom = at + out[2];
                    }
                }
            }
        }
        Arrays.fill(dyw, zeroFrom, dstC * rowStride, 0f);
    }

    /**
     * Wide positions that hold the outputs of b images laid end to end: the last image's trailing padding rows are
     * left out (at 56x56 that is the 57 positions of the bottom gap row, one tile in 51).
     */
    int usedPositions(int b) {
        return (b - 1) * plane + planeEnd();
    }

    /** Row blocks of {@link SimdConvMicro#ROWS} destination channels per group (the last may be partial). */
    int rowBlocks() {
        return (dstCg + SimdConvMicro.ROWS - 1) / SimdConvMicro.ROWS;
    }

    /**
     * Weights for the engine: [group][rowBlock][srcCg*taps][ROWS], zero rows past dstCg. {@code w} is the
     * convolution weight [Cout, Cin/groups, *K]; with {@code transposeFlip} (backward data) destination channel
     * r, source channel c and tap t read {@code w[c][r][taps-1-t]}, otherwise {@code w[r][c][t]}.
     */
    void packWeights(float[] w, boolean transposeFlip, float[] wp) {
        int ct = srcCg * taps;
        int blocks = rowBlocks();
        int rows = SimdConvMicro.ROWS;
        for (int g = 0; g < groups; g++) {
            for (int rb = 0; rb < blocks; rb++) {
                int base = (g * blocks + rb) * ct * rows;
                for (int j = 0; j < rows; j++) {
                    int r = rb * rows + j;
                    for (int c = 0; c < srcCg; c++) {
                        for (int t = 0; t < taps; t++) {
                            float v = 0f;
                            if (r < dstCg) {
                                v = transposeFlip
                                        ? w[((g * srcCg + c) * dstCg + r) * taps + taps - 1 - t]
                                        : w[((g * dstCg + r) * srcCg + c) * taps + t];
                            }
                            wp[base + (c * taps + t) * rows + j] = v;
                        }
                    }
                }
            }
        }
    }

    /** What {@link #packWeights} output depends on besides the weight values, for {@link SimdConvPackCache}. */
    SimdConvPackCache.Layout packLayout(boolean transposeFlip) {
        return new SimdConvPackCache.Layout(transposeFlip ? 1 : 0, groups, srcCg, dstCg, taps, 1, 1, 1, 1, 1);
    }

    int packedWeightFloats() {
        return groups * rowBlocks() * srcCg * taps * SimdConvMicro.ROWS;
    }

    /** Per-step source offsets for a sub-batch of b images: channel c's plane start plus the tap shift. */
    void stepOffsets(int b, int[] offs) {
        for (int c = 0; c < srcCg; c++) {
            for (int t = 0; t < taps; t++) {
                offs[c * taps + t] = c * b * plane + shifts[t];
            }
        }
    }

    // ---------------------------------------------------------------- one plane at a time (depthwise)

    /** Floats of a one-plane buffer: the plane, the end padding of its last row and the vector overrun. */
    int planeBufferFloats() {
        return plane + 2 * VL + maxShift;
    }

    /** Copies source plane {@code index} (= n*srcC + c) into {@code buf} [plane] with zero padding. */
    void packPlane(float[] x, int index, float[] buf) {
        Arrays.fill(buf, 0, planeBufferFloats(), 0f);
        int from = index * srcSpatial;
        for (int d = 0; d < src[0]; d++) {
            for (int h = 0; h < src[1]; h++) {
                copyRow(x, from + (d * src[1] + h) * src[2], buf,
                        ((d + padBegin[0]) * padded[1] + h + padBegin[1]) * padded[2] + padBegin[2], src[2]);
            }
        }
    }

    /** One past the last valid output position of a plane in the wide layout. */
    int planeEnd() {
        return ((out[0] - 1) * padded[1] + out[1] - 1) * padded[2] + out[2];
    }

    /** Copies the valid positions of a wide plane into destination plane {@code index} (= n*dstC + c). */
    void unpackPlane(float[] yw, int index, float[] y) {
        int to = index * outSpatial;
        for (int d = 0; d < out[0]; d++) {
            for (int h = 0; h < out[1]; h++) {
                copyRow(yw, (d * padded[1] + h) * padded[2], y, to + (d * out[1] + h) * out[2], out[2]);
            }
        }
    }

    /** Destination plane {@code index} into a zeroed wide plane (positions past planeEnd() zero too). */
    void packWidePlane(float[] dy, int index, float[] buf) {
        Arrays.fill(buf, 0, planeBufferFloats(), 0f);
        int from = index * outSpatial;
        for (int d = 0; d < out[0]; d++) {
            for (int h = 0; h < out[1]; h++) {
                copyRow(dy, from + (d * out[1] + h) * out[2], buf, (d * padded[1] + h) * padded[2], out[2]);
            }
        }
    }

    /** One row: masked vector moves for short rows of small images (see {@link SimdConvRows#copy}). */
    private static void copyRow(float[] src, int from, float[] dst, int to, int n) {
        SimdConvRows.copy(src, from, dst, to, n);
    }
}
