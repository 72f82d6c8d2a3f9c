package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/**
 * Rearranges [N, C*r², H, W] into [N, C, H*r, W*r] (PyTorch's {@code nn.PixelShuffle}): the sub-pixel
 * convolution upsampler of super-resolution networks.
 */
public final class PixelShuffle extends Module {
    private final int upscaleFactor;

    public PixelShuffle(int upscaleFactor) {
        Spec.positive(typeName(), "upscale_factor", upscaleFactor);
        this.upscaleFactor = upscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) {
        expectRank(input, 4, "[N, C*r*r, H, W]");
        int r2 = upscaleFactor * upscaleFactor;
        if (input.size(1) % r2 != 0) {
            throw shapeError("expected input channels divisible by upscale_factor² = " + r2 + ", got "
                    + input.size(1));
        }
        return F.pixelShuffle(input, upscaleFactor);
    }

    @Override
    protected String extraRepr() {
        return "upscale_factor=" + upscaleFactor;
    }
}
