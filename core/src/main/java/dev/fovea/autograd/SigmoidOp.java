package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code 1 / (1 + exp(-x))}, stable in both tails; derivative y (1 - y). */
final class SigmoidOp extends PointwiseOp {
    private SigmoidOp(Tensor x, Tensor y) {
        super("sigmoid", x, y);

    }

    static Tensor apply(Tensor x) {
        float[] xs = x.data();
        float[] ys = new float[xs.length];
        forEach(xs.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                ys[i] = sigmoid(xs[i]);
            }
        });
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new SigmoidOp(x, y)) : y;
    }

    @Override
    protected boolean needsInput() {
        return false;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = g[i] * ys[i] * (1f - ys[i]);
        }
    }
}
