package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code a * b} with broadcasting. */
final class MulOp extends Op {
    private MulOp(Tensor a, Tensor b) {
        super("mul", a, b);
    }

    static Tensor apply(Tensor a, Tensor b) {
        Tensor out = a.mul(b);
        return recording(a, b) ? record(out, new MulOp(a, b)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor a = inputs().get(0);
        Tensor b = inputs().get(1);
        if (wants(a)) {
            send(a, unbroadcast(dOut.mul(b), a.shape()));
        }
        if (wants(b)) {
            send(b, unbroadcast(dOut.mul(a), b.shape()));
        }
    }
}
