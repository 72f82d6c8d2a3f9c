package dev.fovea.nn;

import dev.fovea.tensor.Tensor;

/** Returns its input unchanged: a placeholder shortcut, or a layer removed from a model (e.g. a replaced head). */
public final class Identity extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
