package dev.fovea.autograd;

import dev.fovea.kernel.Parallel;
import dev.fovea.tensor.Tensor;

/**
 * Base of the one-input pointwise ops whose derivative needs only the saved input and output: each subclass
 * computes its forward in {@code apply} and its local derivative in {@link #derivative}, one tight loop over
 * contiguous arrays (no per-element virtual call). Long runs are split over threads: exp, tanh and erf cost
 * enough per element that two cores pay off well before memory bandwidth does.
 */
abstract class PointwiseOp extends Op {
    protected final Tensor x;
    protected final Tensor y;

    protected PointwiseOp(String name, Tensor x, Tensor y) {
        super(name, x);
        this.x = x;
        this.y = y == null ? null : y.detach();
    }

    /** Below this many elements a loop stays on the calling thread. */
    static final int PARALLEL_MIN = 1 << 15;

    /**
     * Fills {@code dx[from, to)} with dOut times the local derivative; {@code xs}/{@code ys} are input/output
     * values. {@code dx} may be {@code g} itself (each element is read before it is written).
     */
    protected abstract void derivative(float[] g, float[] xs, float[] ys, float[] dx, int from, int to);

    /** Runs {@code body} over [0, n), on several threads when n is large. */
    static void forEach(int n, Parallel.RangeBody body) {
        if (n < PARALLEL_MIN) {
            body.run(0, n);
        } else {
            Parallel.forRange(n, PARALLEL_MIN / 2, body);
        }
    }

    /** Whether {@link #derivative} reads the input (else only the output is needed and x is not copied out). */
    protected boolean needsInput() {
        return true;
    }

    @Override
    public final void backward(Tensor dOut) {
        if (!wants(x)) {
            return;
        }
        // the node owns dOut's buffer, so the input gradient is written over it: no allocation
        float[] g = dOut.data();
        float[] xs = needsInput() ? x.data() : null;
        float[] ys = y == null ? null : y.data();
        forEach(g.length, (from, to) -> derivative(g, xs, ys, g, from, to));
        send(x, new Tensor(g, x.shape()));
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
