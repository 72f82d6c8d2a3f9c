package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code x > 0 ? x : alpha (exp(x) - 1)}; below zero the derivative is y + alpha. */
final class EluOp extends PointwiseOp {
    private final float alpha;

    private EluOp(Tensor x, Tensor y, float alpha) {
        super("elu", x, y);
        this.alpha = alpha;
    }

    static Tensor apply(Tensor x, float alpha) {
        float[] xs = x.data();
        float[] ys = new float[xs.length];
        forEach(xs.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = xs[i];
                ys[i] = v > 0f ? v : (float) (alpha * Math.expm1(v));
            }
        });
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new EluOp(x, y, alpha)) : y;
    }

    @Override
    protected boolean needsInput() {
        return true;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = xs[i] > 0f ? g[i] : g[i] * (ys[i] + alpha);
        }
    }
}
