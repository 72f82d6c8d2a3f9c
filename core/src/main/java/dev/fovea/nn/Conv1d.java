package dev.fovea.nn;

import dev.fovea.tensor.Rng;

/** 1-D convolution over [N, C, L] (PyTorch's {@code nn.Conv1d}); see {@link ConvSpec} for the options. */
public final class Conv1d extends ConvNd {
    /** Stride 1, no padding, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(ConvSpec.of(1, inChannels, outChannels, kernelSize));
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(ConvSpec.of(1, inChannels, outChannels, kernelSize).withStride(stride).withPadding(padding));
    }

    public Conv1d(ConvSpec spec) {
        this(spec, Init.defaultGenerator());
    }

    public Conv1d(ConvSpec spec, Rng rng) {
        super(1, spec, rng);
    }
}
