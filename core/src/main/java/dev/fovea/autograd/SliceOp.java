package dev.fovea.autograd;

import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;

/**
 * A strided slice along one dim (slice with step, narrow, the pieces of split and chunk); the gradient is dOut
 * written into zeros of the input's shape.
 */
final class SliceOp extends Op {
    private final int dim;
    private final int start;
    private final int end;
    private final int step;

    private SliceOp(Tensor x, int dim, int start, int end, int step) {
        super("slice", x);
        this.dim = dim;
        this.start = start;
        this.end = end;
        this.step = step;
    }

    static Tensor apply(Tensor x, int dim, int start, int end, int step) {
        Tensor out = x.slice(dim, start, end, step);
        return recording(x) ? record(out, new SliceOp(x, dim, start, end, step)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        int[] shape = inputs().get(0).shape();
        Tensor dx = new Tensor(GradBuffers.zeros(Tensor.numel(shape)), shape);
        dx.slice(dim, start, end, step).copyFrom(dOut);
        send(inputs().get(0), dx);
    }
}
