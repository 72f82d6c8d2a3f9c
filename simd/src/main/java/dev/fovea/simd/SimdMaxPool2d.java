package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling forward for 1D/2D planes without dilation (every CNN's max pool: 2x2 s2, 3x3 s2 p1). The generic
 * kernel spent its time on per-tap compare branches that mispredict on real data (about 3 ns a tap), plus
 * per-output clipping with integer divisions. Here a vector of outputs (8 or 16) goes at once: each tap is one
 * gather at the output stride and a lane-wise compare-and-blend of value and index, so nothing depends on the
 * data's order. Only border outputs (padding or ceil_mode overhang) and rows narrower than a vector take the
 * scalar path. Taps go in row-major order as in the scalar reference, and a tap replaces the running maximum only
 * when it is strictly greater or is the first NaN, so the first maximum wins on ties and NaN propagates as in
 * PyTorch. Indices are flat offsets within the plane.
 */
final class SimdMaxPool2d {
    /** Planes per chunk below which the pass stays on the calling thread. */
    private static final int GRAIN = 4;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Index lanes paired one to one with the value lanes. */
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, FS.vectorShape());
    private static final int L = FS.length();

    private SimdMaxPool2d() {}

    static void forward(int planes, int h, int w, int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw,
            float[] x, float[] y, int[] idx) {
        // interior output columns: window starts at >= 0 and ends at <= w
        int lo = Math.min(ow, (pw + sw - 1) / sw);
        int hi = w - kw + pw >= 0 ? Math.min(ow, (w - kw + pw) / sw + 1) : 0;
        int interiorHi = Math.max(hi, lo);
        int inPlane = h * w;
        int outPlane = oh * ow;
        int[] lanes = new int[L]; // lane j of a vector of outputs reads input column j * sw further on
        for (int j = 0; j < L; j++) {
            lanes[j] = j * sw;
        }
        if (ph == 0 && pw == 0 && (oh - 1) * sh + kh <= h && (ow - 1) * sw + kw <= w && outPlane >= L) {
            wholePlane(planes, h, w, oh, ow, kh, kw, sh, sw, x, y, idx);
            return;
        }
        Parallel.forRange(planes, GRAIN, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in0 = plane * inPlane;
                int out0 = plane * outPlane;
                for (int r = 0; r < oh; r++) {
                    int top = r * sh - ph;
                    int r0 = Math.max(0, -top);
                    int r1 = Math.min(kh, h - top);
                    int yRow = out0 + r * ow;
                    for (int c = 0; c < lo; c++) {
                        clipped(x, in0, w, top, r0, r1, c * sw - pw, kw, y, idx, yRow + c);
                    }
                    for (int c = interiorHi; c < ow; c++) {
                        clipped(x, in0, w, top, r0, r1, c * sw - pw, kw, y, idx, yRow + c);
                    }
                    if (lo < interiorHi) {
                        if (r0 >= r1) {
                            for (int c = lo; c < interiorHi; c++) {
                                clipped(x, in0, w, top, r0, r1, c * sw - pw, kw, y, idx, yRow + c);
                            }
                        } else {
                            interior(x, in0, w, top, r0, r1, kw, sw, pw, lo, interiorHi, y, idx, yRow, lanes);
                        }
                    }
                }
            }
        });
    }

    /**
     * No window touches the border (no padding, no ceil_mode overhang: 2x2 s2 on even sizes): the plane's outputs
     * are one flat run whose window starts are tabulated once, so narrow planes (LeNet's 5x5 outputs) fill whole
     * vectors instead of falling to scalar row tails.
     */
    private static void wholePlane(int planes, int h, int w, int oh, int ow, int kh, int kw, int sh, int sw,
            float[] x, float[] y, int[] idx) {
        int inPlane = h * w;
        int outPlane = oh * ow;
        int[] starts = new int[outPlane];
        for (int r = 0, o = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++, o++) {
                starts[o] = r * sh * w + c * sw;
            }
        }
        Parallel.forRange(planes, GRAIN, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in0 = plane * inPlane;
                int out0 = plane * outPlane;
                for (int o = 0; o < outPlane; o += L) {
                    int o0 = Math.min(o, outPlane - L); // ragged tail: redo the last full vector
                    IntVector firstAt = IntVector.fromArray(IS, starts, o0);
                    FloatVector best = FloatVector.fromArray(FS, x, in0, starts, o0);
                    IntVector bestAt = firstAt;
                    for (int kr = 0; kr < kh; kr++) {
                        for (int kc = kr == 0 ? 1 : 0; kc < kw; kc++) {
                            int d = kr * w + kc;
                            FloatVector v = FloatVector.fromArray(FS, x, in0 + d, starts, o0);
                            VectorMask<Float> take = v.compare(VectorOperators.GT, best)
                                    .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                            best = best.blend(v, take);
                            bestAt = bestAt.blend(firstAt.add(d), take.cast(IS));
                        }
                    }
                    best.intoArray(y, out0 + o0);
                    bestAt.intoArray(idx, out0 + o0);
                }
            }
        });
    }

    /** Outputs {@code [lo, hi)} of one row whose windows lie inside the row horizontally; rows r0..r1 of the window. */
    private static void interior(float[] x, int in0, int w, int top, int r0, int r1, int kw, int sw, int pw,
            int lo, int hi, float[] y, int[] idx, int yRow, int[] lanes) {
        int first = (top + r0) * w - pw; // in-plane offset of the first tap of output 0
        int rows = r1 - r0;
        IntVector laneAt = IntVector.fromArray(IS, lanes, 0);
        if (hi - lo < L) {
            for (int c = lo; c < hi; c++) {
                scalar(x, in0, w, first + c * sw, rows, kw, y, idx, yRow + c);
            }
            return;
        }
        // L outputs at once: every tap is one gather (stride sw) and a lane-wise compare-and-blend, so there are
        // no data-dependent branches. A ragged tail is redone as the last full vector ending at hi (recomputing a
        // few outputs with identical results), as a masked gather would still range-check its dead lanes.
        for (int c = lo; c < hi; c += L) {
            int c0 = Math.min(c, hi - L);
            int start = first + c0 * sw;
            FloatVector best = FloatVector.fromArray(FS, x, in0 + start, lanes, 0);
            IntVector firstAt = laneAt.add(start);
            IntVector bestAt = firstAt;
            for (int kr = 0; kr < rows; kr++) {
                for (int kc = kr == 0 ? 1 : 0; kc < kw; kc++) {
                    int d = kr * w + kc;
                    FloatVector v = FloatVector.fromArray(FS, x, in0 + start + d, lanes, 0);
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best)
                            .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                    best = best.blend(v, take);
                    bestAt = bestAt.blend(firstAt.add(d), take.cast(IS));
                }
            }
            best.intoArray(y, yRow + c0);
            bestAt.intoArray(idx, yRow + c0);
        }
    }

    /** One interior output whose window starts at in-plane offset {@code start}. */
    private static void scalar(float[] x, int in0, int w, int start, int rows, int kw, float[] y, int[] idx,
            int yi) {
        float best = x[in0 + start];
        int bestAt = start;
        for (int kr = 0; kr < rows; kr++) {
            int row = start + kr * w;
            for (int kc = kr == 0 ? 1 : 0; kc < kw; kc++) {
                int at = row + kc;
                float v = x[in0 + at];
                // strictly greater, or the first NaN (a NaN best is never replaced)
                if (v > best || (v != v && best == best)) {
                    best = v;
                    bestAt = at;
                }
            }
        }
        y[yi] = best;
        idx[yi] = bestAt;
    }

    /** One output whose window may overhang the plane; an empty window gives -inf and index -1 as the reference. */
    private static void clipped(float[] x, int in0, int w, int top, int r0, int r1, int left, int kw, float[] y,
            int[] idx, int yi) {
        int c0 = Math.max(0, -left);
        int c1 = Math.min(kw, w - left);
        float best = Float.NEGATIVE_INFINITY;
        int bestAt = -1;
        for (int kr = r0; kr < r1; kr++) {
            int row = (top + kr) * w + left;
            for (int kc = c0; kc < c1; kc++) {
                int at = row + kc;
                float v = x[in0 + at];
                if (bestAt < 0 || v > best || (v != v && best == best)) {
                    best = v;
                    bestAt = at;
                }
            }
        }
        y[yi] = best;
        idx[yi] = bestAt;
    }
}
