package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code clamp(x, min, max)}: the gradient passes where min <= x <= max (PyTorch's convention at the edges). */
final class ClampOp extends PointwiseOp {
    private final float min;
    private final float max;

    private ClampOp(Tensor x, float min, float max) {
        super("clamp", x, null);
        this.min = min;
        this.max = max;
    }

    static Tensor apply(Tensor x, float min, float max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        Tensor y = x.clamp(min, max);
        return recording(x) ? record(y, new ClampOp(x, min, max)) : y;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = xs[i];
            dx[i] = v >= min && v <= max ? g[i] : 0f;
        }
    }
}
