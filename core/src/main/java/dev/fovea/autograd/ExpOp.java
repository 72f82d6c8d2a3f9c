package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code exp(x)}; the derivative is the saved output. */
final class ExpOp extends PointwiseOp {
    private ExpOp(Tensor x, Tensor y) {
        super("exp", x, y);
    }

    static Tensor apply(Tensor x) {
        Tensor y = x.exp();
        return recording(x) ? record(y, new ExpOp(x, y)) : y;
    }

    @Override
    protected boolean needsInput() {
        return false;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = g[i] * ys[i];
        }
    }
}
