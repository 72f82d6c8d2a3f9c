package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** {@code log(1 + exp(beta x)) / beta}, linear above {@code threshold} (PyTorch's {@code nn.Softplus}). */
public final class Softplus extends Module {
    private final float beta;
    private final float threshold;

    public Softplus() {
        this(1f, 20f);
    }

    public Softplus(float beta, float threshold) {
        if (!(beta > 0) || !Float.isFinite(beta) || !Float.isFinite(threshold)) {
            throw new IllegalArgumentException(typeName() + ": beta must be positive and threshold finite, got beta="
                    + beta + ", threshold=" + threshold);
        }
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.softplus(input, beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
