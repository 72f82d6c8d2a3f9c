package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import dev.fovea.tensor.Rng;

/**
 * Instance normalisation of [N, C, H, W] (PyTorch's {@code nn.InstanceNorm2d}): each (sample, channel) plane is
 * normalised by its own statistics, as in style transfer. Like PyTorch's default, no running statistics are kept,
 * so training and eval agree; {@code affine} (default false) adds per-channel weight and bias.
 */
public final class InstanceNorm2d extends Module {
    /** Validated hyperparameters. */
    public record Options(int numFeatures, double eps, boolean affine) {
        public Options {
            Spec.positive("InstanceNorm2d", "num_features", numFeatures);
            Spec.positiveFinite("InstanceNorm2d", "eps", eps);
        }
    }

    public final Parameter weight;
    public final Parameter bias;
    private final Options options;

    /** eps 1e-5, no affine transform. */
    public InstanceNorm2d(int numFeatures) {
        this(new Options(numFeatures, 1e-5, false));
    }

    public InstanceNorm2d(Options options) {
        this.options = options;
        int c = options.numFeatures();
        this.weight = registerParameter("weight", options.affine() ? Parameter.zeros(c) : null);
        this.bias = registerParameter("bias", options.affine() ? Parameter.zeros(c) : null);
        resetOwnParameters(null);
    }

    @Override
    protected void resetOwnParameters(Rng rng) {
        if (weight != null) {
            Init.ones(weight.tensor());
            Init.zeros(bias.tensor());
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        expectRank(input, 4, "[N, C, H, W]");
        expectSize(input, 1, options.numFeatures(), "channels (num_features)");
        return ConvNd.guard(this, () -> F.instanceNorm(input, weight == null ? null : weight.tensor(),
                bias == null ? null : bias.tensor(), options.eps()));
    }

    @Override
    protected String extraRepr() {
        return options.numFeatures() + ", eps=" + options.eps() + ", affine=" + options.affine();
    }
}
