package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;

/**
 * Fully connected layer {@code y = x·weightᵀ + bias} over the last dimension (PyTorch's {@code nn.Linear}):
 * weight [out, in], bias [out], input [*, in]. PyTorch's default initialisation.
 */
public final class Linear extends Module {
    /** Validated hyperparameters. */
    public record Options(int inFeatures, int outFeatures, boolean bias) {
        public Options {
            Spec.positive("Linear", "in_features", inFeatures);
            Spec.positive("Linear", "out_features", outFeatures);
        }
    }

    public final Parameter weight;
    public final Parameter bias;
    private final Options options;

    public Linear(int inFeatures, int outFeatures) {
        this(new Options(inFeatures, outFeatures, true));
    }

    public Linear(Options options) {
        this(options, Init.defaultGenerator());
    }

    public Linear(Options options, Rng rng) {
        this.options = options;
        this.weight = registerParameter("weight", Parameter.zeros(options.outFeatures(), options.inFeatures()));
        this.bias = registerParameter("bias", options.bias() ? Parameter.zeros(options.outFeatures()) : null);
        resetOwnParameters(rng);
    }

    public Options options() {
        return options;
    }

    @Override
    protected void resetOwnParameters(Rng rng) {
        Init.defaultWeight(weight.tensor(), rng);
        if (bias != null) {
            Init.defaultBias(bias.tensor(), weight.shape(), rng);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 1) {
            throw shapeError("expected an input [*, " + options.inFeatures() + "], got a scalar");
        }
        if (input.size(-1) != options.inFeatures()) {
            throw shapeError("expected " + options.inFeatures() + " input features, got " + input.size(-1)
                    + " (input shape " + java.util.Arrays.toString(input.shape()) + ")"
                    + (input.dim() > 2 ? "; flatten the input first (Flatten)" : ""));
        }
        return ConvNd.guard(this, () -> F.linear(input, weight.tensor(), bias == null ? null : bias.tensor()));
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + options.inFeatures() + ", out_features=" + options.outFeatures() + ", bias="
                + options.bias();
    }
}
