package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** [N, C, H, W] to [N, C, 1, 1], the mean of each plane: the head of ResNet-style networks. */
public final class GlobalAvgPool2d extends Module {
    @Override
    public Tensor forward(Tensor input) {
        expectRank(input, 4, "[N, C, H, W]");
        return ConvNd.guard(this, () -> F.globalAvgPool2d(input));
    }
}
