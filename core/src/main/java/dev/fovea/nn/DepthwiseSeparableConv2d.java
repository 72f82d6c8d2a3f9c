package dev.fovea.nn;

import dev.fovea.tensor.Tensor;

/**
 * MobileNet's factorised convolution: a depthwise k×k convolution ({@code groups = in}, one filter per channel)
 * followed by a pointwise 1×1 convolution that mixes channels. It costs about {@code 1/out + 1/k²} of a full
 * convolution. Children are {@code depthwise} and {@code pointwise}.
 */
public final class DepthwiseSeparableConv2d extends Module {
    public final Conv2d depthwise;
    public final Conv2d pointwise;

    /** Padding 'same'-style {@code kernel/2} so odd kernels keep the spatial size at stride 1. */
    public DepthwiseSeparableConv2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, kernelSize, stride, kernelSize / 2, true);
    }

    public DepthwiseSeparableConv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding,
            boolean bias) {
        this.depthwise = registerModule("depthwise", new Conv2d(ConvSpec.of(2, inChannels, inChannels, kernelSize)
                .withStride(stride).withPadding(padding).withGroups(inChannels).withBias(bias)));
        this.pointwise = registerModule("pointwise",
                new Conv2d(ConvSpec.of(2, inChannels, outChannels, 1).withBias(bias)));
    }

    @Override
    public Tensor forward(Tensor input) {
        expectRank(input, 4, "[N, C, H, W]");
        expectSize(input, 1, depthwise.spec().inChannels(), "input channels");
        return pointwise.forward(depthwise.forward(input));
    }
}
