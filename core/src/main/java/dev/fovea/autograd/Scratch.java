package dev.fovea.autograd;

import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;

/**
 * Activations whose memory the backward sweep may reuse: PyTorch's caching allocator, for the cases where
 * ownership is known without reference counting. A fresh activation array costs more than the kernel that fills
 * it (the JVM zeroes it, in memory no cache holds), and a ResNet-20 training step made about 230 MB of them.
 *
 * <p>A block that keeps an intermediate result to itself (a convolution output only its batch norm reads, the
 * batch norm output only the next convolution reads) marks it; when a backward sweep has run every node of the
 * graph below it, that array is dead, and the sweep hands it to the thread's buffer pool ({@link GradBuffers}),
 * from which the next forward's ops take their outputs ({@link GradBuffers#activation}). Without autograd
 * recording (inference) a marked tensor is dead at once (the callers mark after its last read), and its memory
 * goes to the pool right away.
 */
public final class Scratch {
    private Scratch() {}

    /**
     * Declares that no reference to {@code t}, to a view of it or to its storage outlives {@code t}'s autograd
     * graph: only ops of that graph read it. Returns {@code t}. A no-op for tensors that are not op outputs with
     * a storage of their own.
     */
    public static Tensor mark(Tensor t) {
        if (t.offset() != 0 || !t.isContiguous() || t.storage().length != t.numel()) {
            return t;
        }
        if (t.gradFn() instanceof Op op) {
            op.markScratchOutput();
        } else if (t.gradFn() == null && !t.requiresGrad()) {
            // no graph (inference): every read of t is behind the caller already, so its memory is free now, for
            // the next layer's output; a ResNet-18 forward at batch 1 otherwise allocated (and had the JVM zero)
            // every activation afresh
            GradBuffers.recycle(t.storage());
        }
        return t;
    }

    /**
     * {@code out}, the result of the only op that reads {@code in}: marks {@code in} (see {@link #mark}) unless
     * {@code out} shares its storage (the op passed it through, or returned a view of it).
     */
    public static Tensor markRead(Tensor in, Tensor out) {
        if (out.storage() != in.storage()) {
            mark(in);
        }
        return out;
    }
}
