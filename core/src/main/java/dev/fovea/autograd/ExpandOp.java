package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** Broadcast to a larger shape without copying (stride 0); the gradient sums dOut over the expanded dims. */
final class ExpandOp extends Op {
    private final int[] inShape;

    private ExpandOp(Tensor x) {
        super("expand", x);
        this.inShape = x.shape();
    }

    static Tensor apply(Tensor x, int... shape) {
        Tensor out = x.expand(shape);
        return recording(x) ? record(out, new ExpandOp(x)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        send(inputs().get(0), dOut.sumToSize(inShape));
    }
}
