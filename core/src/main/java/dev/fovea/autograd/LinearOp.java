package dev.fovea.autograd;

import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code y = x·Wᵀ + b} for x [..., in], W [out, in], b [out] or null, straight on sgemm: the transposes are sgemm
 * flags (no transposed copies), the bias is preloaded into y and accumulated with beta = 1.
 */
final class LinearOp extends Op {
    private final int rows;
    private final int in;
    private final int out;

    private LinearOp(Tensor x, Tensor w, Tensor b, int rows, int in, int out) {
        super("linear", x, w, b);
        this.rows = rows;
        this.in = in;
        this.out = out;
    }

    static Tensor apply(Tensor x, Tensor w, Tensor b) {
        int[] xs = x.shape();
        if (w.dim() != 2 || x.dim() < 1 || xs[xs.length - 1] != w.size(1)) {
            throw new IllegalArgumentException("linear: expected input [..., in] and weight [out, in] with matching"
                    + " in, got input " + Arrays.toString(xs) + " and weight " + Arrays.toString(w.shape()));
        }
        int in = w.size(1);
        int out = w.size(0);
        if (b != null && (b.dim() != 1 || b.size(0) != out)) {
            throw new IllegalArgumentException("linear: expected bias [" + out + "], got "
                    + Arrays.toString(b.shape()));
        }
        int rows = 1;
        for (int d = 0; d < xs.length - 1; d++) {
            rows *= xs[d];
        }
        Tensor xc = x.contiguous();
        Tensor wc = w.contiguous();
        // recycled: the bias copy or sgemm with beta = 0 writes every element (an empty sum, in = 0, is cleared)
        float[] y = GradBuffers.activation(rows * out);
        float beta = 0f;
        if (b != null) {
            float[] bias = b.data();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias, 0, y, r * out, out);
            }
            beta = 1f;
        }
        if (in == 0 && b == null) {
            Arrays.fill(y, 0f);
        } else if (rows > 0 && out > 0) {
            Kernels.get().sgemm(false, true, rows, out, in, 1f, xc.storage(), xc.offset(), Math.max(1, in),
                    wc.storage(), wc.offset(), Math.max(1, in), beta, y, 0, out);
        }
        int[] ys = xs.clone();
        ys[ys.length - 1] = out;
        Tensor result = new Tensor(y, ys);
        return recording(x, w, b) ? record(result, new LinearOp(x, w, b, rows, in, out)) : result;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor x = inputs().get(0);
        Tensor w = inputs().get(1);
        Tensor b = inputs().get(2);
        float[] g = dOut.data();
        if (wants(x)) {
            Tensor wc = w.contiguous();
            float[] dx = GradBuffers.empty(rows * in);
            if (rows > 0 && in > 0 && out > 0) {
                Kernels.get().sgemm(false, false, rows, in, out, 1f, g, 0, out, wc.storage(), wc.offset(), in,
                        0f, dx, 0, in);
            } else {
                Arrays.fill(dx, 0f);
            }
            send(x, new Tensor(dx, x.shape()));
        }
        if (wants(w)) {
            Tensor xc = x.contiguous();
            float[] dw = new float[out * in];
            if (rows > 0 && in > 0 && out > 0) {
                Kernels.get().sgemm(true, false, out, in, rows, 1f, g, 0, out, xc.storage(), xc.offset(), in,
                        0f, dw, 0, in);
            }
            send(w, new Tensor(dw, out, in));
        }
        if (wants(b)) {
            float[] db = new float[out];
            for (int r = 0; r < rows; r++) {
                Kernels.get().axpy(out, 1f, g, r * out, db, 0);
            }
            send(b, new Tensor(db, out));
        }
    }
}
