package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code beta x > threshold ? x : log(1 + exp(beta x)) / beta}; derivative sigmoid(beta x) (1 above the threshold). */
final class SoftplusOp extends PointwiseOp {
    private final float beta;
    private final float threshold;

    private SoftplusOp(Tensor x, Tensor y, float beta, float threshold) {
        super("softplus", x, null);
        this.beta = beta;
        this.threshold = threshold;
    }

    static Tensor apply(Tensor x, float beta, float threshold) {
        if (!(beta > 0)) {
            throw new IllegalArgumentException("softplus: beta must be positive, got " + beta);
        }
        float[] xs = x.data();
        float[] ys = new float[xs.length];
        forEach(xs.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double bx = (double) beta * xs[i];
                ys[i] = bx > threshold ? xs[i] : (float) (log1pExp(bx) / beta);
            }
        });
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new SoftplusOp(x, y, beta, threshold)) : y;
    }

    @Override
    protected boolean needsInput() {
        return true;
    }

    @Override
    protected void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            float bx = beta * xs[i];
            dx[i] = bx > threshold ? g[i] : g[i] * sigmoid(bx);
        }
    }
}
