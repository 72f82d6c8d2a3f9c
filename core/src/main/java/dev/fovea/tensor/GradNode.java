package dev.fovea.tensor;

import java.util.List;

/**
 * The hook that autograd hangs its graph on. A tensor produced by a differentiable op points at the node that
 * made it; the node knows its inputs and how to send an output gradient back to them.
 *
 * <p>It lives here rather than in {@code autograd} so that {@link Tensor#backward()} can walk the graph without
 * the tensor package depending on the op classes above it.
 */
public interface GradNode {
    /** Short op name for error messages and graph dumps, e.g. {@code "conv2d"}. */
    String name();

    /** The tensors this op read; gradients flow back to those that require them. */
    List<Tensor> inputs();

    /**
     * Accumulates the contribution of {@code dOut} (the gradient of the loss with respect to this node's output)
     * into the inputs' gradients, through {@link Tensor#accumulateGrad(Tensor)}. The node owns {@code dOut} only
     * until it returns: the sweep recycles the buffer afterwards unless an input adopted it ({@link GradBuffers}).
     */
    void backward(Tensor dOut);

    /**
     * True when the code that made this node's output declared that nothing outside the graph refers to the output
     * or its storage (see {@code dev.fovea.autograd.Scratch}): once a backward sweep has freed the node, the sweep
     * recycles the output's storage for later activations and gradients.
     */
    default boolean scratchOutput() {
        return false;
    }
}
