package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * GELU, exact ({@code x Φ(x)} with the normal CDF) or with PyTorch's tanh approximation
 * {@code 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))}.
 */
final class GeluOp extends PointwiseOp {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double C = 0.044715;

    private final boolean tanh;

    private GeluOp(Tensor x, Tensor y, boolean tanh) {
        super(tanh ? "gelu_tanh" : "gelu", x, y);
        this.tanh = tanh;
    }

    /** {@code approximate} is "none" or "tanh", as in PyTorch. */
    static Tensor apply(Tensor x, String approximate) {
        boolean tanh = switch (approximate) {
            case "none" -> false;
            case "tanh" -> true;
            default -> throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got \""
                    + approximate + "\"");
        };
        float[] xs = x.data();
        float[] ys = new float[xs.length];
        forEach(xs.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v = xs[i];
                ys[i] = (float) (tanh ? 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + C * v * v * v)))
                        : v * phi(v));
            }
        });
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new GeluOp(x, y, tanh)) : y;
    }

    /**
     * The forward factor is recovered from the saved output instead of being recomputed: Φ(x) = y/x (exact), and
     * 1 + tanh(u) = 2y/x (tanh form, for x <= 2), so backward needs one exp (exact) or usually no transcendental
     * (tanh) per element.
     */
    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = xs[i];
            double d;
            if (tanh) {
                // above x = 2, 2 - 2y/x would cancel catastrophically (tanh near 1): recompute tanh there
                double onePlusT = v > 2 ? 1 + Math.tanh(SQRT_2_OVER_PI * (v + C * v * v * v))
                        : v == 0 ? 1 : 2 * ys[i] / v;
                d = 0.5 * onePlusT
                        + 0.5 * v * onePlusT * (2 - onePlusT) * SQRT_2_OVER_PI * (1 + 3 * C * v * v);
            } else {
                double cdf = v == 0 ? 0.5 : ys[i] / v;
                d = cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
            }
            dx[i] = (float) (g[i] * d);
        }
    }

    /** The standard normal CDF, {@code erfc(-x/√2)/2}: accurate (relative) in both tails. */
    static double phi(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /**
     * The complementary error function via the Chebyshev-fitted exponential of Numerical Recipes (erfcc),
     * fractional error below 1.2e-7 everywhere: beyond what float32 results can show.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
