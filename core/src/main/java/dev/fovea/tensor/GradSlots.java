package dev.fovea.tensor;

import java.util.Arrays;

/**
 * The checks and arithmetic behind a tensor's autograd slots ({@code requiresGrad}, {@code grad},
 * {@code gradFn}): adding a gradient into the slot and the entry checks of {@code backward}. {@link Tensor}
 * keeps the slots themselves; the sweep is {@link Backward}.
 */
final class GradSlots {
    private GradSlots() {}

    /** Refuses to turn gradients off on a tensor some op produced: only leaves may stop requiring them. */
    static void checkRequiresGrad(Tensor t, boolean value) {
        if (t.gradFn() != null && !value) {
            throw new IllegalStateException("requiresGrad: cannot turn off gradients of a non-leaf tensor made by "
                    + t.gradFn().name() + "; use detach()");
        }
    }

    /** Refuses a gradient (null clears) whose shape differs from the tensor's. */
    static void checkGrad(Tensor t, Tensor g) {
        if (g != null && !Arrays.equals(g.shapeRef(), t.shapeRef())) {
            throw new IllegalArgumentException("setGrad: expected gradient of shape " + Arrays.toString(t.shapeRef())
                    + ", got " + Arrays.toString(g.shapeRef()));
        }
    }

    /**
     * {@code grad + g} for the gradient slot of {@code t} ({@code grad} is its current content, null before the
     * first contribution); see {@link Tensor#accumulateGrad} for who owns which buffer afterwards.
     */
    static Tensor accumulate(Tensor t, Tensor grad, Tensor g) {
        int[] shape = t.shapeRef();
        if (!Arrays.equals(g.shapeRef(), shape)) {
            throw new IllegalStateException("backward: gradient of shape " + Arrays.toString(g.shapeRef())
                    + " does not match tensor of shape " + Arrays.toString(shape)
                    + (t.gradFn() != null ? " made by " + t.gradFn().name() : ""));
        }
        if (grad == null) {
            // a view (offset, partial or strided) must not become the gradient: accumulation below assumes a
            // private row-major buffer, and a shared one would leak other tensors' values into it
            return Layout.ownsWholeStorage(g) && g.gradFn() == null && !g.requiresGrad() ? g
                    : new Tensor(g.toArray(), shape);
        }
        if (!Layout.ownsWholeStorage(grad)) {
            // set by the user through setGrad: make it private before adding into it
            grad = new Tensor(grad.toArray(), shape);
        }
        float[] acc = grad.storage();
        if (Layout.ownsWholeStorage(g)) {
            dev.fovea.kernel.Kernels.get().axpy(acc.length, 1f, g.storage(), 0, acc, 0);
            GradBuffers.added(g.storage());
        } else {
            BinaryOp.apply(BinaryOp.ADD, 1f, grad, g, grad, "backward");
        }
        return grad;
    }

    /** The gradient 1 that starts {@code backward()} from a scalar loss. */
    static Tensor unitGrad(Tensor loss) {
        if (loss.numel() != 1) {
            throw new IllegalStateException("backward: expected a scalar loss, got shape "
                    + Arrays.toString(loss.shapeRef()) + "; pass an explicit gradient with backward(grad)");
        }
        return Tensor.full(1f, loss.shapeRef());
    }

    /** Runs the sweep from {@code root}, which must be part of a graph (or a leaf requiring grad). */
    static void backward(Tensor root, Tensor dOut) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: this tensor does not require grad; did you compute it in a"
                    + " no-grad scope, or forget requiresGrad(true) on the parameters?");
        }
        Backward.run(root, dOut);
    }
}
