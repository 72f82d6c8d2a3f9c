package dev.fovea.nn;

/** Average pooling over [N, C, L] (PyTorch's {@code nn.AvgPool1d}); see {@link PoolSpec} for the options. */
public final class AvgPool1d extends PoolNd {
    /** Window and stride {@code kernelSize}, no padding. */
    public AvgPool1d(int kernelSize) {
        this(PoolSpec.of(1, kernelSize));
    }

    public AvgPool1d(int kernelSize, int stride, int padding) {
        this(PoolSpec.of(1, kernelSize).withStride(stride).withPadding(padding));
    }

    public AvgPool1d(PoolSpec spec) {
        super(1, spec, false);
    }
}
