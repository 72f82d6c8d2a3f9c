package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * Any change of shape that keeps the row-major order: reshape, view, flatten, squeeze, unsqueeze. The output is a
 * view when the input is contiguous; the gradient is dOut with the input's shape.
 */
final class ReshapeOp extends Op {
    private final int[] inShape;

    private ReshapeOp(String name, Tensor x) {
        super(name, x);
        this.inShape = x.shape();
    }

    static Tensor apply(String name, Tensor x, int... shape) {
        Tensor out = name.equals("view") ? x.view(shape) : x.reshape(shape);
        return recording(x) ? record(out, new ReshapeOp(name, x)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        send(inputs().get(0), dOut.reshape(inShape));
    }
}
