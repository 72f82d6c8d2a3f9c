package dev.fovea.tensor;

import java.util.Arrays;

/**
 * Reductions over dimensions. A contiguous tensor reduced over one dimension is viewed as
 * [outer, R, inner]; rows of {@code inner} values are accumulated with unit stride (vectorisable) and a
 * reduction over the last dimension accumulates in double. Several dimensions are reduced one after another.
 * Mean, variance, the sum that undoes a broadcast, and {@code allClose} (an all-reduction of a closeness test)
 * live here too.
 */
final class Reductions {
    enum Kind { SUM, MAX, MIN, ARGMAX, ARGMIN }

    private Reductions() {}

    /** Sorted, distinct, normalised dims; an empty {@code dims} means all of them. */
    static boolean[] dimMask(String op, int[] dims, int rank) {
        boolean[] mask = new boolean[rank];
        if (dims.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int n = Tensor.normalizeDim(d, rank, op);
            if (mask[n]) {
                throw new IllegalArgumentException(op + ": dimension " + d + " appears more than once in "
                        + Arrays.toString(dims));
            }
            mask[n] = true;
        }
        return mask;
    }

    /** Shape after reducing the masked dims. */
    static int[] reducedShape(int[] shape, boolean[] mask, boolean keepdim) {
        int kept = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i] || keepdim) {
                kept++;
            }
        }
        int[] out = new int[kept];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!mask[i]) {
                out[j++] = shape[i];
            } else if (keepdim) {
                out[j++] = 1;
            }
        }
        return out;
    }

    /** Sum over the masked dims (keepdim shape is applied by the caller through the result's shape). */
    static Tensor sum(String op, Tensor x, int[] dims, boolean keepdim) {
        int[] shape = x.shapeRef();
        boolean[] mask = dimMask(op, dims, shape.length);
        float[] cur = x.data();
        // merge neighbouring dims that are both reduced or both kept: the data is contiguous, so [N, C, H, W]
        // summed over (0, 2, 3) becomes [N, C, H*W] over (0, 2): fewer, longer passes
        int[] curShape = new int[shape.length];
        boolean[] groupMask = new boolean[shape.length];
        int groups = 0;
        for (int d = 0; d < shape.length; d++) {
            if (groups > 0 && groupMask[groups - 1] == mask[d]) {
                curShape[groups - 1] *= shape[d];
            } else {
                curShape[groups] = shape[d];
                groupMask[groups++] = mask[d];
            }
        }
        curShape = Arrays.copyOf(curShape, groups);
        mask = Arrays.copyOf(groupMask, groups);
        // reduce the highest dims first so the lower dims' indices stay valid
        for (int d = curShape.length - 1; d >= 0; d--) {
            if (mask[d]) {
                cur = reduceOne(Kind.SUM, cur, curShape, d);
                curShape[d] = 1;
            }
        }
        if (cur == x.storage()) {
            cur = cur.clone();
        }
        return new Tensor(cur, reducedShape(shape, dimMask(op, dims, shape.length), keepdim));
    }

    /** Mean over the dims (an empty array means all): the sum scaled by one over the number of elements summed. */
    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        Tensor s = sum("mean", x, dims, keepdim);
        int count = s.numel() == 0 ? 0 : x.numel() / s.numel();
        return s.mulInPlace(1f / count);
    }

    /** Variance over the dims, dividing by the count minus {@code correction} (Bessel's correction when 1). */
    static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        Tensor mu = mean(x, dims, true);
        Tensor sq = x.sub(mu).square();
        Tensor s = sum("var", sq, dims, keepdim);
        int count = s.numel() == 0 ? 0 : x.numel() / s.numel();
        return s.mulInPlace(1f / Math.max(0, count - correction));
    }

    /** Sums {@code x} down to {@code target}, a shape it broadcasts from: the reduction that undoes a broadcast. */
    static Tensor sumToSize(Tensor x, int... target) {
        int[] shape = x.shapeRef();
        if (Arrays.equals(shape, target)) {
            return x;
        }
        int lead = shape.length - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumToSize: shape " + Arrays.toString(shape) + " cannot be summed to "
                    + "the larger rank of " + Arrays.toString(target));
        }
        int[] dims = new int[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (i < lead) {
                dims[n++] = i;
            } else if (target[i - lead] == 1 && shape[i] != 1) {
                dims[n++] = i;
            } else if (target[i - lead] != shape[i]) {
                throw new IllegalArgumentException("sumToSize: shape " + Arrays.toString(shape) + " does not"
                        + " broadcast from " + Arrays.toString(target));
            }
        }
        Tensor s = sum("sumToSize", x, Arrays.copyOf(dims, n), true);
        return s.reshape(target);
    }

    /** True when shapes are equal and {@code |a - b| <= atol + rtol * |b|} everywhere (NaN never matches). */
    static boolean allClose(Tensor x, Tensor other, float rtol, float atol) {
        if (!Arrays.equals(x.shapeRef(), other.shapeRef())) {
            return false;
        }
        float[] a = x.toArray();
        float[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Max, min, argmax or argmin (as float indices) over one dim. */
    static Tensor reduceDim(Kind kind, String op, Tensor x, int dim, boolean keepdim) {
        int[] shape = x.shapeRef();
        int d = Tensor.normalizeDim(dim, shape.length, op);
        if (shape[d] == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce over dimension " + dim + " of size 0 in shape "
                    + Arrays.toString(shape));
        }
        float[] out = reduceOne(kind, x.data(), shape, d);
        boolean[] mask = new boolean[shape.length];
        mask[d] = true;
        return new Tensor(out, reducedShape(shape, mask, keepdim));
    }

    /** Reduces contiguous {@code src} of {@code shape} over {@code dim}; returns a new array. */
    static float[] reduceOne(Kind kind, float[] src, int[] shape, int dim) {
        int outer = 1;
        for (int i = 0; i < dim; i++) {
            outer *= shape[i];
        }
        int r = shape[dim];
        int inner = 1;
        for (int i = dim + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            int base = o * r * inner;
            int ob = o * inner;
            if (inner == 1) {
                out[ob] = reduceContiguous(kind, src, base, r);
                continue;
            }
            if (r == 0) {
                continue;
            }
            switch (kind) {
                case SUM -> {
                    for (int k = 0; k < r; k++) {
                        int s = base + k * inner;
                        for (int i = 0; i < inner; i++) {
                            out[ob + i] += src[s + i];
                        }
                    }
                }
                case MAX, MIN -> {
                    System.arraycopy(src, base, out, ob, inner);
                    boolean max = kind == Kind.MAX;
                    for (int k = 1; k < r; k++) {
                        int s = base + k * inner;
                        for (int i = 0; i < inner; i++) {
                            float v = src[s + i];
                            float b = out[ob + i];
                            if ((max ? v > b : v < b) || v != v) {
                                out[ob + i] = v;
                            }
                        }
                    }
                }
                case ARGMAX, ARGMIN -> {
                    boolean max = kind == Kind.ARGMAX;
                    for (int i = 0; i < inner; i++) {
                        float best = src[base + i];
                        int at = 0;
                        for (int k = 1; k < r && best == best; k++) {
                            float v = src[base + k * inner + i];
                            if ((max ? v > best : v < best) || v != v) {
                                best = v;
                                at = k;
                            }
                        }
                        out[ob + i] = at;
                    }
                }
            }
        }
        return out;
    }

    private static float reduceContiguous(Kind kind, float[] src, int base, int r) {
        switch (kind) {
            case SUM -> {
                // four double accumulators: exact enough for long rows, and independent add chains run in
                // parallel instead of waiting on each other's latency
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int k = 0;
                for (; k + 3 < r; k += 4) {
                    s0 += src[base + k];
                    s1 += src[base + k + 1];
                    s2 += src[base + k + 2];
                    s3 += src[base + k + 3];
                }
                for (; k < r; k++) {
                    s0 += src[base + k];
                }
                return (float) ((s0 + s1) + (s2 + s3));
            }
            case MAX, MIN -> {
                boolean max = kind == Kind.MAX;
                float best = src[base];
                for (int k = 1; k < r; k++) {
                    float v = src[base + k];
                    if ((max ? v > best : v < best) || v != v) {
                        best = v;
                    }
                }
                return best;
            }
            default -> {
                boolean max = kind == Kind.ARGMAX;
                float best = src[base];
                int at = 0;
                for (int k = 1; k < r && best == best; k++) {
                    float v = src[base + k];
                    if ((max ? v > best : v < best) || v != v) {
                        best = v;
                        at = k;
                    }
                }
                return at;
            }
        }
    }
}
