package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** Gaussian error linear unit {@code x Φ(x)} (PyTorch's {@code nn.GELU}), exact or the "tanh" approximation. */
public final class GELU extends Module {
    private final String approximate;

    public GELU() {
        this("none");
    }

    /** {@code approximate} is "none" (exact, erf) or "tanh". */
    public GELU(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException(typeName() + ": approximate must be \"none\" or \"tanh\", got \""
                    + approximate + "\"");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.gelu(input, approximate);
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
