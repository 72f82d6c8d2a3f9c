package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * The differentiable functions: the front door to the op classes of this package, in the vocabulary of
 * {@code torch} and {@code torch.nn.functional}. Each method checks shapes once, computes the result and, when
 * recording, links it into the graph.
 */
public final class F {
    private F() {}

    // ---------------------------------------------------------------- tensor math (autograd helper)

    // ---------------------------------------------------------------- activations and losses (autograd helper)

    // ---------------------------------------------------------------- layers: conv, pooling, norms, resampling (layers helper)

    /** 1-D convolution: x [N, C_in, L], weight [C_out, C_in/groups, K], bias [C_out] or null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation,
            int groups) {
        return ConvOp.apply("conv1d", x, weight, bias, new int[] {stride}, new int[] {padding},
                new int[] {padding}, new int[] {dilation}, groups);
    }

    /** 2-D convolution: x [N, C_in, H, W], weight [C_out, C_in/groups, kH, kW]; attributes are (H, W) pairs. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        return ConvOp.apply("conv2d", x, weight, bias, stride, padding, padding, dilation, groups);
    }

    /** 3-D convolution: x [N, C_in, D, H, W], weight [C_out, C_in/groups, kD, kH, kW]. */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        return ConvOp.apply("conv3d", x, weight, bias, stride, padding, padding, dilation, groups);
    }

    /**
     * Convolution over 1 to 3 spatial dimensions (the length of {@code stride}) with asymmetric padding, e.g.
     * PyTorch's {@code padding='same'} with an even kernel puts the extra row at the end.
     */
    public static Tensor conv(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padBegin, int[] padEnd,
            int[] dilation, int groups) {
        return ConvOp.apply("conv" + stride.length + "d", x, weight, bias, stride, padBegin, padEnd, dilation,
                groups);
    }

    /** Transposed 2-D convolution: x [N, C_in, H, W], weight [C_in, C_out/groups, kH, kW], bias [C_out]. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int[] dilation, int groups) {
        return ConvTransposeOp.apply("conv_transpose2d", x, weight, bias, stride, padding, outputPadding, dilation,
                groups);
    }

    /** Max pooling over 1 to 3 spatial dimensions (the length of {@code kernel}). */
    public static Tensor maxPool(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        return PoolOp.maxPool("max_pool" + kernel.length + "d", x, kernel, stride, padding, dilation, ceilMode);
    }

    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        return PoolOp.maxPool("max_pool2d", x, kernel, stride, padding, dilation, ceilMode);
    }

    /** Average pooling over 1 to 3 spatial dimensions (the length of {@code kernel}). */
    public static Tensor avgPool(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        return PoolOp.avgPool("avg_pool" + kernel.length + "d", x, kernel, stride, padding, ceilMode,
                countIncludePad);
    }

    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        return PoolOp.avgPool("avg_pool2d", x, kernel, stride, padding, ceilMode, countIncludePad);
    }

    /** Adaptive average pooling to {@code outputSize} (one entry per spatial dimension). */
    public static Tensor adaptiveAvgPool(Tensor x, int... outputSize) {
        return AdaptivePoolOp.apply("adaptive_avg_pool" + outputSize.length + "d", x, outputSize, false);
    }

    /** Adaptive max pooling to {@code outputSize} (one entry per spatial dimension). */
    public static Tensor adaptiveMaxPool(Tensor x, int... outputSize) {
        return AdaptivePoolOp.apply("adaptive_max_pool" + outputSize.length + "d", x, outputSize, true);
    }

    /** [N, C, H, W] to [N, C, 1, 1]: the mean over each plane. */
    public static Tensor globalAvgPool2d(Tensor x) {
        return AdaptivePoolOp.apply("global_avg_pool2d", x, new int[] {1, 1}, false);
    }

    /**
     * Batch norm of [N, C, *] per channel. In training the batch statistics normalise and the running ones (when
     * given) are updated in place; in eval the running ones normalise. {@code weight}/{@code bias} may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        return BatchNormOp.apply(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** Normalises over the trailing {@code normalizedShape}; weight and bias (or null) have that shape. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return RowNormOp.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** Group norm of [N, C, *]: statistics per (sample, group of C/numGroups channels); weight/bias per channel. */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        return RowNormOp.groupNorm("group_norm", x, numGroups, weight, bias, eps);
    }

    /** Instance norm of [N, C, *]: statistics per (sample, channel), no running statistics. */
    public static Tensor instanceNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("instance_norm: expected an input [N, C, *], got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        return RowNormOp.groupNorm("instance_norm", x, x.size(1), weight, bias, eps);
    }

    /** AlexNet's local response normalisation across channels. */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        return LocalResponseNormOp.apply(x, size, alpha, beta, k);
    }

    /** Zeroes whole channels with probability {@code p} in training (scaling survivors by 1/(1-p)). */
    public static Tensor dropout2d(Tensor x, double p, boolean training, dev.fovea.tensor.Rng rng) {
        return Dropout2dOp.apply(x, p, training, rng);
    }

    /** Nearest-neighbour upsampling of [N, C, H, W] by integer factors. */
    public static Tensor upsampleNearest2d(Tensor x, int scaleH, int scaleW) {
        return UpsampleOp.apply("upsample_nearest2d", x, scaleH, scaleW, false, false);
    }

    /** Bilinear upsampling of [N, C, H, W] by integer factors, PyTorch's align_corners semantics. */
    public static Tensor upsampleBilinear2d(Tensor x, int scaleH, int scaleW, boolean alignCorners) {
        return UpsampleOp.apply("upsample_bilinear2d", x, scaleH, scaleW, true, alignCorners);
    }

    /** [N, C*r², H, W] to [N, C, H*r, W*r]. */
    public static Tensor pixelShuffle(Tensor x, int upscaleFactor) {
        return ChannelPermuteOp.pixelShuffle(x, upscaleFactor);
    }

    /** ShuffleNet's channel shuffle: view channels as [groups, C/groups], swap, flatten. */
    public static Tensor channelShuffle(Tensor x, int groups) {
        return ChannelPermuteOp.channelShuffle(x, groups);
    }
}
