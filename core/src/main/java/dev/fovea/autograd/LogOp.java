package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code log(x)} (natural); derivative 1/x. */
final class LogOp extends PointwiseOp {
    private LogOp(Tensor x, Tensor y) {
        super("log", x, null);
    }

    static Tensor apply(Tensor x) {
        Tensor y = x.log();
        return recording(x) ? record(y, new LogOp(x, y)) : y;
    }

    @Override
    protected boolean needsInput() {
        return true;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = g[i] / xs[i];
        }
    }
}
