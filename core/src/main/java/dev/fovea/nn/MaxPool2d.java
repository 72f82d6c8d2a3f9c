package dev.fovea.nn;

/** Max pooling over [N, C, H, W] (PyTorch's {@code nn.MaxPool2d}); see {@link PoolSpec} for the options. */
public final class MaxPool2d extends PoolNd {
    /** Window and stride {@code kernelSize}, no padding. */
    public MaxPool2d(int kernelSize) {
        this(PoolSpec.of(2, kernelSize));
    }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(PoolSpec.of(2, kernelSize).withStride(stride).withPadding(padding));
    }

    public MaxPool2d(PoolSpec spec) {
        super(2, spec, true);
    }
}
