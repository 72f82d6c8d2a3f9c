package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** LogSoftmax along {@code dim} (PyTorch's {@code nn.LogSoftmax}; default dim 1, the class dimension of [N, C]). */
public final class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax() {
        this(1);
    }

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (dim >= input.dim() || dim < -input.dim()) {
            throw shapeError("expected an input with dimension " + dim + ", got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        return F.logSoftmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
