package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/**
 * Upsampling of [N, C, H, W] by integer scale factors (PyTorch's {@code nn.Upsample}): nearest neighbour, or
 * bilinear with {@code align_corners} (false is PyTorch's default and matches half-pixel centres).
 */
public final class Upsample extends Module {
    public enum Mode { NEAREST, BILINEAR }

    /** Validated hyperparameters. */
    public record Options(int scaleH, int scaleW, Mode mode, boolean alignCorners) {
        public Options {
            Spec.positive("Upsample", "scale_factor", Math.min(scaleH, scaleW));
            if (mode == null) {
                throw new IllegalArgumentException("Upsample: mode must be NEAREST or BILINEAR, got null");
            }
            if (alignCorners && mode == Mode.NEAREST) {
                throw new IllegalArgumentException("Upsample: align_corners only applies to BILINEAR mode");
            }
        }
    }

    private final Options options;

    /** Nearest-neighbour upsampling by {@code scale} in both dimensions. */
    public Upsample(int scale) {
        this(new Options(scale, scale, Mode.NEAREST, false));
    }

    public Upsample(int scale, Mode mode, boolean alignCorners) {
        this(new Options(scale, scale, mode, alignCorners));
    }

    public Upsample(Options options) {
        this.options = options;
    }

    @Override
    public Tensor forward(Tensor input) {
        expectRank(input, 4, "[N, C, H, W]");
        return options.mode() == Mode.NEAREST ? F.upsampleNearest2d(input, options.scaleH(), options.scaleW())
                : F.upsampleBilinear2d(input, options.scaleH(), options.scaleW(), options.alignCorners());
    }

    @Override
    protected String extraRepr() {
        return "scale_factor=[" + options.scaleH() + ", " + options.scaleW() + "], mode="
                + options.mode().name().toLowerCase() + (options.alignCorners() ? ", align_corners=True" : "");
    }
}
