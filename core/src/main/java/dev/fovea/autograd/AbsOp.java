package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code |x|}; derivative sign(x) (0 at 0, as in PyTorch). */
final class AbsOp extends PointwiseOp {
    private AbsOp(Tensor x, Tensor y) {
        super("abs", x, null);
    }

    static Tensor apply(Tensor x) {
        Tensor y = x.abs();
        return recording(x) ? record(y, new AbsOp(x, y)) : y;
    }

    @Override
    protected boolean needsInput() {
        return true;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = g[i] * Math.signum(xs[i]);
        }
    }
}
