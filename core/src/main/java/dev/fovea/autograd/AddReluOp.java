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
        inBlocks(out.length, (at, end) -> {
            k.add(end - at, ad, at, bd, at, out, at);
            k.reluForward(end - at, out, at, out, at);
        });
        Tensor y = new Tensor(out, a.shape());
        return recording(a, b) ? record(y, new AddReluOp(a, b, y)) : y;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor a = inputs().get(0);
        Tensor b = inputs().get(1);
        float[] g = dOut.data();
        float[] yd = y.data();
        Tensor grad = new Tensor(g, y.shape());
        if (wants(a) && wants(b)) {
            // the masked gradient into b's copy, then over dOut (a's), block by block while the block is in cache:
            // masking all of dOut and then copying it read it from memory twice
            float[] copy = GradBuffers.empty(g.length);
            Kernels k = Kernels.get();
            inBlocks(g.length, (at, end) -> {
                k.reluBackward(end - at, yd, at, g, at, copy, at);
                System.arraycopy(copy, at, g, at, end - at);
            });
            send(b, new Tensor(copy, y.shape()));
            send(a, grad);
            return;
        }
        // the node owns dOut's buffer: mask it in place, then it goes to the input that wants it as is
        Kernels.get().reluBackward(g.length, yd, 0, g, 0, g, 0);
        if (wants(b)) {
            send(b, grad);
        }
        if (wants(a)) {
            send(a, grad);
        }
    }

    /** Runs {@code body} on [at, end) blocks of {@link #BLOCK} floats covering [0, n), two blocks per chunk. */
    private static void inBlocks(int n, Parallel.RangeBody body) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        Parallel.forRange(blocks, 2, (from, to) -> {
            for (int i = from; i < to; i++) {
                int at = i * BLOCK;
                body.run(at, Math.min(n, at + BLOCK));
            }
        });
    }
}
