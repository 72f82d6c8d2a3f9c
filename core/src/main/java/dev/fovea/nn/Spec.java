package dev.fovea.nn;

import java.util.Arrays;

/** Validation helpers shared by the hyperparameter records. */
final class Spec {
    private Spec() {}

    /** One value per spatial dimension: a single value is repeated, otherwise the length must be {@code dims}. */
    static int[] expand(String layer, String what, int[] values, int dims, int min) {
        if (values == null || (values.length != 1 && values.length != dims)) {
            throw new IllegalArgumentException(layer + ": " + what + " needs " + (dims == 1 ? "1 value" : "1 or " + dims
                    + " values") + ", got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        int[] out = new int[dims];
        for (int i = 0; i < dims; i++) {
            out[i] = values.length == 1 ? values[0] : values[i];
            if (out[i] < min) {
                throw new IllegalArgumentException(layer + ": " + what + " must be >= " + min + ", got "
                        + Arrays.toString(values));
            }
        }
        return out;
    }

    static void positive(String layer, String what, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(layer + ": " + what + " must be >= 1, got " + value);
        }
    }

    static void probability(String layer, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(layer + ": p must be in [0, 1], got " + p);
        }
    }

    static void positiveFinite(String layer, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(layer + ": " + what + " must be positive and finite, got " + v);
        }
    }
}
