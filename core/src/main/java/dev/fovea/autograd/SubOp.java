package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code a - b} with broadcasting; gradients are summed over broadcast dims, b's negated. */
final class SubOp extends Op {
    private SubOp(Tensor a, Tensor b) {
        super("sub", a, b);
    }

    static Tensor apply(Tensor a, Tensor b) {
        Tensor out = a.sub(b);
        return recording(a, b) ? record(out, new SubOp(a, b)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor a = inputs().get(0);
        Tensor b = inputs().get(1);
        if (wants(b)) {
            send(b, unbroadcast(dOut, b.shape()).neg());
        }
        if (wants(a)) {
            send(a, unbroadcast(dOut, a.shape()));
        }
    }
}
