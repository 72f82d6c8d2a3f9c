package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;

/**
 * Inverted dropout (PyTorch's {@code nn.Dropout}): in training, zeroes each element with probability {@code p}
 * and scales the rest by {@code 1/(1-p)}; identity in eval.
 */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    /** Draws its masks from a generator forked from {@link Init#defaultGenerator()}. */
    public Dropout(double p) {
        this(p, Init.defaultGenerator().fork());
    }

    public Dropout(double p, Rng rng) {
        Spec.probability(typeName(), p);
        this.p = p;
        this.rng = rng;
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout(input, (float) p, isTraining(), rng);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
