package dev.fovea.autograd;

import dev.fovea.tensor.GradNode;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Base of every differentiable op: one small subclass per op, with its forward (a static method that computes
 * the output and, when recording, attaches an instance of the op) and its {@link #backward(Tensor)} side by side.
 * The instance keeps exactly what backward needs (saved inputs, argmax indices, statistics).
 *
 * <p>Ownership of gradient buffers: {@code backward(dOut)} receives a private buffer, which it may send to one
 * input as is (or reshape and send); every other gradient it sends must be freshly allocated (or taken from
 * {@link dev.fovea.tensor.GradBuffers}). Leaves adopt the first gradient they receive without copying. A node must
 * not keep dOut after backward returns: unless an input adopted it, the sweep recycles its buffer.
 */
public abstract class Op implements GradNode {
    private final String name;
    private final List<Tensor> inputs;
    private boolean scratchOutput;

    protected Op(String name, Tensor... inputs) {
        this.name = name;
        this.inputs = Collections.unmodifiableList(Arrays.asList(inputs));
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Tensor> inputs() {
        return inputs;
    }

    @Override
    public final boolean scratchOutput() {
        return scratchOutput;
    }

    /** See {@link Scratch#mark}. */
    final void markScratchOutput() {
        scratchOutput = true;
    }

    /** True when recording is on and at least one of the tensors needs a gradient. */
    public static boolean recording(Tensor... tensors) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : tensors) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Attaches {@code op} to {@code out} when recording; returns {@code out}. */
    protected static Tensor record(Tensor out, Op op) {
        return out.withGradFn(op);
    }

    /** Sends {@code grad} to {@code input} if it wants one; {@code grad} must be a fresh buffer. */
    protected static void send(Tensor input, Tensor grad) {
        if (input != null && input.requiresGrad()) {
            input.accumulateGrad(grad);
        }
    }

    /**
     * The gradient for an input of {@code shape} from a gradient of the broadcast output: summed over the
     * broadcast dims. Returns {@code dOut} itself when no reduction is needed; a node owns the dOut it is given
     * and may hand it over to ONE input, never to two.
     */
    protected static Tensor unbroadcast(Tensor dOut, int[] shape) {
        return dOut.sumToSize(shape);
    }

    /** Whether {@code input} wants a gradient (lets backward skip work nobody reads). */
    protected static boolean wants(Tensor input) {
        return input != null && input.requiresGrad();
    }
}
