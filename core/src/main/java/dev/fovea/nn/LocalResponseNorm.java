package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/**
 * AlexNet's local response normalisation across {@code size} neighbouring channels (PyTorch's
 * {@code nn.LocalResponseNorm}): {@code y = x / (k + alpha/size * sum x²)^beta}. No parameters.
 */
public final class LocalResponseNorm extends Module {
    /** Validated hyperparameters. */
    public record Options(int size, double alpha, double beta, double k) {
        public Options {
            Spec.positive("LocalResponseNorm", "size", size);
            if (!Double.isFinite(alpha) || !Double.isFinite(beta) || !(k > 0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("LocalResponseNorm: alpha and beta must be finite and k positive,"
                        + " got alpha=" + alpha + ", beta=" + beta + ", k=" + k);
            }
        }
    }

    private final Options options;

    /** PyTorch's defaults: alpha 1e-4, beta 0.75, k 1. */
    public LocalResponseNorm(int size) {
        this(new Options(size, 1e-4, 0.75, 1.0));
    }

    public LocalResponseNorm(Options options) {
        this.options = options;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3) {
            throw shapeError("expected an input [N, C, *] of rank >= 3, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        return ConvNd.guard(this, () -> F.localResponseNorm(input, options.size(), options.alpha(), options.beta(),
                options.k()));
    }

    @Override
    protected String extraRepr() {
        return options.size() + ", alpha=" + options.alpha() + ", beta=" + options.beta() + ", k=" + options.k();
    }
}
