package dev.fovea.nn;

import dev.fovea.tensor.Tensor;

/** Batch normalisation of [N, C, H, W] per channel (PyTorch's {@code nn.BatchNorm2d}). */
public final class BatchNorm2d extends BatchNormNd {
    public BatchNorm2d(int numFeatures) {
        this(BatchNormSpec.of(numFeatures));
    }

    public BatchNorm2d(BatchNormSpec spec) {
        super(spec);
    }

    @Override
    protected void checkRank(Tensor input) {
        expectRank(input, 4, "[N, C, H, W]");
    }
}
