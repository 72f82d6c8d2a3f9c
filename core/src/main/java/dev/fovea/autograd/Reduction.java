package dev.fovea.autograd;

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

    /** The reduced loss tensor from per-term losses of {@code shape}, accumulated in double. */
    dev.fovea.tensor.Tensor reduce(double[] terms, int[] shape) {
        if (this == NONE) {
            float[] f = new float[terms.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) terms[i];
            }
            return new dev.fovea.tensor.Tensor(f, shape);
        }
        double s = 0;
        for (double t : terms) {
            s += t;
        }
        if (this == MEAN) {
            s /= terms.length;
        }
        return dev.fovea.tensor.Tensor.scalar((float) s);
    }

    /**
     * The factor on term i's gradient given the upstream gradient: {@code dOut/count} for MEAN, {@code dOut} for
     * SUM, {@code dOut[i]} for NONE.
     */
    float[] termScales(dev.fovea.tensor.Tensor dOut, int count) {
        float[] g = dOut.data();
        if (this == NONE) {
            return g;
        }
        float s = this == MEAN ? g[0] / count : g[0];
        float[] out = new float[count];
        java.util.Arrays.fill(out, s);
        return out;
    }
}
