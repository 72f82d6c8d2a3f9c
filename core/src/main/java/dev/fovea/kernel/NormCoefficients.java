package dev.fovea.kernel;

/**
 * The per-channel numbers batch normalisation folds into one multiply-add, computed in one place so the scalar
 * reference, the SIMD kernels and the op that uses separate statistics and affine passes round identically.
 */
public final class NormCoefficients {
    private NormCoefficients() {}

    /** {@code 1 / sqrt(var + eps)}, in double then rounded once. */
    public static float invStd(float var, double eps) {
        return (float) (1.0 / Math.sqrt(var + eps));
    }

    /** {@code gamma[ch] * invStd} (gamma null means ones). */
    public static float scale(float[] gamma, int ch, float invStd) {
        return (float) ((gamma == null ? 1 : gamma[ch]) * (double) invStd);
    }

    /** {@code beta[ch] - mean * scale} (beta null means zeros). */
    public static float shift(float[] beta, int ch, float mean, float scale) {
        return (float) ((beta == null ? 0 : beta[ch]) - (double) mean * scale);
    }
}
