package dev.fovea.nn;

/** Average pooling over [N, C, H, W] (PyTorch's {@code nn.AvgPool2d}); see {@link PoolSpec} for the options. */
public final class AvgPool2d extends PoolNd {
    /** Window and stride {@code kernelSize}, no padding. */
    public AvgPool2d(int kernelSize) {
        this(PoolSpec.of(2, kernelSize));
    }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(PoolSpec.of(2, kernelSize).withStride(stride).withPadding(padding));
    }

    public AvgPool2d(PoolSpec spec) {
        super(2, spec, false);
    }
}
