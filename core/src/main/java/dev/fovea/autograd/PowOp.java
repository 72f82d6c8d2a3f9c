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
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        if (p == 0f) {
            java.util.Arrays.fill(dx, from, to, 0f); // a constant: zero gradient everywhere, even at x = 0
            return;
        }
        if (p == 2f) {
            for (int i = from; i < to; i++) {
                dx[i] = 2f * g[i] * xs[i];
            }
            return;
        }
        for (int i = from; i < to; i++) {
            dx[i] = (float) (g[i] * p * Math.pow(xs[i], p - 1f));
        }
    }
}
