package dev.fovea.autograd;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.List;

/**
 * The differentiable functions: the front door to the op classes of this package, in the vocabulary of
 * {@code torch} and {@code torch.nn.functional}. Each method checks shapes once, computes the result and, when
 * recording, links it into the graph.
 */
public final class F {
    private F() {}

    // ---------------------------------------------------------------- tensor math (autograd helper)

    /** {@code a + b} with broadcasting. */
    public static Tensor add(Tensor a, Tensor b) {
        return AddOp.apply(a, b);
    }

    public static Tensor add(Tensor a, float b) {
        return AddOp.apply(a, Tensor.scalar(b));
    }

    /** {@code a - b} with broadcasting. */
    public static Tensor sub(Tensor a, Tensor b) {
        return SubOp.apply(a, b);
    }

    public static Tensor sub(Tensor a, float b) {
        return AddOp.apply(a, Tensor.scalar(-b));
    }

    /** {@code a * b} with broadcasting. */
    public static Tensor mul(Tensor a, Tensor b) {
        return MulOp.apply(a, b);
    }

    public static Tensor mul(Tensor a, float b) {
        return MulOp.apply(a, Tensor.scalar(b));
    }

    /** {@code a / b} with broadcasting. */
    public static Tensor div(Tensor a, Tensor b) {
        return DivOp.apply(a, b);
    }

    public static Tensor div(Tensor a, float b) {
        return MulOp.apply(a, Tensor.scalar(1f / b));
    }

    public static Tensor neg(Tensor x) {
        return NegOp.apply(x);
    }

    public static Tensor exp(Tensor x) {
        return ExpOp.apply(x);
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor x) {
        return LogOp.apply(x);
    }

    public static Tensor sqrt(Tensor x) {
        return SqrtOp.apply(x);
    }

    /** {@code x^exponent} for a constant exponent. */
    public static Tensor pow(Tensor x, float exponent) {
        return PowOp.apply(x, exponent);
    }

    public static Tensor abs(Tensor x) {
        return AbsOp.apply(x);
    }

    /** Limits values to [min, max]; use ±Infinity for an open side. */
    public static Tensor clamp(Tensor x, float min, float max) {
        return ClampOp.apply(x, min, max);
    }

    /** Sum of all elements (a scalar). */
    public static Tensor sum(Tensor x) {
        return SumOp.apply(x, new int[0], false, false);
    }

    public static Tensor sum(Tensor x, int dim, boolean keepdim) {
        return SumOp.apply(x, new int[] {dim}, keepdim, false);
    }

    /** Sum over several dims (empty: all). */
    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        return SumOp.apply(x, dims, keepdim, false);
    }

    /** Mean of all elements (a scalar). */
    public static Tensor mean(Tensor x) {
        return SumOp.apply(x, new int[0], false, true);
    }

    public static Tensor mean(Tensor x, int dim, boolean keepdim) {
        return SumOp.apply(x, new int[] {dim}, keepdim, true);
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        return SumOp.apply(x, dims, keepdim, true);
    }

    /** Max over one dim; the gradient goes to the (first) maximum. */
    public static Tensor max(Tensor x, int dim, boolean keepdim) {
        return MaxOp.apply(x, dim, keepdim, false);
    }

    /** Max of all elements (a scalar). */
    public static Tensor max(Tensor x) {
        return MaxOp.apply(flatten(x), 0, false, false);
    }

    public static Tensor min(Tensor x, int dim, boolean keepdim) {
        return MaxOp.apply(x, dim, keepdim, true);
    }

    /** Matrix product with PyTorch's matmul rules (vectors, broadcast batch dims). */
    public static Tensor matmul(Tensor a, Tensor b) {
        return MatmulOp.apply("matmul", a, b);
    }

    /** Batched matrix product [B, M, K] x [B, K, N]. */
    public static Tensor bmm(Tensor a, Tensor b) {
        return MatmulOp.apply("bmm", a, b);
    }

    /** {@code x·weightᵀ + bias}: x [..., in], weight [out, in], bias [out] or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return LinearOp.apply(x, weight, bias);
    }

    /** A new shape for the same elements (one size may be -1); copies only when x is not contiguous. */
    public static Tensor reshape(Tensor x, int... shape) {
        return ReshapeOp.apply("reshape", x, shape);
    }

    /** Like reshape but never copies: x must be contiguous. */
    public static Tensor view(Tensor x, int... shape) {
        return ReshapeOp.apply("view", x, shape);
    }

    public static Tensor flatten(Tensor x) {
        return flatten(x, 0, -1);
    }

    /** Merges dims {@code startDim..last}: [N, C, H, W] with startDim 1 gives [N, C*H*W]. */
    public static Tensor flatten(Tensor x, int startDim) {
        return flatten(x, startDim, -1);
    }

    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        return ShapeFunctions.flatten(x, startDim, endDim);
    }

    /** Removes {@code dim} if its size is 1. */
    public static Tensor squeeze(Tensor x, int dim) {
        return ReshapeOp.apply("squeeze", x, x.squeeze(dim).shape());
    }

    /** Inserts a size-1 dim at {@code dim}. */
    public static Tensor unsqueeze(Tensor x, int dim) {
        return ReshapeOp.apply("unsqueeze", x, x.unsqueeze(dim).shape());
    }

    public static Tensor permute(Tensor x, int... dims) {
        return PermuteOp.apply("permute", x, dims);
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        return ShapeFunctions.transpose(x, dim0, dim1);
    }

    /** Python-style slice {@code start:end:step} along {@code dim} (negative bounds count from the end). */
    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        return SliceOp.apply(x, dim, start, end, step);
    }

    /** {@code length} elements from {@code start} along {@code dim}. */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        return ShapeFunctions.narrow(x, dim, start, length);
    }

    /** The slice at {@code index} along {@code dim}, that dim removed. */
    public static Tensor select(Tensor x, int dim, int index) {
        return ShapeFunctions.select(x, dim, index);
    }

    /** Broadcast view to {@code shape} (-1 keeps a size). */
    public static Tensor expand(Tensor x, int... shape) {
        return ExpandOp.apply(x, shape);
    }

    /** Concatenation along {@code dim}; all other dims must match. */
    public static Tensor concat(List<Tensor> tensors, int dim) {
        return ConcatOp.apply(tensors, dim);
    }

    /** Stacks equal-shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return ShapeFunctions.stack(tensors, dim);
    }

    /** Pieces of {@code size} along {@code dim} (the last may be smaller). */
    public static List<Tensor> split(Tensor x, int size, int dim) {
        return ShapeFunctions.splitLike(x, x.split(size, dim), dim);
    }

    /** Pieces with the given sizes along {@code dim}. */
    public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        return ShapeFunctions.split(x, sizes, dim);
    }

    /** At most {@code chunks} pieces of equal size along {@code dim}, as torch.chunk. */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        return ShapeFunctions.splitLike(x, x.chunk(chunks, dim), dim);
    }

    /** Constant padding, F.pad order: (left, right) of the last dim, then of the one before...; negative crops. */
    public static Tensor pad(Tensor x, int[] pads, float value) {
        return PadOp.apply(x, pads, value);
    }

    // ---------------------------------------------------------------- activations and losses (autograd helper)

    public static Tensor relu(Tensor x) {
        return ReluOp.apply(x);
    }

    /**
     * relu over x's own storage (PyTorch's {@code relu_}) for fused layer paths: x must be a fresh convolution or
     * linear output that the caller owns and drops. Anything else (a leaf, a view, another op's output) gets the
     * out-of-place {@link #relu}, so tensors saved for backward are never overwritten.
     */
    public static Tensor reluInPlace(Tensor x) {
        return ReluOp.applyInPlace(x);
    }

    /** {@code relu(a + b)} in one op (the end of a residual block); same shapes fuse, others broadcast unfused. */
    public static Tensor addRelu(Tensor a, Tensor b) {
        return AddReluOp.apply(a, b);
    }

    /** {@code x > 0 ? x : negativeSlope * x}. */
    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return LeakyReluOp.apply(x, negativeSlope);
    }

    /** leakyRelu with PyTorch's default slope 0.01. */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01f);
    }

    /** {@code x > 0 ? x : alpha (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, float alpha) {
        return EluOp.apply(x, alpha);
    }

    public static Tensor elu(Tensor x) {
        return elu(x, 1f);
    }

    /** Exact GELU, {@code x Φ(x)}. */
    public static Tensor gelu(Tensor x) {
        return GeluOp.apply(x, "none");
    }

    /** GELU with {@code approximate} "none" (exact) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) {
        return GeluOp.apply(x, approximate);
    }

    public static Tensor sigmoid(Tensor x) {
        return SigmoidOp.apply(x);
    }

    public static Tensor tanh(Tensor x) {
        return TanhOp.apply(x);
    }

    /** {@code log(1 + exp(beta x)) / beta}, linear where {@code beta x > threshold}. */
    public static Tensor softplus(Tensor x, float beta, float threshold) {
        return SoftplusOp.apply(x, beta, threshold);
    }

    /** softplus with PyTorch's defaults beta 1, threshold 20. */
    public static Tensor softplus(Tensor x) {
        return softplus(x, 1f, 20f);
    }

    public static Tensor softmax(Tensor x, int dim) {
        return SoftmaxOp.apply(x, dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return LogSoftmaxOp.apply(x, dim);
    }

    /**
     * Inverted dropout: when {@code training}, zeroes each element with probability p (drawn from {@code rng})
     * and scales the rest by 1/(1-p); otherwise returns x unchanged.
     */
    public static Tensor dropout(Tensor x, float p, boolean training, Rng rng) {
        return DropoutOp.apply(x, p, training, rng);
    }

    /** Mean cross-entropy of logits [N, C] against class indices. */
    public static Tensor crossEntropy(Tensor logits, int[] target) {
        return crossEntropy(logits, target, Reduction.MEAN, 0f);
    }

    /** Cross-entropy fused with log-softmax, with label smoothing ε in [0, 1]. */
    public static Tensor crossEntropy(Tensor logits, int[] target, Reduction reduction, float labelSmoothing) {
        return crossEntropy(logits, target, reduction, labelSmoothing, CrossEntropyOp.NO_IGNORE);
    }

    /**
     * Cross-entropy of logits [N, C] or [N, C, d1, ...] (per-pixel, e.g. segmentation) against class indices
     * [N] or [N, d1, ...] flattened row-major. Targets equal to {@code ignoreIndex} add nothing and do not count
     * towards the mean (PyTorch's default -100 matches no class). NONE gives losses of the target's shape.
     */
    public static Tensor crossEntropy(Tensor logits, int[] target, Reduction reduction, float labelSmoothing,
            int ignoreIndex) {
        return SpatialLoss.crossEntropy(logits, target, reduction, labelSmoothing, ignoreIndex);
    }

    /** Negative log-likelihood of log-probabilities [N, C] (or [N, C, d1, ...]) at class indices. */
    public static Tensor nllLoss(Tensor logProbs, int[] target, Reduction reduction, int ignoreIndex) {
        return SpatialLoss.nllLoss(logProbs, target, reduction, ignoreIndex);
    }

    public static Tensor nllLoss(Tensor logProbs, int[] target, Reduction reduction) {
        return nllLoss(logProbs, target, reduction, CrossEntropyOp.NO_IGNORE);
    }

    public static Tensor nllLoss(Tensor logProbs, int[] target) {
        return nllLoss(logProbs, target, Reduction.MEAN);
    }

    /** Mean squared error over all elements. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return MseLossOp.apply(input, target, reduction);
    }

    /** Binary cross-entropy on logits (numerically stable; soft targets allowed). */
    public static Tensor bceWithLogits(Tensor logits, Tensor target) {
        return bceWithLogits(logits, target, Reduction.MEAN);
    }

    public static Tensor bceWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        return BceWithLogitsOp.apply(logits, target, reduction);
    }

    /** Binary cross-entropy on probabilities in [0, 1]; prefer bceWithLogits. */
    public static Tensor bce(Tensor input, Tensor target) {
        return bce(input, target, Reduction.MEAN);
    }

    public static Tensor bce(Tensor input, Tensor target, Reduction reduction) {
        return BceOp.apply(input, target, reduction);
    }

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

    /**
     * {@code relu(conv(x) + bias + residual)} ({@code residual} may be null, ReLU optional) in one pass when
     * nothing is recorded, for inference; with autograd on, the same composition of differentiable ops.
     */
    public static Tensor convFused(Tensor x, Tensor weight, Tensor bias, Tensor residual, boolean relu,
            int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups) {
        return ConvInference.apply("conv" + stride.length + "d", x, weight, bias, residual, relu, stride, padBegin,
                padEnd, dilation, groups);
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
        return BatchNormOp.apply(x, runningMean, runningVar, weight, bias, training, momentum, eps, false);
    }

    /**
     * {@code relu(batchNorm(...))} in one op: one pass writes the rectified output and backward masks in the same
     * passes, with no tensor in between (the conv → batch norm → ReLU of CNN blocks).
     */
    public static Tensor batchNormRelu(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        return BatchNormOp.apply(x, runningMean, runningVar, weight, bias, training, momentum, eps, true);
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
