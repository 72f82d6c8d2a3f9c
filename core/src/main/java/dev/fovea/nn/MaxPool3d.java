package dev.fovea.nn;

/** Max pooling over [N, C, D, H, W] (PyTorch's {@code nn.MaxPool3d}), for video and volumetric CNNs. */
public final class MaxPool3d extends PoolNd {
    /** Window and stride {@code kernelSize}, no padding. */
    public MaxPool3d(int kernelSize) {
        this(PoolSpec.of(3, kernelSize));
    }

    public MaxPool3d(int kernelSize, int stride, int padding) {
        this(PoolSpec.of(3, kernelSize).withStride(stride).withPadding(padding));
    }

    public MaxPool3d(PoolSpec spec) {
        super(3, spec, true);
    }
}
