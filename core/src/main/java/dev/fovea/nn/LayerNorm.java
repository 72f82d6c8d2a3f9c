package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;
import dev.fovea.tensor.Rng;

/**
 * Normalises over the trailing {@code normalized_shape} of each sample, with an elementwise affine transform of
 * that shape (PyTorch's {@code nn.LayerNorm}); the same in training and eval.
 */
public final class LayerNorm extends Module {
    /** Validated hyperparameters. */
    public record Options(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        public Options {
            if (normalizedShape == null || normalizedShape.length == 0) {
                throw new IllegalArgumentException("LayerNorm: normalized_shape needs at least one dimension");
            }
            normalizedShape = normalizedShape.clone();
            for (int d : normalizedShape) {
                Spec.positive("LayerNorm", "normalized_shape entries", d);
            }
            Spec.positiveFinite("LayerNorm", "eps", eps);
        }

        @Override
        public int[] normalizedShape() {
            return normalizedShape.clone();
        }
    }

    public final Parameter weight;
    public final Parameter bias;
    private final Options options;

    /** eps 1e-5, with affine weight and bias. */
    public LayerNorm(int... normalizedShape) {
        this(new Options(normalizedShape, 1e-5, true));
    }

    public LayerNorm(Options options) {
        this.options = options;
        int[] s = options.normalizedShape();
        this.weight = registerParameter("weight", options.elementwiseAffine() ? Parameter.zeros(s) : null);
        this.bias = registerParameter("bias", options.elementwiseAffine() ? Parameter.zeros(s) : null);
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
        int[] ns = options.normalizedShape();
        int[] shape = input.shape();
        if (shape.length < ns.length
                || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - ns.length, shape.length), ns)) {
            throw shapeError("expected an input [*, " + Arrays.toString(ns).replaceAll("[\\[\\]]", "")
                    + "], got shape " + Arrays.toString(shape));
        }
        return ConvNd.guard(this, () -> F.layerNorm(input, ns, weight == null ? null : weight.tensor(),
                bias == null ? null : bias.tensor(), options.eps()));
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(options.normalizedShape()) + ", eps=" + options.eps() + ", elementwise_affine="
                + options.elementwiseAffine();
    }
}
