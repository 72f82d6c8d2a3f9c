package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code sqrt(x)}; derivative 1/(2 sqrt x) from the saved output. */
final class SqrtOp extends PointwiseOp {
    private SqrtOp(Tensor x, Tensor y) {
        super("sqrt", x, y);
    }

    static Tensor apply(Tensor x) {
        Tensor y = x.sqrt();
        return recording(x) ? record(y, new SqrtOp(x, y)) : y;
    }

    @Override
    protected boolean needsInput() {
        return false;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = g[i] * 0.5f / ys[i];
        }
    }
}
