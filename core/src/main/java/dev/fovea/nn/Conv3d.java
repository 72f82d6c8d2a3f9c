package dev.fovea.nn;

import dev.fovea.tensor.Rng;

/** 3-D convolution over [N, C, D, H, W] (PyTorch's {@code nn.Conv3d}); see {@link ConvSpec} for the options. */
public final class Conv3d extends ConvNd {
    /** Stride 1, no padding, with bias. */
    public Conv3d(int inChannels, int outChannels, int kernelSize) {
        this(ConvSpec.of(3, inChannels, outChannels, kernelSize));
    }

    public Conv3d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(ConvSpec.of(3, inChannels, outChannels, kernelSize).withStride(stride).withPadding(padding));
    }

    public Conv3d(ConvSpec spec) {
        this(spec, Init.defaultGenerator());
    }

    public Conv3d(ConvSpec spec, Rng rng) {
        super(3, spec, rng);
    }
}
