package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** {@code x > 0 ? x : alpha (exp(x) - 1)} (PyTorch's {@code nn.ELU}, default alpha 1); any shape. */
public final class ELU extends Module {
    private final float alpha;

    public ELU() {
        this(1f);
    }

    public ELU(float alpha) {
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException(typeName() + ": alpha must be finite, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.elu(input, alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
