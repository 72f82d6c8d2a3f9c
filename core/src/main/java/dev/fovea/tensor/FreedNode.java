package dev.fovea.tensor;

import java.util.List;

/**
 * What a non-leaf tensor points at after backward has consumed its node. The graph is one-shot (its saved
 * activations are released), so a second backward through the same tensor must fail loudly rather than stop
 * there and return partial gradients without a word.
 */
record FreedNode(String name) implements GradNode {
    @Override
    public List<Tensor> inputs() {
        return List.of();
    }

    @Override
    public void backward(Tensor dOut) {
        throw new IllegalStateException("backward: the graph through this " + name + " result was already freed by"
                + " an earlier backward(); recompute the forward pass, or add the losses and call backward once");
    }
}
