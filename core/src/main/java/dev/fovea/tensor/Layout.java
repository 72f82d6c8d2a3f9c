package dev.fovea.tensor;

import java.util.Arrays;

/**
 * How a tensor's elements sit in its storage (offset plus strides): the contiguity tests, the storage index of
 * one element, and the strided read that gathers the values in row-major order (behind {@code toArray},
 * {@code data} and {@code contiguous}).
 */
final class Layout {
    private Layout() {}

    /** True when {@code strides} step through {@code shape} in row-major order; size-1 dims may have any stride. */
    static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** True when {@code t} is contiguous from offset 0 and covers its whole storage: a private row-major buffer. */
    static boolean ownsWholeStorage(Tensor t) {
        return t.offset() == 0 && t.storage().length == t.numel() && t.isContiguous();
    }

    /** The storage index of the element at {@code index}, with errors naming {@code op}. */
    static int flatIndex(Tensor t, int[] index, String op) {
        int[] shape = t.shapeRef();
        int[] strides = t.stridesRef();
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected " + shape.length + " indices for shape "
                    + Arrays.toString(shape) + ", got " + index.length);
        }
        int p = t.offset();
        for (int i = 0; i < index.length; i++) {
            int ix = index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + ix + " out of range [0, " + shape[i]
                        + ") in dimension " + i + " of shape " + Arrays.toString(shape));
            }
            p += ix * strides[i];
        }
        return p;
    }

    /** Writes the values of {@code t} in row-major order into {@code out[0, out.length)}. */
    static void copyStrided(Tensor t, float[] out) {
        int n = out.length;
        if (n == 0) {
            return;
        }
        float[] data = t.storage();
        int offset = t.offset();
        int[] shape = t.shapeRef();
        int[] strides = t.stridesRef();
        int rank = shape.length;
        if (rank == 0) {
            out[0] = data[offset];
            return;
        }
        if (isContiguous(shape, strides)) {
            // the common case (gradient copies, contiguous() of a dense view): one block copy
            System.arraycopy(data, offset, out, 0, n);
            return;
        }
        int[] idx = new int[rank];
        int src = offset;
        int last = rank - 1;
        int lastStride = strides[last];
        int lastSize = shape[last];
        for (int o = 0; o < n; ) {
            if (lastStride == 1) {
                System.arraycopy(data, src, out, o, lastSize);
                o += lastSize;
            } else {
                for (int j = 0, s = src; j < lastSize; j++, s += lastStride) {
                    out[o++] = data[s];
                }
            }
            // advance the odometer over all but the last dimension
            int d = last - 1;
            while (d >= 0) {
                idx[d]++;
                src += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                src -= strides[d] * shape[d];
                idx[d] = 0;
                d--;
            }
        }
    }

    /** The values of {@code t} as ints, refusing any that is not a whole number. */
    static int[] toIntArray(Tensor t) {
        float[] v = t.toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
            if (out[i] != v[i]) {
                throw new IllegalStateException("toIntArray: element " + i + " is " + v[i] + ", not a whole number");
            }
        }
        return out;
    }
}
