package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.autograd.GradMode;
import dev.fovea.autograd.Scratch;
import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.Tensor;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Inference fast paths for the conv → batch norm → ReLU → residual add pattern of CNN blocks, PyTorch's
 * {@code fuse_conv_bn_eval} applied on the fly. In eval mode with autograd off, batch norm with running statistics
 * is an affine map per channel, so it folds into the convolution: {@code w' = w * scale}, {@code b' = (b - mean) *
 * scale + beta} with {@code scale = gamma / sqrt(var + eps)}. One convolution that also adds the residual and
 * applies ReLU as it writes its output ({@link F#convFused}) then replaces four passes over the activation, and a
 * block allocates one tensor per convolution instead of four. In training, with autograd on, or without running statistics every method
 * computes exactly the unfused layers.
 *
 * <p>The folded weights are cached per convolution under the {@link Tensor#version() versions} of the six tensors
 * they come from, and kept in one array per convolution, so the convolution kernel's packed-weight cache hits too;
 * any in-place change (optimizer step, {@code load_state_dict}, running statistics updated by a training forward)
 * refolds on the next call.
 */
public final class Fusion {
    /** -Dfovea.fusion=false runs the separate layers at inference too (for measuring the fused path). */
    private static final boolean ENABLED = !"false".equals(System.getProperty("fovea.fusion"));
    private static final Map<ConvNd, Folded> FOLDED = new WeakHashMap<>();

    private Fusion() {}

    /**
     * {@code bn(conv(x))}, then ReLU when {@code relu}; {@code bn} may be null (the convolution alone). One
     * convolution with the batch norm folded in and the ReLU applied as it writes, when both layers are in eval
     * mode and autograd is off.
     */
    public static Tensor convBn(ConvNd conv, BatchNormNd bn, Tensor x, boolean relu) {
        if (!inference(conv, bn)) {
            Tensor y = conv.forward(x);
            if (bn != null) {
                // batch norm and ReLU as one op: no tensor in between, one pass less each way
                // the convolution output y was made here and only the batch norm reads it
                return Scratch.markRead(y, relu ? bn.forwardRelu(y) : bn.forward(y));
            }
            return relu ? F.relu(y) : y;
        }
        return fused(conv, bn, x, null, relu);
    }

    /**
     * {@code relu(bn(conv(x)) + residual)}, the end of a ResNet block; {@code bn} may be null. At inference one
     * convolution that adds the residual and applies ReLU as it writes its output.
     */
    public static Tensor convBnAddRelu(ConvNd conv, BatchNormNd bn, Tensor x, Tensor residual) {
        if (!inference(conv, bn)) {
            Tensor y = conv.forward(x);
            if (bn != null) {
                y = Scratch.markRead(y, bn.forward(y));
            }
            return F.addRelu(y, residual);
        }
        return fused(conv, bn, x, residual, true);
    }

    private static Tensor fused(ConvNd conv, BatchNormNd bn, Tensor x, Tensor residual, boolean relu) {
        if (bn == null) {
            return conv.forwardFused(x, conv.weight.tensor(), conv.bias == null ? null : conv.bias.tensor(), residual,
                    relu);
        }
        Folded f = folded(conv, bn);
        return conv.forwardFused(x, f.weight, f.bias, residual, relu);
    }

    /**
     * {@code relu(a + b)}. Without autograd the sum is written over {@code a}, which must then be a fresh result the
     * caller owns (the output of {@link #convBn}); with autograd on it is the fused differentiable op.
     */
    public static Tensor addRelu(Tensor a, Tensor b) {
        if (GradMode.isEnabled() || !a.isContiguous() || a.offset() != 0 || !java.util.Arrays.equals(a.shape(),
                b.shape())) {
            return F.addRelu(a, b);
        }
        float[] bd = b.data();
        float[] ad = a.storage();
        Kernels.get().add(ad.length, ad, 0, bd, 0, ad, 0);
        Kernels.get().reluForward(ad.length, ad, 0, ad, 0);
        return a;
    }

    /** Batch norm with running statistics, both layers in eval mode, nothing recorded. */
    private static boolean inference(ConvNd conv, BatchNormNd bn) {
        return ENABLED && !GradMode.isEnabled() && !conv.isTraining()
                && (bn == null || !bn.isTraining() && bn.runningMean() != null);
    }

    private static Folded folded(ConvNd conv, BatchNormNd bn) {
        Folded f;
        synchronized (FOLDED) {
            f = FOLDED.get(conv);
            if (f == null || f.bn != bn) {
                f = new Folded(conv, bn);
                FOLDED.put(conv, f);
            }
        }
        synchronized (f) {
            f.refresh();
        }
        return f;
    }

    /** One convolution's weights and bias with its batch norm folded in, and the versions they were folded at. */
    private static final class Folded {
        final ConvNd conv;
        final BatchNormNd bn;
        final Tensor weight;
        final Tensor bias;
        private final long[] stamps = new long[6];
        private boolean valid;

        Folded(ConvNd conv, BatchNormNd bn) {
            this.conv = conv;
            this.bn = bn;
            this.weight = Tensor.zeros(conv.weight.shape());
            this.bias = Tensor.zeros(conv.spec().outChannels());
        }

        private Tensor[] sources() {
            return new Tensor[] {conv.weight.tensor(), conv.bias == null ? null : conv.bias.tensor(),
                    bn.weight == null ? null : bn.weight.tensor(), bn.bias == null ? null : bn.bias.tensor(),
                    bn.runningMean(), bn.runningVar()};
        }

        void refresh() {
            Tensor[] src = sources();
            boolean same = valid;
            for (int i = 0; i < src.length; i++) {
                long v = src[i] == null ? -1 : src[i].version();
                same &= stamps[i] == v;
                stamps[i] = v;
            }
            if (same) {
                return;
            }
            float[] w = src[0].data();
            float[] cb = src[1] == null ? null : src[1].data();
            float[] gamma = src[2] == null ? null : src[2].data();
            float[] beta = src[3] == null ? null : src[3].data();
            float[] mean = src[4].data();
            float[] var = src[5].data();
            double eps = bn.spec().eps();
            int cout = bias.numel();
            int per = w.length / cout;
            float[] fw = weight.storage();
            float[] fb = bias.storage();
            for (int c = 0; c < cout; c++) {
                // the same float rounding as batch norm's own eval path: inverse std first, then times gamma
                float invStd = (float) (1.0 / Math.sqrt(var[c] + eps));
                float scale = (float) ((gamma == null ? 1 : gamma[c]) * (double) invStd);
                for (int i = c * per; i < (c + 1) * per; i++) {
                    fw[i] = w[i] * scale;
                }
                fb[c] = ((cb == null ? 0f : cb[c]) - mean[c]) * scale + (beta == null ? 0f : beta[c]);
            }
            weight.bumpVersion();
            bias.bumpVersion();
            valid = true;
        }
    }
}
