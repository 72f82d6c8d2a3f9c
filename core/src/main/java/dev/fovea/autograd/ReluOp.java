package dev.fovea.autograd;

import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;

/** {@code max(x, 0)} on the Kernels relu primitives; backward keeps only the output (its sign equals x's). */
final class ReluOp extends Op {
    private final Tensor y;

    private ReluOp(Tensor x, Tensor y) {
        super("relu", x);
        this.y = y.detach();
    }

    static Tensor apply(Tensor x) {
        float[] src = x.data();
        float[] out = GradBuffers.activation(src.length);
        Kernels.get().reluForward(src.length, src, 0, out, 0);
        Tensor y = new Tensor(out, x.shape());
        return recording(x) ? record(y, new ReluOp(x, y)) : y;
    }

    /**
     * relu written over x's own storage, for fused layer paths (a convolution or linear layer followed by ReLU in
     * {@code Sequential}): one tensor and one pass less. The caller must own x and drop it. When recording, only
     * the fresh output of an op that keeps just its inputs for backward (convolution, linear) is overwritten; a
     * leaf, a view or any other op's output gets the out-of-place op, so a saved tensor is never changed.
     */
    static Tensor applyInPlace(Tensor x) {
        boolean record = recording(x);
        if (!ownsWholeStorage(x) || (record ? !(x.gradFn() instanceof ConvOp || x.gradFn() instanceof LinearOp)
                : x.requiresGrad())) {
            return apply(x);
        }
        float[] d = x.storage();
        Kernels.get().reluForward(d.length, d, 0, d, 0);
        if (!record) {
            return x;
        }
        Tensor y = new Tensor(d, x.shape());
        return record(y, new ReluOp(x, y));
    }

    private static boolean ownsWholeStorage(Tensor x) {
        return x.isContiguous() && x.offset() == 0 && x.storage().length == x.numel();
    }

    @Override
    public void backward(Tensor dOut) {
        float[] g = dOut.data();
        float[] ys = y.data();
        // the node owns dOut's buffer: overwrite it in place instead of allocating
        Kernels.get().reluBackward(g.length, ys, 0, g, 0, g, 0);
        send(inputs().get(0), new Tensor(g, inputs().get(0).shape()));
    }
}
