package dev.fovea.autograd;

import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.NormCoefficients;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation of [N, C, *] per channel. Training uses the batch statistics (biased variance for
 * normalising, unbiased for the running average, which is updated in place); eval uses the running statistics.
 *
 * <p>Speed matters (every ResNet layer has one): the math lives in the batch-norm section of {@link Kernels}.
 * Training forward is one call (statistics, then one fused {@code y = x*scale + shift} pass, channel by channel);
 * backward makes one pass for the two reductions and one for dInput, written over dOut's buffer. Only mean and
 * 1/std are saved. With {@code relu} the op is {@code relu(batch_norm(x))} (F.batchNormRelu): the forward pass
 * rectifies as it writes, backward masks dOut by the saved output's sign inside the same two passes, and no
 * tensor exists in between. {@link #sums} and {@link #grain} stay here for the other normalisation ops.
 */
final class BatchNormOp extends Op {
    private final Tensor input;
    private final Tensor weight;
    private final Tensor bias;
    private final float[] mean;
    private final float[] invStd;
    private final boolean training;
    /** The output when a ReLU is fused in (its sign masks the gradient), else null. */
    private final Tensor reluOut;
    /**
     * With a fused ReLU, the forward's per-channel scale and shift (computed from the weights as they were then),
     * from which a kernel may recompute the ReLU's mask instead of reading reluOut; else null.
     */
    private final float[] scale;
    private final float[] shift;

    private BatchNormOp(Tensor input, Tensor weight, Tensor bias, float[] mean, float[] invStd, boolean training,
            Tensor reluOut, float[] scale, float[] shift) {
        super(reluOut == null ? "batch_norm" : "batch_norm_relu", input, weight, bias);
        this.input = input;
        this.weight = weight;
        this.bias = bias;
        this.mean = mean;
        this.invStd = invStd;
        this.training = training;
        this.reluOut = reluOut == null ? null : reluOut.detach();
        this.scale = scale;
        this.shift = shift;
    }

    /** Batch norm, followed by a ReLU in the same pass when {@code relu} (backward masks by the output's sign). */
    static Tensor apply(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps, boolean relu) {
        String name = relu ? "batch_norm_relu" : "batch_norm";
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
        float[] mean = new float[c];
        float[] invStd = new float[c];
        Kernels k = Kernels.get();
        float[] w = weight == null ? null : weight.data();
        float[] b = bias == null ? null : bias.data();
        float[] out = GradBuffers.activation(in.length);
        float[] scale = new float[c];
        float[] shift = new float[c];
        if (training) {
            float[] var = new float[c];
            k.batchNormTrainingForward(n, c, spatial, in, w, b, eps, relu, out, mean, var, invStd);
            updateRunning(runningMean, mean, momentum, 1);
            // the running variance is unbiased, as in PyTorch
            updateRunning(runningVar, var, momentum, (double) count / (count - 1));
        } else {
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = runningMean.get(ch);
                invStd[ch] = NormCoefficients.invStd(runningVar.get(ch), eps);
            }
        }
        // what the forward normalises with (in training, the same functions of the values the kernel used)
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = NormCoefficients.scale(w, ch, invStd[ch]);
            shift[ch] = NormCoefficients.shift(b, ch, mean[ch], scale[ch]);
        }
        if (!training) {
            k.batchNormForward(n, c, spatial, in, scale, shift, relu, out);
        }
        Tensor y = new Tensor(out, x.shape());
        return recording(x, weight, bias)
                ? record(y, new BatchNormOp(x, weight, bias, mean, invStd, training, relu ? y : null,
                        relu ? scale : null, relu ? shift : null)) : y;
    }

    /** {@code running = (1 - momentum) * running + momentum * batch * factor}, in place (running may be null). */
    private static void updateRunning(Tensor running, float[] batch, double momentum, double factor) {
        if (running == null) {
            return;
        }
        float[] r = running.storage();
        int off = running.offset();
        int stride = running.strides()[0];
        for (int ch = 0; ch < batch.length; ch++) {
            int at = off + ch * stride;
            r[at] = (float) ((1 - momentum) * r[at] + momentum * batch[ch] * factor);
        }
        running.bumpVersion();
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
        float[] dy = dOut.data();
        boolean wantX = wants(input);
        // the node owns dOut's buffer (data() is that buffer or a private copy): dInput overwrites it in place
        float[] dx = wantX ? dy : null;
        float[] dw = wants(weight) ? new float[c] : null;
        float[] db = wants(bias) ? new float[c] : null;
        float[] gamma = weight == null ? null : weight.data();
        if (reluOut != null) {
            Kernels.get().batchNormReluBackward(n, c, spatial, input.data(), dy, reluOut.data(), scale, shift, mean,
                    invStd, gamma, training, dx, dw, db);
        } else {
            Kernels.get().batchNormBackward(n, c, spatial, input.data(), dy, null, mean, invStd, gamma, training,
                    dx, dw, db);
        }
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
