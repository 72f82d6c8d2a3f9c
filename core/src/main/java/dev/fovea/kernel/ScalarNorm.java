package dev.fovea.kernel;

/**
 * Reference loops for the batch-normalisation section of {@link Kernels}: single-threaded, with every reduction
 * in double, so they are the accurate ground truth the SIMD versions are tested against. Channel {@code ch} of
 * an [N, C, S] buffer is the N runs {@code [(i*C + ch)*S, (i*C + ch + 1)*S)}.
 */
final class ScalarNorm {
    private ScalarNorm() {}

    /** Two passes (mean, then squared deviations from it): exact enough whatever the mean's magnitude. */
    static void statistics(int n, int c, int s, float[] x, float[] mean, float[] var) {
        double count = (double) n * s;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int p = (i * c + ch) * s, end = p + s; p < end; p++) {
                    sum += x[p];
                }
            }
            double mu = sum / count;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int p = (i * c + ch) * s, end = p + s; p < end; p++) {
                    double d = x[p] - mu;
                    sq += d * d;
                }
            }
            mean[ch] = (float) mu;
            var[ch] = (float) (sq / count);
        }
    }

    static void forward(int n, int c, int s, float[] x, float[] scale, float[] shift, boolean relu, float[] y) {
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                float a = scale[ch];
                float b = shift[ch];
                for (int p = (i * c + ch) * s, end = p + s; p < end; p++) {
                    float v = x[p] * a + b;
                    y[p] = relu ? Math.max(v, 0f) : v;
                }
            }
        }
    }

    /** Statistics, then coefficients, then the affine pass: the composition the contract describes. */
    static void trainingForward(int n, int c, int s, float[] x, float[] gamma, float[] beta, double eps,
            boolean relu, float[] y, float[] mean, float[] var, float[] invStd) {
        statistics(n, c, s, x, mean, var);
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            invStd[ch] = NormCoefficients.invStd(var[ch], eps);
            scale[ch] = NormCoefficients.scale(gamma, ch, invStd[ch]);
            shift[ch] = NormCoefficients.shift(beta, ch, mean[ch], scale[ch]);
        }
        forward(n, c, s, x, scale, shift, relu, y);
    }

    static void backward(int n, int c, int s, float[] x, float[] dOut, float[] reluOut, float[] mean,
            float[] invStd, float[] gamma, boolean batchStats, float[] dInput, float[] dGamma, float[] dBeta) {
        double count = (double) n * s;
        for (int ch = 0; ch < c; ch++) {
            float mu = mean[ch];
            double inv = invStd[ch];
            double sumDy = 0;
            double sumDyXmu = 0;
            for (int i = 0; i < n; i++) {
                for (int p = (i * c + ch) * s, end = p + s; p < end; p++) {
                    float dy = gradient(dOut, reluOut, p);
                    sumDy += dy;
                    sumDyXmu += (double) dy * (x[p] - mu);
                }
            }
            if (dGamma != null) {
                dGamma[ch] = (float) (sumDyXmu * inv);
            }
            if (dBeta != null) {
                dBeta[ch] = (float) sumDy;
            }
            if (dInput == null) {
                continue;
            }
            // dInput = a*dy + b*(x - mean) + k: the mean of dy and the projection on xhat come off in batch mode
            double g = gamma == null ? 1 : gamma[ch];
            float a = (float) (g * inv);
            float b = batchStats ? (float) (-g * inv * inv * inv * sumDyXmu / count) : 0f;
            float k = batchStats ? (float) (-g * inv * sumDy / count) : 0f;
            for (int i = 0; i < n; i++) {
                for (int p = (i * c + ch) * s, end = p + s; p < end; p++) {
                    dInput[p] = a * gradient(dOut, reluOut, p) + b * (x[p] - mu) + k;
                }
            }
        }
    }

    /** The gradient reaching batch norm's output: dOut, or zero where a fused ReLU's output is not positive. */
    private static float gradient(float[] dOut, float[] reluOut, int p) {
        return reluOut == null || reluOut[p] > 0f ? dOut[p] : 0f;
    }
}
