package dev.fovea.tensor;

import java.util.Arrays;

/**
 * The view operations behind {@link Tensor}'s public methods: each returns a tensor over the same storage with a
 * new shape, strides or offset (reshape copies only when the data is not contiguous).
 */
final class Views {
    private Views() {}

    static Tensor view(Tensor t, int... newShape) {
        int[] s = inferShape(t, "view", newShape);
        if (!t.isContiguous()) {
            throw new IllegalStateException("view: tensor of shape " + Arrays.toString(t.shapeRef()) + " and strides "
                    + Arrays.toString(t.stridesRef()) + " is not contiguous; use reshape (copies when needed) or"
                    + " contiguous() first");
        }
        return new Tensor(t.storage(), t.offset(), s, Tensor.contiguousStrides(s));
    }

    static Tensor reshape(Tensor t, int... newShape) {
        int[] s = inferShape(t, "reshape", newShape);
        Tensor c = t.contiguous();
        return new Tensor(c.storage(), c.offset(), s, Tensor.contiguousStrides(s));
    }

    private static int[] inferShape(Tensor t, String op, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && infer < 0) {
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape " + Arrays.toString(newShape)
                        + " (sizes must be >= 0, with at most one -1)");
            } else {
                known *= s[i];
            }
        }
        int n = t.numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": cannot infer the -1 in " + Arrays.toString(newShape)
                        + " for " + n + " elements of shape " + Arrays.toString(t.shapeRef()));
            }
            s[infer] = (int) (n / known);
            known *= s[infer];
        }
        if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape) + " holds " + known
                    + " elements but the tensor of shape " + Arrays.toString(t.shapeRef()) + " has " + n);
        }
        return s;
    }

    static Tensor permute(Tensor t, int... dims) {
        if (dims.length != t.shapeRef().length) {
            throw new IllegalArgumentException("permute: expected " + t.shapeRef().length + " dims for shape "
                    + Arrays.toString(t.shapeRef()) + ", got " + Arrays.toString(dims));
        }
        int[] s = new int[dims.length];
        int[] st = new int[dims.length];
        boolean[] used = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Tensor.normalizeDim(dims[i], t.shapeRef().length, "permute");
            if (used[d]) {
                throw new IllegalArgumentException("permute: dimension " + dims[i] + " repeated in "
                        + Arrays.toString(dims) + "; expected a permutation of 0.." + (t.shapeRef().length - 1));
            }
            used[d] = true;
            s[i] = t.shapeRef()[d];
            st[i] = t.stridesRef()[d];
        }
        return new Tensor(t.storage(), t.offset(), s, st);
    }

    static Tensor transpose(Tensor t, int dim0, int dim1) {
        int a = Tensor.normalizeDim(dim0, t.shapeRef().length, "transpose");
        int b = Tensor.normalizeDim(dim1, t.shapeRef().length, "transpose");
        int[] p = new int[t.shapeRef().length];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        p[a] = b;
        p[b] = a;
        return permute(t, p);
    }

    static Tensor t(Tensor t) {
        if (t.shapeRef().length != 2) {
            throw new IllegalArgumentException("t: expected a 2-D tensor, got shape " + Arrays.toString(t.shapeRef())
                    + "; use transpose(dim0, dim1)");
        }
        return transpose(t, 0, 1);
    }

    static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = Tensor.normalizeDim(dim, t.shapeRef().length, "slice");
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = t.shapeRef()[d];
        int s = clampIndex(start < 0 ? start + size : start, size);
        int e = clampIndex(end < 0 ? end + size : end, size);
        int len = e <= s ? 0 : (e - s + step - 1) / step;
        int[] ns = t.shapeRef().clone();
        int[] nst = t.stridesRef().clone();
        ns[d] = len;
        nst[d] = t.stridesRef()[d] * step;
        return new Tensor(t.storage(), t.offset() + (len == 0 ? 0 : s * t.stridesRef()[d]), ns, nst);
    }

    static Tensor slice(Tensor t, int dim, int start, int end) {
        return slice(t, dim, start, end, 1);
    }

    private static int clampIndex(int i, int size) {
        return Math.max(0, Math.min(size, i));
    }

    static Tensor narrow(Tensor t, int dim, int start, int length) {
        int d = Tensor.normalizeDim(dim, t.shapeRef().length, "narrow");
        if (start < 0 || length < 0 || start + length > t.shapeRef()[d]) {
            throw new IndexOutOfBoundsException("narrow: range [" + start + ", " + (start + length) + ") outside "
                    + "dimension " + dim + " of size " + t.shapeRef()[d] + " in shape "
                    + Arrays.toString(t.shapeRef()));
        }
        int[] ns = t.shapeRef().clone();
        ns[d] = length;
        int offset = t.offset() + (length == 0 ? 0 : start * t.stridesRef()[d]);
        return new Tensor(t.storage(), offset, ns, t.stridesRef().clone());
    }

    static Tensor select(Tensor t, int dim, int index) {
        int d = Tensor.normalizeDim(dim, t.shapeRef().length, "select");
        int i = index < 0 ? index + t.shapeRef()[d] : index;
        if (i < 0 || i >= t.shapeRef()[d]) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dimension " + dim
                    + " of size " + t.shapeRef()[d]);
        }
        return new Tensor(t.storage(), t.offset() + i * t.stridesRef()[d], remove(t.shapeRef(), d),
                remove(t.stridesRef(), d));
    }

    static Tensor expand(Tensor t, int... newShape) {
        int lead = newShape.length - t.shapeRef().length;
        if (lead < 0) {
            throw new IllegalArgumentException("expand: target " + Arrays.toString(newShape) + " has fewer dims than "
                    + "shape " + Arrays.toString(t.shapeRef()));
        }
        int[] s = new int[newShape.length];
        int[] st = new int[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            int want = newShape[i];
            if (i < lead) {
                if (want < 0) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for new leading dims, got "
                            + Arrays.toString(newShape));
                }
                s[i] = want;
                continue;
            }
            int have = t.shapeRef()[i - lead];
            if (want == -1 || want == have) {
                s[i] = have;
                st[i] = t.stridesRef()[i - lead];
            } else if (have == 1 && want >= 0) {
                s[i] = want;
            } else {
                throw new IllegalArgumentException("expand: cannot expand shape " + Arrays.toString(t.shapeRef())
                        + " to "
                        + Arrays.toString(newShape) + " (dimension " + (i - lead) + " has size " + have
                        + "; only size-1 dims expand)");
            }
        }
        return new Tensor(t.storage(), t.offset(), s, st);
    }

    static Tensor squeeze(Tensor t) {
        int n = 0;
        for (int d : t.shapeRef()) {
            n += d == 1 ? 0 : 1;
        }
        int[] s = new int[n];
        int[] st = new int[n];
        for (int i = 0, j = 0; i < t.shapeRef().length; i++) {
            if (t.shapeRef()[i] != 1) {
                s[j] = t.shapeRef()[i];
                st[j++] = t.stridesRef()[i];
            }
        }
        return new Tensor(t.storage(), t.offset(), s, st);
    }

    static Tensor squeeze(Tensor t, int dim) {
        int d = Tensor.normalizeDim(dim, t.shapeRef().length, "squeeze");
        if (t.shapeRef()[d] != 1) {
            return new Tensor(t.storage(), t.offset(), t.shapeRef(), t.stridesRef());
        }
        return new Tensor(t.storage(), t.offset(), remove(t.shapeRef(), d), remove(t.stridesRef(), d));
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int d = Tensor.normalizeDim(dim, t.shapeRef().length + 1, "unsqueeze");
        int[] s = new int[t.shapeRef().length + 1];
        int[] st = new int[t.shapeRef().length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == d) {
                s[i] = 1;
                st[i] = d < t.shapeRef().length ? t.stridesRef()[d] * t.shapeRef()[d] : 1;
            } else {
                s[i] = t.shapeRef()[j];
                st[i] = t.stridesRef()[j++];
            }
        }
        return new Tensor(t.storage(), t.offset(), s, st);
    }

    static Tensor flatten(Tensor t) {
        return flatten(t, 0, -1);
    }

    static Tensor flatten(Tensor t, int startDim) {
        return flatten(t, startDim, -1);
    }

    static Tensor flatten(Tensor t, int startDim, int endDim) {
        if (t.shapeRef().length == 0) {
            return reshape(t, 1);
        }
        int a = Tensor.normalizeDim(startDim, t.shapeRef().length, "flatten");
        int b = Tensor.normalizeDim(endDim, t.shapeRef().length, "flatten");
        if (a > b) {
            throw new IllegalArgumentException("flatten: start_dim " + startDim + " comes after end_dim " + endDim);
        }
        return reshape(t, Tensor.flattenShape(t.shapeRef(), a, b));
    }

    private static int[] remove(int[] a, int at) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, at);
        System.arraycopy(a, at + 1, r, at, a.length - at - 1);
        return r;
    }

    // ---------------------------------------------------------------- elementwise math (new tensors, broadcasting)
}
