package dev.fovea.autograd;

/**
 * The differentiable functions: the front door to the op classes of this package, in the vocabulary of
 * {@code torch} and {@code torch.nn.functional}. Each method checks shapes once, computes the result and, when
 * recording, links it into the graph.
 */
public final class F {
    private F() {}

    // ---------------------------------------------------------------- tensor math (autograd helper)

    // ---------------------------------------------------------------- activations and losses (autograd helper)

    // ---------------------------------------------------------------- layers: conv, pooling, norms, resampling (layers helper)
}
