package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** Max-pools [N, C, H, W] to a fixed [N, C, OH, OW] whatever H and W are (PyTorch's {@code nn.AdaptiveMaxPool2d}). */
public final class AdaptiveMaxPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveMaxPool2d(int outputSize) {
        this(outputSize, outputSize);
    }

    public AdaptiveMaxPool2d(int outH, int outW) {
        Spec.positive(typeName(), "output_size", Math.min(outH, outW));
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor input) {
        expectRank(input, 4, "[N, C, H, W]");
        return ConvNd.guard(this, () -> F.adaptiveMaxPool(input, outH, outW));
    }

    @Override
    protected String extraRepr() {
        return "output_size=[" + outH + ", " + outW + "]";
    }
}
