package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import dev.fovea.tensor.Rng;

/**
 * Channel dropout (PyTorch's {@code nn.Dropout2d}): in training, zeroes whole (sample, channel) planes with
 * probability {@code p} and scales the rest by {@code 1/(1-p)}; neighbouring pixels are correlated, so dropping
 * single pixels would regularise little. Identity in eval.
 */
public final class Dropout2d extends Module {
    private final double p;
    private final Rng rng;

    /** Draws its masks from a generator seeded from {@link Init#defaultGenerator()}. */
    public Dropout2d(double p) {
        this(p, Init.defaultGenerator().fork());
    }

    public Dropout2d(double p, Rng rng) {
        Spec.probability(typeName(), p);
        this.p = p;
        this.rng = rng;
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw shapeError("expected a 3-D [N, C, L] or 4-D [N, C, H, W] input, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        return F.dropout2d(input, p, isTraining(), rng);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
