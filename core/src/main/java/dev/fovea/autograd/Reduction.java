package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/** How a loss combines its per-element terms, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The average (over the batch, or over all elements for elementwise losses): a scalar. */
    MEAN,
    /** The sum: a scalar. */
    SUM,
    /** No reduction: one loss per sample (or element). */
    NONE;

    /** Parses "mean", "sum" or "none". */
    public static Reduction parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "mean" -> MEAN;
            case "sum" -> SUM;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("reduction: expected \"mean\", \"sum\" or \"none\", got \""
                    + s + "\"");
        };
    }

    /** The reduced loss from per-term losses of {@code shape}, accumulated in double; MEAN divides by all terms. */
    Tensor reduce(double[] terms, int[] shape) {
        return reduce(terms, shape, terms.length);
    }

    /** Like {@link #reduce(double[], int[])} with MEAN dividing by {@code count} (terms not ignored). */
    Tensor reduce(double[] terms, int[] shape, int count) {
        if (this == NONE) {
            float[] f = new float[terms.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) terms[i];
            }
            return new Tensor(f, shape);
        }
        double s = 0;
        for (double t : terms) {
            s += t;
        }
        // PyTorch gives NaN (0/0) for a mean over no terms, and so do we
        return Tensor.scalar((float) (this == MEAN ? s / count : s));
    }

    /**
     * The factor on each term's gradient given the upstream gradient: {@code dOut/count} for MEAN, {@code dOut}
     * for SUM, {@code dOut[i]} for NONE.
     */
    float[] termScales(Tensor dOut, int terms, int count) {
        float[] g = dOut.data();
        if (this == NONE) {
            return g;
        }
        float[] out = new float[terms];
        Arrays.fill(out, this == MEAN ? g[0] / count : g[0]);
        return out;
    }

    float[] termScales(Tensor dOut, int terms) {
        return termScales(dOut, terms, terms);
    }
}
