package dev.fovea.nn;

import dev.fovea.tensor.Tensor;

/** Batch normalisation of [N, C] or [N, C, L] per feature (PyTorch's {@code nn.BatchNorm1d}). */
public final class BatchNorm1d extends BatchNormNd {
    public BatchNorm1d(int numFeatures) {
        this(BatchNormSpec.of(numFeatures));
    }

    public BatchNorm1d(BatchNormSpec spec) {
        super(spec);
    }

    @Override
    protected void checkRank(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw shapeError("expected a 2-D [N, C] or 3-D [N, C, L] input, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
    }
}
