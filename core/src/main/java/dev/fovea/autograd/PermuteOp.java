package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** permute and transpose: a strided view; the gradient is dOut permuted back. */
final class PermuteOp extends Op {
    private final int[] inverse;

    private PermuteOp(String name, Tensor x, int[] dims) {
        super(name, x);
        inverse = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            inverse[Tensor.normalizeDim(dims[i], dims.length, name)] = i;
        }
    }

    static Tensor apply(String name, Tensor x, int... dims) {
        Tensor out = x.permute(dims);
        return recording(x) ? record(out, new PermuteOp(name, x, dims)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        // a strided view of dOut: accumulateGrad copies it into the input's own layout
        send(inputs().get(0), dOut.permute(inverse));
    }
}
