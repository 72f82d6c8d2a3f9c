package dev.fovea.nn;

import dev.fovea.tensor.Rng;

/** 2-D convolution over [N, C, H, W] (PyTorch's {@code nn.Conv2d}); see {@link ConvSpec} for the options. */
public final class Conv2d extends ConvNd {
    /** Stride 1, no padding, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(ConvSpec.of(2, inChannels, outChannels, kernelSize));
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(ConvSpec.of(2, inChannels, outChannels, kernelSize).withStride(stride).withPadding(padding));
    }

    public Conv2d(ConvSpec spec) {
        this(spec, Init.defaultGenerator());
    }

    public Conv2d(ConvSpec spec, Rng rng) {
        super(2, spec, rng);
    }
}
