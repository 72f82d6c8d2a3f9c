package dev.fovea.nn;

/** Average pooling over [N, C, D, H, W] (PyTorch's {@code nn.AvgPool3d}), for video and volumetric CNNs. */
public final class AvgPool3d extends PoolNd {
    /** Window and stride {@code kernelSize}, no padding. */
    public AvgPool3d(int kernelSize) {
        this(PoolSpec.of(3, kernelSize));
    }

    public AvgPool3d(int kernelSize, int stride, int padding) {
        this(PoolSpec.of(3, kernelSize).withStride(stride).withPadding(padding));
    }

    public AvgPool3d(PoolSpec spec) {
        super(3, spec, false);
    }
}
