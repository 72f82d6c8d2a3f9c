package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** Softmax along {@code dim} (PyTorch's {@code nn.Softmax}; default dim 1, the class dimension of [N, C]). */
public final class Softmax extends Module {
    private final int dim;

    public Softmax() {
        this(1);
    }

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (dim >= input.dim() || dim < -input.dim()) {
            throw shapeError("expected an input with dimension " + dim + ", got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        return F.softmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
