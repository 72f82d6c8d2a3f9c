package dev.fovea.cli.conformance;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Element-wise comparison with {@code |actual - expected| <= atol + rtol * |expected|} (FORMAT.md section 2). A
 * failing comparison reports its worst element: the one furthest out of tolerance, relative to what was allowed.
 */
final class Comparison {
    /** A failed check; {@code severity} orders problems (how many times the allowed error was exceeded). */
    record Problem(double severity, String message) {}

    private Comparison() {}

    /** Null when every element is within tolerance. */
    static Problem compare(String label, Tensor actual, CaseTensor expected, double rtol, double atol) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return new Problem(Double.POSITIVE_INFINITY, label + ": shape " + Arrays.toString(actual.shape())
                    + ", expected " + expected.shapeString());
        }
        float[] a = actual.toArray();
        float[] e = expected.floats();
        int bad = 0;
        int worst = -1;
        double worstRatio = -1;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - e[i]);
            double allowed = atol + rtol * Math.abs((double) e[i]);
            boolean ok = diff <= allowed; // false for NaN
            if (!ok) {
                bad++;
                double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY
                        : allowed > 0 ? diff / allowed : Double.POSITIVE_INFINITY;
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worst = i;
                }
            }
        }
        if (bad == 0) {
            return null;
        }
        double diff = Math.abs((double) a[worst] - e[worst]);
        double allowed = atol + rtol * Math.abs((double) e[worst]);
        String msg = String.format("%s%s: got %s, expected %s (|error| %.3g > allowed %.3g; %d of %d elements out of"
                + " tolerance)", label, index(worst, expected.shape()), a[worst], e[worst], diff, allowed, bad,
                a.length);
        return new Problem(worstRatio, msg);
    }

    /** The multi-index of flat position {@code flat} in row-major order, e.g. {@code [1, 0, 2]}. */
    static String index(int flat, int[] shape) {
        if (shape.length == 0) {
            return "";
        }
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return Arrays.toString(idx);
    }
}
