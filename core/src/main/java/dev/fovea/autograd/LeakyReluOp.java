package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code x > 0 ? x : negativeSlope * x}. */
final class LeakyReluOp extends PointwiseOp {
    private final float slope;

    private LeakyReluOp(Tensor x, Tensor y, float slope) {
        super("leaky_relu", x, null);
        this.slope = slope;
    }

    static Tensor apply(Tensor x, float slope) {
        float[] xs = x.data();
        float[] ys = new float[xs.length];
        forEach(xs.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = xs[i];
                ys[i] = v > 0f ? v : slope * v;
            }
        });
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new LeakyReluOp(x, y, slope)) : y;
    }

    @Override
    protected boolean needsInput() {
        return true;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = xs[i] > 0f ? g[i] : slope * g[i];
        }
    }
}
