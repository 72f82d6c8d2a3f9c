package dev.fovea.tensor;

import dev.fovea.kernel.Kernels;

/**
 * The broadcasting binary operations, each with a row loop: {@link #row} runs one switch per row and then a tight
 * loop, so there is no per-element dispatch. Unit-stride rows of the hot ops go to the {@link Kernels}
 * elementwise primitives (SIMD when available).
 */
enum BinaryOp {
    /** {@code a + alpha * b}. */
    ADD,
    /** {@code a - alpha * b}. */
    SUB,
    MUL,
    DIV,
    MAXIMUM,
    MINIMUM,
    POW,
    GT,
    GE,
    LT,
    LE,
    EQ,
    NE,
    /** {@code b} (a is ignored): copy with broadcasting. */
    COPY;

    /** Computes one row: {@code o[oi + i*os] = a[ai + i*as] (op) b[bi + i*bs]} for i in [0, n). */
    void row(float alpha, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int os, int n) {
        boolean unit = as == 1 && bs == 1 && os == 1;
        switch (this) {
            case ADD, SUB -> {
                float s = this == SUB ? -alpha : alpha;
                if (unit && s == 1f) {
                    Kernels.get().add(n, a, ai, b, bi, o, oi);
                } else if (unit && a == o && ai == oi) {
                    Kernels.get().axpy(n, s, b, bi, o, oi);
                } else if (bs == 0 && as == 1 && os == 1) {
                    // bias add over a coalesced row: a unit-stride loop the JIT vectorises
                    float c = s * b[bi];
                    for (int i = 0; i < n; i++) {
                        o[oi + i] = a[ai + i] + c;
                    }
                } else if (bs == 0) {
                    float c = s * b[bi];
                    for (int i = 0; i < n; i++) {
                        o[oi + i * os] = a[ai + i * as] + c;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oi + i * os] = a[ai + i * as] + s * b[bi + i * bs];
                    }
                }
            }
            case MUL -> {
                if (unit) {
                    Kernels.get().mul(n, a, ai, b, bi, o, oi);
                } else if (bs == 0 && as == 1 && os == 1) {
                    Kernels.get().scale(n, b[bi], a, ai, o, oi);
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oi + i * os] = a[ai + i * as] * b[bi + i * bs];
                    }
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = a[ai + i * as] / b[bi + i * bs];
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = Math.max(a[ai + i * as], b[bi + i * bs]);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = Math.min(a[ai + i * as], b[bi + i * bs]);
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = (float) Math.pow(a[ai + i * as], b[bi + i * bs]);
                }
            }
            case GT -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = a[ai + i * as] > b[bi + i * bs] ? 1f : 0f;
                }
            }
            case GE -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = a[ai + i * as] >= b[bi + i * bs] ? 1f : 0f;
                }
            }
            case LT -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = a[ai + i * as] < b[bi + i * bs] ? 1f : 0f;
                }
            }
            case LE -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = a[ai + i * as] <= b[bi + i * bs] ? 1f : 0f;
                }
            }
            case EQ -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = a[ai + i * as] == b[bi + i * bs] ? 1f : 0f;
                }
            }
            case NE -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i * os] = a[ai + i * as] != b[bi + i * bs] ? 1f : 0f;
                }
            }
            case COPY -> {
                if (unit) {
                    System.arraycopy(b, bi, o, oi, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oi + i * os] = b[bi + i * bs];
                    }
                }
            }
        }
    }

    /** {@code out = a (op) b} where a and b broadcast to out's shape; out may alias a (in-place ops). */
    static void apply(BinaryOp op, float alpha, Tensor a, Tensor b, Tensor out, String name) {
        int[] shape = out.shapeRef();
        int[][] strides = {Strided.broadcastStrides(name, a, shape), Strided.broadcastStrides(name, b, shape),
            out.stridesRef()};
        int[] offsets = {a.offset(), b.offset(), out.offset()};
        float[] ad = a.storage();
        float[] bd = b.storage();
        float[] od = out.storage();
        if (op == COPY && Strided.copy(shape, strides[1], offsets[1], bd, strides[2], offsets[2], od,
                disjointRows(a, b, out, strides[2]))) {
            return;
        }
        Strided.forEachRow(shape, strides, offsets, disjointRows(a, b, out, strides[2]), (off, st, n) ->
                op.row(alpha, ad, off[0], st[0], bd, off[1], st[1], od, off[2], st[2], n));
    }

    /**
     * Rows may run on several threads when every output element is written once (no stride-0 dimension in out)
     * and each input either is out itself (the same view: an in-place op) or does not share its storage.
     */
    private static boolean disjointRows(Tensor a, Tensor b, Tensor out, int[] outStrides) {
        int[] shape = out.shapeRef();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && outStrides[d] == 0) {
                return false;
            }
        }
        return sameViewOrApart(a, out) && sameViewOrApart(b, out);
    }

    private static boolean sameViewOrApart(Tensor t, Tensor out) {
        return t.storage() != out.storage() || t.offset() == out.offset()
                && java.util.Arrays.equals(t.shapeRef(), out.shapeRef())
                && java.util.Arrays.equals(t.stridesRef(), out.stridesRef());
    }

    /** A new tensor {@code a (op) b} of the broadcast shape. */
    static Tensor apply(BinaryOp op, float alpha, Tensor a, Tensor b, String name) {
        int[] shape = Strided.broadcastShapes(name, a.shapeRef(), b.shapeRef());
        Tensor out = Tensor.zeros(shape);
        apply(op, alpha, a, b, out, name);
        return out;
    }
}
