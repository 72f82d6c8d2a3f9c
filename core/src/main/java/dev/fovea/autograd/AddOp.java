package dev.fovea.autograd;

import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;

/** {@code a + b} with broadcasting; each gradient is dOut summed over the dims broadcast for that input. */
final class AddOp extends Op {
    private AddOp(Tensor a, Tensor b) {
        super("add", a, b);
    }

    static Tensor apply(Tensor a, Tensor b) {
        Tensor out = a.add(b);
        return recording(a, b) ? record(out, new AddOp(a, b)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor a = inputs().get(0);
        Tensor b = inputs().get(1);
        boolean both = wants(a) && wants(b);
        if (wants(b)) {
            Tensor db = unbroadcast(dOut, b.shape());
            // dOut itself may go to only one input; a takes it below
            send(b, both && db == dOut ? GradBuffers.copyOf(dOut) : db);
        }
        if (wants(a)) {
            send(a, unbroadcast(dOut, a.shape()));
        }
    }
}
