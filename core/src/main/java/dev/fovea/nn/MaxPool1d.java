package dev.fovea.nn;

/** Max pooling over [N, C, L] (PyTorch's {@code nn.MaxPool1d}); see {@link PoolSpec} for the options. */
public final class MaxPool1d extends PoolNd {
    /** Window and stride {@code kernelSize}, no padding. */
    public MaxPool1d(int kernelSize) {
        this(PoolSpec.of(1, kernelSize));
    }

    public MaxPool1d(int kernelSize, int stride, int padding) {
        this(PoolSpec.of(1, kernelSize).withStride(stride).withPadding(padding));
    }

    public MaxPool1d(PoolSpec spec) {
        super(1, spec, true);
    }
}
