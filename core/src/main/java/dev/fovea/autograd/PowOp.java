package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code x^p} for a constant exponent p; derivative {@code p x^(p-1)}. */
final class PowOp extends PointwiseOp {
    private final float p;

    private PowOp(Tensor x, float p) {
        super("pow", x, null);
        this.p = p;
    }

    static Tensor apply(Tensor x, float p) {
        Tensor y = x.pow(p);
        return recording(x) ? record(y, new PowOp(x, p)) : y;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx) {
        if (p == 0f) {
            return; // constant: zero gradient everywhere, even at x = 0
        }
        if (p == 2f) {
            for (int i = 0; i < g.length; i++) {
                dx[i] = 2f * g[i] * xs[i];
            }
            return;
        }
        for (int i = 0; i < g.length; i++) {
            dx[i] = (float) (g[i] * p * Math.pow(xs[i], p - 1f));
        }
    }
}
