package dev.fovea.autograd;

import dev.fovea.kernel.Parallel;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Normalisation over contiguous rows of the input, the common core of layer norm (a row is the trailing
 * {@code normalized_shape}), group norm (a row is one group of channels of one sample) and instance norm (group
 * norm with one channel per group). Each row gets its own mean and biased variance; the optional affine
 * {@code weight}/{@code bias} then apply per parameter index: element {@code i} of row {@code r} uses
 * {@code (r % groups) * (len / seg) + i / seg} (layer norm: groups = seg = 1; group norm: seg = H*W).
 */
final class RowNormOp extends Op {
    private static final int CHUNK = 4096;
    private final Tensor input;
    private final Tensor weight;
    private final Tensor bias;
    private final int rows;
    private final int len;
    private final int groups;
    private final int seg;
    private final float[] mean;
    private final float[] invStd;

    private RowNormOp(String name, Tensor input, Tensor weight, Tensor bias, int rows, int len, int groups, int seg,
            float[] mean, float[] invStd) {
        super(name, input, weight, bias);
        this.input = input;
        this.weight = weight;
        this.bias = bias;
        this.rows = rows;
        this.len = len;
        this.groups = groups;
        this.seg = seg;
        this.mean = mean;
        this.invStd = invStd;
    }

    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String name = "layer_norm";
        int k = normalizedShape.length;
        int[] shape = x.shape();
        if (k == 0 || k > shape.length || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length),
                normalizedShape)) {
            throw new IllegalArgumentException(name + ": expected an input whose last dimensions are "
                    + Arrays.toString(normalizedShape) + ", got shape " + Arrays.toString(shape));
        }
        checkAffine(name, weight, bias, normalizedShape);
        int len = Tensor.numel(normalizedShape);
        return apply(name, x, weight, bias, x.numel() / Math.max(1, len), len, 1, 1, eps);
    }

    static Tensor groupNorm(String name, Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException(name + ": expected an input [N, C, *], got shape "
                    + Arrays.toString(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1);
        if (numGroups < 1 || c % numGroups != 0) {
            throw new IllegalArgumentException(name + ": num_groups=" + numGroups + " must divide the " + c
                    + " channels of input shape " + Arrays.toString(x.shape()));
        }
        checkAffine(name, weight, bias, new int[] {c});
        int spatial = x.numel() / Math.max(1, n * c);
        return apply(name, x, weight, bias, n * numGroups, c / numGroups * spatial, numGroups, spatial, eps);
    }

    private static void checkAffine(String name, Tensor weight, Tensor bias, int[] shape) {
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null && !Arrays.equals(t.shape(), shape)) {
                throw new IllegalArgumentException(name + ": expected weight and bias of shape "
                        + Arrays.toString(shape) + ", got " + Arrays.toString(t.shape()));
            }
        }
    }

    private static Tensor apply(String name, Tensor x, Tensor weight, Tensor bias, int rows, int len, int groups,
            int seg, double eps) {
        if (len == 0 || rows == 0) {
            // an empty input (a zero-size dimension) normalises to an empty output
            Tensor empty = Tensor.zeros(x.shape());
            return recording(x, weight, bias)
                    ? record(empty, new RowNormOp(name, x, weight, bias, 0, 0, groups, Math.max(1, seg), new float[0],
                            new float[0])) : empty;
        }
        float[] in = x.data();
        float[] out = new float[in.length];
        float[] w = weight == null ? null : weight.data();
        float[] b = bias == null ? null : bias.data();
        float[] mean = new float[rows];
        float[] invStd = new float[rows];
        int blocks = len / seg;
        Parallel.forRange(rows, BatchNormOp.grain(len), (lo, hi) -> {
            float[] acc = new float[2];
            for (int r = lo; r < hi; r++) {
                int base = r * len;
                float shift = in[base];
                double s1 = 0;
                double s2 = 0;
                // float partial sums per chunk keep the loop fast; the double total keeps long rows accurate
                for (int from = base; from < base + len; from += CHUNK) {
                    BatchNormOp.sums(in, from, Math.min(CHUNK, base + len - from), shift, acc);
                    s1 += acc[0];
                    s2 += acc[1];
                }
                double m1 = s1 / len;
                double mu = shift + m1;
                double inv = 1.0 / Math.sqrt(Math.max(0, s2 / len - m1 * m1) + eps);
                mean[r] = (float) mu;
                invStd[r] = (float) inv;
                int q0 = (r % groups) * blocks;
                for (int blk = 0; blk < blocks; blk++) {
                    float gamma = w == null ? 1f : w[q0 + blk];
                    float scale = (float) (gamma * inv);
                    float sh = (float) ((b == null ? 0 : b[q0 + blk]) - mu * gamma * inv);
                    for (int i = base + blk * seg, end = i + seg; i < end; i++) {
                        out[i] = in[i] * scale + sh;
                    }
                }
            }
        });
        Tensor y = new Tensor(out, x.shape());
        return recording(x, weight, bias)
                ? record(y, new RowNormOp(name, x, weight, bias, rows, len, groups, seg, mean, invStd)) : y;
    }

    @Override
    public void backward(Tensor dOut) {
        if (len == 0) {
            for (Tensor t : new Tensor[] {input, weight, bias}) {
                send(t, Tensor.zeros(t == null ? new int[0] : t.shape()));
            }
            return;
        }
        float[] in = input.data();
        float[] dy = dOut.data();
        float[] w = weight == null ? null : weight.data();
        int blocks = len / seg;
        if (wants(input)) {
            float[] dx = new float[in.length];
            Parallel.forRange(rows, BatchNormOp.grain(len), (from, to) -> {
                for (int r = from; r < to; r++) {
                    int base = r * len;
                    float mu = mean[r];
                    float inv = invStd[r];
                    int q0 = (r % groups) * blocks;
                    // dxhat = dy * gamma; dx = inv * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
                    double s1 = 0;
                    double s2 = 0;
                    for (int blk = 0; blk < blocks; blk++) {
                        float gamma = w == null ? 1f : w[q0 + blk];
                        for (int i = base + blk * seg, end = i + seg; i < end; i++) {
                            float g = dy[i] * gamma;
                            s1 += g;
                            s2 += g * (in[i] - mu) * inv;
                        }
                    }
                    float m1 = (float) (s1 / len);
                    float m2 = (float) (s2 / len);
                    for (int blk = 0; blk < blocks; blk++) {
                        float gamma = w == null ? 1f : w[q0 + blk];
                        for (int i = base + blk * seg, end = i + seg; i < end; i++) {
                            float xhat = (in[i] - mu) * inv;
                            dx[i] = inv * (dy[i] * gamma - m1 - xhat * m2);
                        }
                    }
                }
            });
            send(input, new Tensor(dx, input.shape()));
        }
        if (wants(weight) || wants(bias)) {
            int params = groups * blocks;
            float[] dw = new float[params];
            float[] db = new float[params];
            int samples = rows / groups;
            Parallel.forRange(params, BatchNormOp.grain(rows / groups * seg), (from, to) -> {
                for (int q = from; q < to; q++) {
                    int g = q / blocks;
                    int blk = q % blocks;
                    double sw = 0;
                    double sb = 0;
                    for (int s = 0; s < samples; s++) {
                        int r = s * groups + g;
                        float mu = mean[r];
                        float inv = invStd[r];
                        for (int i = r * len + blk * seg, end = i + seg; i < end; i++) {
                            sw += dy[i] * (in[i] - mu) * inv;
                            sb += dy[i];
                        }
                    }
                    dw[q] = (float) sw;
                    db[q] = (float) sb;
                }
            });
            if (wants(weight)) {
                send(weight, new Tensor(dw, weight.shape()));
            }
            if (wants(bias)) {
                send(bias, new Tensor(db, bias.shape()));
            }
        }
    }
}
