package dev.fovea.autograd;

import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.Parallel;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code relu(a + b)} for same-shaped inputs, the end of every residual block, as one op: the sum is rectified in
 * its own fresh buffer (no tensor in between), and backward masks dOut in place by the output's sign and hands it
 * to {@code a}, with a copy for {@code b}. Differently shaped inputs take the unfused add and ReLU.
 */
final class AddReluOp extends Op {
    /** Floats per block: well inside L2, and below the elementwise kernels' own threading threshold. */
    private static final int BLOCK = 1 << 14;
    private final Tensor y;

    private AddReluOp(Tensor a, Tensor b, Tensor y) {
        super("add_relu", a, b);
        this.y = y.detach();
    }

    static Tensor apply(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            return ReluOp.apply(AddOp.apply(a, b));
        }
        float[] ad = a.data();
        float[] bd = b.data();
        float[] out = GradBuffers.activation(ad.length);
        Kernels k = Kernels.get();
        // blocks small enough that the sum is rectified while still in cache
        int blocks = (out.length + BLOCK - 1) / BLOCK;
        Parallel.forRange(blocks, 2, (from, to) -> {
            for (int i = from; i < to; i++) {
                int at = i * BLOCK;
                int len = Math.min(BLOCK, out.length - at);
                k.add(len, ad, at, bd, at, out, at);
                k.reluForward(len, out, at, out, at);
            }
        });
        Tensor y = new Tensor(out, a.shape());
        return recording(a, b) ? record(y, new AddReluOp(a, b, y)) : y;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor a = inputs().get(0);
        Tensor b = inputs().get(1);
        float[] g = dOut.data();
        // the node owns dOut's buffer: mask it in place, then it goes to a as is
        Kernels.get().reluBackward(g.length, y.data(), 0, g, 0, g, 0);
        Tensor grad = new Tensor(g, y.shape());
        if (wants(b)) {
            send(b, wants(a) ? GradBuffers.copyOf(grad) : grad);
        }
        if (wants(a)) {
            send(a, grad);
        }
    }
}
