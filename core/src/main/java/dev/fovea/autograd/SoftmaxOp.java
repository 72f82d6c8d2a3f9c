package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code exp(x - max) / Σ exp(x - max)} along a dim; backward {@code y (dy - Σ dy y)} from the saved output. */
final class SoftmaxOp extends Op {
    private final Tensor y;
    private final int[] split;

    private SoftmaxOp(Tensor x, Tensor y, int[] split) {
        super("softmax", x);
        this.y = y.detach();
        this.split = split;
    }

    static Tensor apply(Tensor x, int dim) {
        String name = "softmax";
        int[] split = split(x.shape(), Tensor.normalizeDim(dim, Math.max(1, x.dim()), name));
        float[] xs = x.data();
        float[] ys = new float[xs.length];
        SoftmaxKernel.forward(xs, ys, split[0], split[1], split[2], false);
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new SoftmaxOp(x, y, split)) : y;
    }

    /** [outer, C, inner] around {@code dim} (a scalar counts as one element). */
    static int[] split(int[] shape, int dim) {
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < dim; i++) {
            outer *= shape[i];
        }
        for (int i = dim + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return new int[] {outer, shape.length == 0 ? 1 : shape[dim], inner};
    }

    @Override
    public void backward(Tensor dOut) {
        float[] g = dOut.data();
        float[] dx = new float[g.length];
        SoftmaxKernel.backward(y.data(), g, dx, split[0], split[1], split[2], false);
        send(inputs().get(0), new Tensor(dx, inputs().get(0).shape()));
    }
}
