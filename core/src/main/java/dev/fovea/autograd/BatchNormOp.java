package dev.fovea.autograd;

import dev.fovea.kernel.Parallel;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation of [N, C, *] per channel. Training uses the batch statistics (biased variance for
 * normalising, unbiased for the running average, which is updated in place); eval uses the running statistics.
 *
 * <p>Speed matters (every ResNet layer has one): each channel is one task, forward makes one statistics pass
 * (sum and sum of squares around a shift, in double) and one fused {@code y = x*scale + shift} pass, and backward
 * one pass for the two reductions and one for {@code dx = a*dy + b*(x - mean) + c}. Only mean and 1/std are saved.
 */
final class BatchNormOp extends Op {
    private final Tensor input;
    private final Tensor weight;
    private final Tensor bias;
    private final float[] mean;
    private final float[] invStd;
    private final boolean training;

    private BatchNormOp(Tensor input, Tensor weight, Tensor bias, float[] mean, float[] invStd, boolean training) {
        super("batch_norm", input, weight, bias);
        this.input = input;
        this.weight = weight;
        this.bias = bias;
        this.mean = mean;
        this.invStd = invStd;
        this.training = training;
    }

    static Tensor apply(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        String name = "batch_norm";
        if (x.dim() < 2) {
            throw new IllegalArgumentException(name + ": expected an input [N, C, *] of rank >= 2, got shape "
                    + Arrays.toString(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1);
        int spatial = x.numel() / Math.max(1, n * c);
        checkVector(name, "weight", weight, c);
        checkVector(name, "bias", bias, c);
        checkVector(name, "running_mean", runningMean, c);
        checkVector(name, "running_var", runningVar, c);
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException(name + ": eval mode needs running_mean and running_var");
        }
        long count = (long) n * spatial;
        if (training && count <= 1) {
            throw new IllegalArgumentException(name + ": expected more than 1 value per channel when training, got"
                    + " input shape " + Arrays.toString(x.shape()) + "; use a larger batch or eval()");
        }
        float[] in = x.data();
        float[] out = new float[in.length];
        float[] w = weight == null ? null : weight.data();
        float[] b = bias == null ? null : bias.data();
        float[] mean = new float[c];
        float[] invStd = new float[c];
        float[] rm = runningMean == null ? null : runningMean.storage();
        float[] rv = runningVar == null ? null : runningVar.storage();
        int rmOff = runningMean == null ? 0 : runningMean.offset();
        int rvOff = runningVar == null ? 0 : runningVar.offset();
        int plane = c * spatial;
        Parallel.forRange(c, grain(in.length / Math.max(1, c)), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double mu;
                double var;
                if (training) {
                    // shifted sums keep E[x²] - E[x]² accurate when |mean| >> std
                    float shift = in[ch * spatial];
                    double s1 = 0;
                    double s2 = 0;
                    float[] acc = new float[2];
                    for (int i = 0; i < n; i++) {
                        sums(in, i * plane + ch * spatial, spatial, shift, acc);
                        s1 += acc[0];
                        s2 += acc[1];
                    }
                    double m1 = s1 / count;
                    mu = shift + m1;
                    var = Math.max(0, s2 / count - m1 * m1);
                    if (rm != null) {
                        rm[rmOff + ch] = (float) ((1 - momentum) * rm[rmOff + ch] + momentum * mu);
                    }
                    if (rv != null) {
                        rv[rvOff + ch] = (float) ((1 - momentum) * rv[rvOff + ch]
                                + momentum * var * count / (count - 1));
                    }
                } else {
                    mu = rm[rmOff + ch];
                    var = rv[rvOff + ch];
                }
                double inv = 1.0 / Math.sqrt(var + eps);
                mean[ch] = (float) mu;
                invStd[ch] = (float) inv;
                double gamma = w == null ? 1 : w[ch];
                float scale = (float) (gamma * inv);
                float sh = (float) ((b == null ? 0 : b[ch]) - mu * gamma * inv);
                for (int i = 0; i < n; i++) {
                    for (int p = i * plane + ch * spatial, end = p + spatial; p < end; p++) {
                        out[p] = in[p] * scale + sh;
                    }
                }
            }
        });
        if (training) {
            // the running statistics were updated in place above
            if (runningMean != null) {
                runningMean.bumpVersion();
            }
            if (runningVar != null) {
                runningVar.bumpVersion();
            }
        }
        Tensor y = new Tensor(out, x.shape());
        return recording(x, weight, bias) ? record(y, new BatchNormOp(x, weight, bias, mean, invStd, training)) : y;
    }

    /**
     * {@code acc = {sum(v), sum(v²)}} with {@code v = a[from..from+len) - shift}, in four independent float lanes so
     * the loop pipelines; callers add each plane's partial sums into a double.
     */
    static void sums(float[] a, int from, int len, float shift, float[] acc) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        float q0 = 0f, q1 = 0f, q2 = 0f, q3 = 0f;
        int i = from;
        for (int end = from + len - 3; i < end; i += 4) {
            float v0 = a[i] - shift;
            float v1 = a[i + 1] - shift;
            float v2 = a[i + 2] - shift;
            float v3 = a[i + 3] - shift;
            s0 += v0;
            s1 += v1;
            s2 += v2;
            s3 += v3;
            q0 += v0 * v0;
            q1 += v1 * v1;
            q2 += v2 * v2;
            q3 += v3 * v3;
        }
        for (int end = from + len; i < end; i++) {
            float v = a[i] - shift;
            s0 += v;
            q0 += v * v;
        }
        acc[0] = (s0 + s1) + (s2 + s3);
        acc[1] = (q0 + q1) + (q2 + q3);
    }

    /** {@code acc = {sum(dy), sum(dy * (x - mu))}} over one plane, in four float lanes. */
    static void gradSums(float[] dy, float[] x, int from, int len, float mu, float[] acc) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        float q0 = 0f, q1 = 0f, q2 = 0f, q3 = 0f;
        int i = from;
        for (int end = from + len - 3; i < end; i += 4) {
            s0 += dy[i];
            s1 += dy[i + 1];
            s2 += dy[i + 2];
            s3 += dy[i + 3];
            q0 += dy[i] * (x[i] - mu);
            q1 += dy[i + 1] * (x[i + 1] - mu);
            q2 += dy[i + 2] * (x[i + 2] - mu);
            q3 += dy[i + 3] * (x[i + 3] - mu);
        }
        for (int end = from + len; i < end; i++) {
            s0 += dy[i];
            q0 += dy[i] * (x[i] - mu);
        }
        acc[0] = (s0 + s1) + (s2 + s3);
        acc[1] = (q0 + q1) + (q2 + q3);
    }

    /**
     * Units per parallel chunk so that each chunk has at least ~32K elements of work: below that, handing work
     * to another thread costs more than it saves.
     */
    static int grain(int elementsPerUnit) {
        return Math.max(1, (1 << 15) / Math.max(1, elementsPerUnit));
    }

    static void checkVector(String name, String what, Tensor t, int c) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new IllegalArgumentException(name + ": expected " + what + " of shape [" + c + "] (one per"
                    + " channel), got " + Arrays.toString(t.shape()));
        }
    }

    @Override
    public void backward(Tensor dOut) {
        int n = input.size(0);
        int c = input.size(1);
        int spatial = input.numel() / Math.max(1, n * c);
        int plane = c * spatial;
        long count = (long) n * spatial;
        float[] in = input.data();
        float[] dy = dOut.data();
        float[] w = weight == null ? null : weight.data();
        boolean wantX = wants(input);
        float[] dx = wantX ? new float[in.length] : null;
        float[] dw = wants(weight) ? new float[c] : null;
        float[] db = wants(bias) ? new float[c] : null;
        Parallel.forRange(c, grain(in.length / Math.max(1, c)), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mu = mean[ch];
                double inv = invStd[ch];
                double sdy = 0;
                double sdyx = 0;
                float[] acc = new float[2];
                for (int i = 0; i < n; i++) {
                    gradSums(dy, in, i * plane + ch * spatial, spatial, mu, acc);
                    sdy += acc[0];
                    sdyx += acc[1];
                }
                if (dw != null) {
                    dw[ch] = (float) (sdyx * inv);
                }
                if (db != null) {
                    db[ch] = (float) sdy;
                }
                if (!wantX) {
                    continue;
                }
                double gamma = w == null ? 1 : w[ch];
                float a = (float) (gamma * inv);
                float bx;
                float cc;
                if (training) {
                    double bd = -gamma * inv * inv * inv * sdyx / count;
                    bx = (float) bd;
                    cc = (float) (-gamma * inv * sdy / count);
                } else {
                    bx = 0f;
                    cc = 0f;
                }
                for (int i = 0; i < n; i++) {
                    for (int p = i * plane + ch * spatial, end = p + spatial; p < end; p++) {
                        dx[p] = a * dy[p] + bx * (in[p] - mu) + cc;
                    }
                }
            }
        });
        if (wantX) {
            send(input, new Tensor(dx, input.shape()));
        }
        if (dw != null) {
            send(weight, new Tensor(dw, weight.shape()));
        }
        if (db != null) {
            send(bias, new Tensor(db, bias.shape()));
        }
    }
}
