package dev.fovea.train;

import dev.fovea.data.Batch;
import dev.fovea.tensor.Tensor;

/** The training objective: a scalar loss (mean over the batch) from the model's output and the batch. */
@FunctionalInterface
public interface Loss {
    Tensor compute(Tensor output, Batch batch);
}
