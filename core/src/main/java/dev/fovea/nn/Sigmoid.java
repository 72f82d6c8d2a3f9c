package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** {@code 1 / (1 + exp(-x))} elementwise (PyTorch's {@code nn.Sigmoid}); any shape. */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.sigmoid(input);
    }
}
