package dev.fovea.nn;

import dev.fovea.tensor.Tensor;

/** Batch normalisation of [N, C, D, H, W] per channel (PyTorch's {@code nn.BatchNorm3d}), for {@link Conv3d} nets. */
public final class BatchNorm3d extends BatchNormNd {
    public BatchNorm3d(int numFeatures) {
        this(BatchNormSpec.of(numFeatures));
    }

    public BatchNorm3d(BatchNormSpec spec) {
        super(spec);
    }

    @Override
    protected void checkRank(Tensor input) {
        expectRank(input, 5, "[N, C, D, H, W]");
    }
}
