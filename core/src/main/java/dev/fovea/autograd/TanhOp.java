package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code tanh(x)}; derivative 1 - y². */
final class TanhOp extends PointwiseOp {
    private TanhOp(Tensor x, Tensor y) {
        super("tanh", x, y);

    }

    static Tensor apply(Tensor x) {
        float[] xs = x.data();
        float[] ys = new float[xs.length];
        forEach(xs.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                ys[i] = (float) Math.tanh(xs[i]);
            }
        });
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new TanhOp(x, y)) : y;
    }

    @Override
    protected boolean needsInput() {
        return false;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = g[i] * (1f - ys[i] * ys[i]);
        }
    }
}
