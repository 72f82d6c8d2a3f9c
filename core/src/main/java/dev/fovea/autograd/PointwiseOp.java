package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * Base of the one-input pointwise ops whose derivative needs only the saved input and output: each subclass
 * computes its forward in {@code apply} and its local derivative in {@link #derivative}, one tight loop over
 * contiguous arrays (no per-element virtual call).
 */
abstract class PointwiseOp extends Op {
    protected final Tensor x;
    protected final Tensor y;

    protected PointwiseOp(String name, Tensor x, Tensor y) {
        super(name, x);
        this.x = x;
        this.y = y == null ? null : y.detach();
    }

    /** Fills {@code dx} with dOut times the local derivative; {@code xs}/{@code ys} are input/output values. */
    protected abstract void derivative(float[] g, float[] xs, float[] ys, float[] dx);

    /** Whether {@link #derivative} reads the input (else only the output is needed and x is not copied out). */
    protected boolean needsInput() {
        return true;
    }

    @Override
    public final void backward(Tensor dOut) {
        if (!wants(x)) {
            return;
        }
        float[] g = dOut.data();
        float[] dx = new float[g.length];
        derivative(g, needsInput() ? x.data() : null, y == null ? null : y.data(), dx);
        send(x, new Tensor(dx, x.shape()));
    }

    /** The logistic function, computed so that neither tail overflows. */
    static float sigmoid(float v) {
        if (v >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-v)));
        }
        double e = Math.exp(v);
        return (float) (e / (1.0 + e));
    }

    /** {@code log(1 + exp(v))} without overflow for large v. */
    static double log1pExp(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }
}
