package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.List;

/**
 * Gradient clipping in place, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Parameters
 * without a gradient are ignored.
 */
public final class ClipGrad {
    private ClipGrad() {}

    /** Scales all gradients so that their global L2 norm is at most {@code maxNorm}; returns the norm before. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0, false);
    }

    /**
     * Scales all gradients by {@code maxNorm / (total + 1e-6)} when that is below 1, where {@code total} is the
     * {@code normType}-norm of all gradients taken together ({@code Double.POSITIVE_INFINITY} for the max norm).
     *
     * @param errorIfNonfinite throw when the norm is NaN or infinite instead of scaling by a non-finite factor
     * @return the total norm before clipping
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType,
            boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: normType must be > 0 (2 for L2, infinity for max),"
                    + " got " + normType);
        }
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double acc = 0;
        for (Tensor p : params) {
            Tensor g = contiguousGrad(p);
            if (g == null) {
                continue;
            }
            float[] d = g.storage();
            for (int i = g.offset(), end = g.offset() + g.numel(); i < end; i++) {
                double a = Math.abs(d[i]);
                if (inf) {
                    acc = Double.isNaN(a) ? a : Math.max(acc, a);
                } else if (normType == 2) {
                    acc += a * a;
                } else if (normType == 1) {
                    acc += a;
                } else {
                    acc += Math.pow(a, normType);
                }
            }
        }
        double total = inf ? acc : normType == 2 ? Math.sqrt(acc) : normType == 1 ? acc : Math.pow(acc, 1 / normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm: the total gradient norm is " + total
                    + "; the loss has probably diverged (lower the learning rate or check the inputs)");
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1 || Double.isNaN(coef)) {
            float c = (float) coef;
            for (Tensor p : params) {
                Tensor g = contiguousGrad(p);
                if (g == null) {
                    continue;
                }
                float[] d = g.storage();
                for (int i = g.offset(), end = g.offset() + g.numel(); i < end; i++) {
                    d[i] *= c;
                }
                g.bumpVersion();
            }
        }
        return total;
    }

    /** Clamps every gradient element to {@code [-clipValue, clipValue]}. */
    public static void clipGradValue(List<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        }
        float hi = (float) clipValue;
        float lo = -hi;
        for (Tensor p : params) {
            Tensor g = contiguousGrad(p);
            if (g == null) {
                continue;
            }
            float[] d = g.storage();
            for (int i = g.offset(), end = g.offset() + g.numel(); i < end; i++) {
                d[i] = Math.min(hi, Math.max(lo, d[i]));
            }
            g.bumpVersion();
        }
    }

    /** The gradient, replaced by a contiguous copy first if it was set as a strided view (rare). */
    private static Tensor contiguousGrad(Tensor p) {
        Tensor g = p.grad();
        if (g != null && !g.isContiguous()) {
            g = Tensor.of(g.toArray(), g.shape());
            p.setGrad(g);
        }
        return g;
    }
}
