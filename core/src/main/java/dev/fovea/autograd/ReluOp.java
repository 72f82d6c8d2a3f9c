package dev.fovea.autograd;

import dev.fovea.kernel.Kernels;
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
        float[] out = new float[src.length];
        Kernels.get().reluForward(src.length, src, 0, out, 0);
        Tensor y = new Tensor(out, x.shape());
        return recording(x) ? record(y, new ReluOp(x, y)) : y;
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
