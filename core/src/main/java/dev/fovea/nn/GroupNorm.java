package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import dev.fovea.tensor.Rng;

/**
 * Group normalisation (PyTorch's {@code nn.GroupNorm}): statistics per sample over groups of
 * {@code C / num_groups} channels, then a per-channel affine transform. Independent of the batch size, so it
 * suits small batches; the same in training and eval.
 */
public final class GroupNorm extends Module {
    /** Validated hyperparameters. */
    public record Options(int numGroups, int numChannels, double eps, boolean affine) {
        public Options {
            Spec.positive("GroupNorm", "num_groups", numGroups);
            Spec.positive("GroupNorm", "num_channels", numChannels);
            if (numChannels % numGroups != 0) {
                throw new IllegalArgumentException("GroupNorm: num_groups=" + numGroups + " must divide num_channels="
                        + numChannels);
            }
            Spec.positiveFinite("GroupNorm", "eps", eps);
        }
    }

    public final Parameter weight;
    public final Parameter bias;
    private final Options options;

    /** eps 1e-5, affine. */
    public GroupNorm(int numGroups, int numChannels) {
        this(new Options(numGroups, numChannels, 1e-5, true));
    }

    public GroupNorm(Options options) {
        this.options = options;
        int c = options.numChannels();
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
        if (input.dim() < 2) {
            throw shapeError("expected an input [N, C, *], got shape " + java.util.Arrays.toString(input.shape()));
        }
        expectSize(input, 1, options.numChannels(), "channels");
        return ConvNd.guard(this, () -> F.groupNorm(input, options.numGroups(),
                weight == null ? null : weight.tensor(), bias == null ? null : bias.tensor(), options.eps()));
    }

    @Override
    protected String extraRepr() {
        return options.numGroups() + ", " + options.numChannels() + ", eps=" + options.eps() + ", affine="
                + options.affine();
    }
}
