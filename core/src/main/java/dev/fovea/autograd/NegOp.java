package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code -x}. */
final class NegOp extends PointwiseOp {
    private NegOp(Tensor x, Tensor y) {
        super("neg", x, null);
    }

    static Tensor apply(Tensor x) {
        Tensor y = x.neg();
        return recording(x) ? record(y, new NegOp(x, y)) : y;
    }

    @Override
    protected boolean needsInput() {
        return false;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = -g[i];
        }
    }
}
