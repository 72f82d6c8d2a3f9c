package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code x - max - log Σ exp(x - max)} along a dim; backward {@code dy - exp(y) Σ dy} from the saved output. */
final class LogSoftmaxOp extends Op {
    private final Tensor y;
    private final int[] split;

    private LogSoftmaxOp(Tensor x, Tensor y, int[] split) {
        super("log_softmax", x);
        this.y = y.detach();
        this.split = split;
    }

    static Tensor apply(Tensor x, int dim) {
        String name = "log_softmax";
        int[] split = SoftmaxOp.split(x.shape(), Tensor.normalizeDim(dim, Math.max(1, x.dim()), name));
        float[] xs = x.data();
        float[] ys = new float[xs.length];
        SoftmaxKernel.forward(xs, ys, split[0], split[1], split[2], true);
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new LogSoftmaxOp(x, y, split)) : y;
    }

    @Override
    public void backward(Tensor dOut) {
        float[] g = dOut.data();
        float[] dx = new float[g.length];
        SoftmaxKernel.backward(y.data(), g, dx, split[0], split[1], split[2], true);
        send(inputs().get(0), new Tensor(dx, inputs().get(0).shape()));
    }
}
