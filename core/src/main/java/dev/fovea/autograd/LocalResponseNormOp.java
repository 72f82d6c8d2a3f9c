package dev.fovea.autograd;

import dev.fovea.kernel.Parallel;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Local response normalisation across channels (AlexNet): {@code y = x / d^beta} with
 * {@code d = k + alpha/size * sum of x² over channels [c - size/2, c + (size-1)/2]}; the divisor is always
 * {@code size}, even where the window is cut off at the channel edges. Forward keeps {@code d} and {@code d^-beta}
 * for backward, so backward needs no powers.
 */
final class LocalResponseNormOp extends Op {
    private final Tensor input;
    private final float[] denom;
    private final float[] scale;
    private final int size;
    private final double alpha;
    private final double beta;

    private LocalResponseNormOp(Tensor input, float[] denom, float[] scale, int size, double alpha, double beta) {
        super("local_response_norm", input);
        this.input = input;
        this.denom = denom;
        this.scale = scale;
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
    }

    static Tensor apply(Tensor x, int size, double alpha, double beta, double k) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("local_response_norm: expected an input [N, C, *] of rank >= 3, got"
                    + " shape " + Arrays.toString(x.shape()));
        }
        if (size < 1) {
            throw new IllegalArgumentException("local_response_norm: size must be >= 1, got " + size);
        }
        int n = x.size(0);
        int c = x.size(1);
        int hw = x.numel() / Math.max(1, n * c);
        float[] in = x.data();
        float[] d = new float[in.length];
        float[] scale = new float[in.length];
        float[] out = new float[in.length];
        float coef = (float) (alpha / size);
        Parallel.forRange(n, BatchNormOp.grain(c * hw), (from, to) -> {
            for (int s = from; s < to; s++) {
                int base = s * c * hw;
                for (int ch = 0; ch < c; ch++) {
                    int lo = Math.max(0, ch - size / 2);
                    int hi = Math.min(c - 1, ch + (size - 1) / 2);
                    int o = base + ch * hw;
                    // accumulate whole planes (contiguous, vectorisable) rather than strided channel columns
                    for (int p = o; p < o + hw; p++) {
                        d[p] = 0f;
                    }
                    for (int cc = lo; cc <= hi; cc++) {
                        for (int p = 0, q = base + cc * hw; p < hw; p++, q++) {
                            d[o + p] += in[q] * in[q];
                        }
                    }
                    for (int p = o; p < o + hw; p++) {
                        d[p] = (float) k + coef * d[p];
                    }
                    for (int p = o; p < o + hw; p++) {
                        scale[p] = negPow(d[p], beta);
                        out[p] = in[p] * scale[p];
                    }
                }
            }
        });
        Tensor y = new Tensor(out, x.shape());
        return recording(x) ? record(y, new LocalResponseNormOp(x, d, scale, size, alpha, beta)) : y;
    }

    /** {@code d^-beta}; AlexNet's and PyTorch's default beta 0.75 avoids {@code Math.pow} (d >= k > 0). */
    private static float negPow(float d, double beta) {
        if (beta == 0.75) {
            double r = Math.sqrt(d);
            return (float) (1.0 / (r * Math.sqrt(r)));
        }
        return (float) Math.pow(d, -beta);
    }

    @Override
    public void backward(Tensor dOut) {
        if (!wants(input)) {
            return;
        }
        int n = input.size(0);
        int c = input.size(1);
        int hw = input.numel() / Math.max(1, n * c);
        float[] in = input.data();
        float[] dy = dOut.data();
        float[] dx = new float[in.length];
        float coef = (float) (2 * alpha * beta / size);
        Parallel.forRange(n, BatchNormOp.grain(c * hw), (from, to) -> {
            float[] t = new float[c * hw];
            for (int s = from; s < to; s++) {
                int base = s * c * hw;
                // t[c] = dy * x * d^(-beta-1): what channel c sends back to every channel of its window
                for (int i = 0; i < c * hw; i++) {
                    int p = base + i;
                    t[i] = dy[p] * in[p] * scale[p] / denom[p];
                }
                for (int j = 0; j < c; j++) {
                    int lo = Math.max(0, j - (size - 1) / 2);
                    int hi = Math.min(c - 1, j + size / 2);
                    int o = base + j * hw;
                    for (int cc = lo; cc <= hi; cc++) {
                        for (int p = 0, q = cc * hw; p < hw; p++, q++) {
                            dx[o + p] += t[q];
                        }
                    }
                    for (int p = o; p < o + hw; p++) {
                        dx[p] = dy[p] * scale[p] - coef * in[p] * dx[p];
                    }
                }
            }
        });
        send(input, new Tensor(dx, input.shape()));
    }
}
