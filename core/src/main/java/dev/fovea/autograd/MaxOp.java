package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * Max (or min) over one dim; the gradient goes to the first position of the extremum, the index PyTorch's
 * max(dim) returns.
 */
final class MaxOp extends Op {
    private final int[] inShape;
    private final int dim;
    private final float[] index;

    private MaxOp(String name, Tensor x, int dim, float[] index) {
        super(name, x);
        this.inShape = x.shape();
        this.dim = dim;
        this.index = index;
    }

    static Tensor apply(Tensor x, int dim, boolean keepdim, boolean min) {
        String name = min ? "min" : "max";
        int d = Tensor.normalizeDim(dim, x.dim(), name);
        Tensor out = min ? x.min(d, keepdim) : x.max(d, keepdim);
        if (!recording(x)) {
            return out;
        }
        float[] index = (min ? x.argmin(d, true) : x.argmax(d, true)).toArray();
        return record(out, new MaxOp(name, x, d, index));
    }

    @Override
    public void backward(Tensor dOut) {
        float[] g = dOut.data();
        int outer = 1;
        for (int i = 0; i < dim; i++) {
            outer *= inShape[i];
        }
        int r = inShape[dim];
        int inner = 1;
        for (int i = dim + 1; i < inShape.length; i++) {
            inner *= inShape[i];
        }
        float[] dx = new float[outer * r * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int k = (int) index[o * inner + i];
                dx[(o * r + k) * inner + i] += g[o * inner + i];
            }
        }
        send(inputs().get(0), new Tensor(dx, inShape));
    }
}
