package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** Averages [N, C, H, W] down to a fixed [N, C, OH, OW] whatever H and W are (PyTorch's {@code nn.AdaptiveAvgPool2d}). */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outputSize) {
        this(outputSize, outputSize);
    }

    public AdaptiveAvgPool2d(int outH, int outW) {
        Spec.positive(typeName(), "output_size", Math.min(outH, outW));
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor input) {
        expectRank(input, 4, "[N, C, H, W]");
        return ConvNd.guard(this, () -> F.adaptiveAvgPool(input, outH, outW));
    }

    @Override
    protected String extraRepr() {
        return "output_size=[" + outH + ", " + outW + "]";
    }
}
