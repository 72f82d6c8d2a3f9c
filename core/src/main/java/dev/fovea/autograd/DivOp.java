package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** {@code a / b} with broadcasting: d/da = 1/b, d/db = -a/b² = -out/b. */
final class DivOp extends Op {
    private final Tensor out;

    private DivOp(Tensor a, Tensor b, Tensor out) {
        super("div", a, b);
        this.out = out.detach();
    }

    static Tensor apply(Tensor a, Tensor b) {
        Tensor out = a.div(b);
        return recording(a, b) ? record(out, new DivOp(a, b, out)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor a = inputs().get(0);
        Tensor b = inputs().get(1);
        if (wants(a)) {
            send(a, unbroadcast(dOut.div(b), a.shape()));
        }
        if (wants(b)) {
            send(b, unbroadcast(dOut.mul(out).div(b).neg(), b.shape()));
        }
    }
}
