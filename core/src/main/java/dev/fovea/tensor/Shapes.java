package dev.fovea.tensor;

import java.util.Arrays;

/**
 * Arithmetic on shapes alone (no storage): element counts, row-major strides, dimension indices and merged
 * shapes. {@link Tensor} exposes these as its public static helpers.
 */
final class Shapes {
    private Shapes() {}

    /** The element count of {@code shape}, refused when no Java array could hold it. */
    static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Tensor: shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than a Java array can hold");
        }
        return (int) n;
    }

    /** Row-major strides: the last dimension steps by 1. */
    static int[] contiguousStrides(int... shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Normalizes a possibly negative dimension index, naming {@code op} if it is out of range. */
    static int normalizeDim(int dim, int rank, String op) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for a tensor of rank "
                    + rank + " (valid: " + (-rank) + ".." + (rank - 1) + ")");
        }
        return d;
    }

    /** The shape {@code shape} takes when dims a..b are merged. */
    static int[] flattenShape(int[] shape, int a, int b) {
        int[] s = new int[shape.length - (b - a)];
        int m = 1;
        for (int i = a; i <= b; i++) {
            m *= shape[i];
        }
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i < a || i > b) {
                s[j++] = shape[i];
            } else if (i == a) {
                s[j++] = m;
            }
        }
        return s;
    }
}
