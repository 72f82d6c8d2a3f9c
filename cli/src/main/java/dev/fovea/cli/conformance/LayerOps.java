package dev.fovea.cli.conformance;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FORMAT.md 5.2 to 5.4 and the resampling ops of 5.7: convolutions, pooling, normalisation, upsampling and channel
 * permutations through {@link F}. Spatial attributes must have one entry per spatial dimension of the input.
 */
final class LayerOps {
    private LayerOps() {}

    static void register(Map<String, OpRunner> ops) {
        ops.put("conv1d", LayerOps::conv);
        ops.put("conv2d", LayerOps::conv);
        ops.put("conv3d", LayerOps::conv);
        ops.put("conv_transpose2d", c -> {
            Tensor x = c.tensor("x");
            int s = spatial(c, x);
            return y(F.convTranspose2d(x, c.tensor("weight"), c.optional("bias"), c.ints("stride", s),
                    c.ints("padding", s), c.ints("output_padding", s), c.ints("dilation", s), c.integer("groups")));
        });
        ops.put("max_pool2d", c -> {
            Tensor x = c.tensor("x");
            int s = spatial(c, x);
            return y(F.maxPool2d(x, c.ints("kernel_size", s), c.ints("stride", s), c.ints("padding", s),
                    c.ints("dilation", s), c.bool("ceil_mode")));
        });
        ops.put("avg_pool2d", c -> {
            Tensor x = c.tensor("x");
            int s = spatial(c, x);
            return y(F.avgPool2d(x, c.ints("kernel_size", s), c.ints("stride", s), c.ints("padding", s),
                    c.bool("ceil_mode"), c.bool("count_include_pad")));
        });
        ops.put("adaptive_avg_pool2d", c -> {
            Tensor x = c.tensor("x");
            return y(F.adaptiveAvgPool(x, c.ints("output_size", spatial(c, x))));
        });
        ops.put("adaptive_max_pool2d", c -> {
            Tensor x = c.tensor("x");
            return y(F.adaptiveMaxPool(x, c.ints("output_size", spatial(c, x))));
        });
        ops.put("global_avg_pool2d", c -> y(F.globalAvgPool2d(c.tensor("x"))));
        ops.put("batch_norm2d", LayerOps::batchNorm);
        ops.put("layer_norm", c -> y(F.layerNorm(c.tensor("x"), c.ints("normalized_shape"), c.optional("weight"),
                c.optional("bias"), c.number("eps"))));
        ops.put("group_norm", c -> y(F.groupNorm(c.tensor("x"), c.integer("num_groups"), c.optional("weight"),
                c.optional("bias"), c.number("eps"))));
        ops.put("instance_norm2d", c -> {
            boolean affine = c.bool("affine");
            Tensor weight = c.optional("weight");
            Tensor bias = c.optional("bias");
            if (affine != (weight != null && bias != null)) {
                throw new CaseFormatException("instance_norm2d: attrs.affine is " + affine
                        + " but weight and bias are " + (weight != null ? "present" : "absent"));
            }
            return y(F.instanceNorm(c.tensor("x"), weight, bias, c.number("eps")));
        });
        ops.put("local_response_norm", c -> y(F.localResponseNorm(c.tensor("x"), c.integer("size"),
                c.number("alpha"), c.number("beta"), c.number("k"))));
        ops.put("upsample_nearest2d", c -> {
            int[] s = c.ints("scale_factor", 2);
            return y(F.upsampleNearest2d(c.tensor("x"), s[0], s[1]));
        });
        ops.put("upsample_bilinear2d", c -> {
            int[] s = c.ints("scale_factor", 2);
            return y(F.upsampleBilinear2d(c.tensor("x"), s[0], s[1], c.bool("align_corners")));
        });
        ops.put("pixel_shuffle", c -> y(F.pixelShuffle(c.tensor("x"), c.integer("upscale_factor"))));
        ops.put("channel_shuffle", c -> y(F.channelShuffle(c.tensor("x"), c.integer("groups"))));
    }

    private static Map<String, Tensor> conv(CaseContext c) {
        Tensor x = c.tensor("x");
        int s = spatial(c, x);
        int expected = c.op().charAt(4) - '0'; // conv1d / conv2d / conv3d
        if (s != expected) {
            throw new CaseFormatException(c.op() + ": x must have " + (expected + 2) + " dimensions, got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        int[] padding = c.ints("padding", s);
        return y(F.conv(x, c.tensor("weight"), c.optional("bias"), c.ints("stride", s), padding, padding,
                c.ints("dilation", s), c.integer("groups")));
    }

    /**
     * Running statistics (optional: without them training mode uses batch statistics only) are updated in place by
     * F.batchNorm, so it gets copies and those become the outputs.
     */
    private static Map<String, Tensor> batchNorm(CaseContext c) {
        Tensor mean = copy(c.optional("running_mean"));
        Tensor var = copy(c.optional("running_var"));
        Tensor y = F.batchNorm(c.tensor("x"), mean, var, c.optional("weight"), c.optional("bias"),
                c.bool("training"), c.number("momentum"), c.number("eps"));
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("y", y);
        if (mean != null) {
            out.put("running_mean", mean);
        }
        if (var != null) {
            out.put("running_var", var);
        }
        return out;
    }

    /** The number of spatial dimensions of an [N, C, *spatial] input. */
    static int spatial(CaseContext c, Tensor x) {
        if (x.dim() < 3) {
            throw new CaseFormatException(c.op() + ": x must be [N, C, *spatial], got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        return x.dim() - 2;
    }

    static Tensor copy(Tensor t) {
        return t == null ? null : Tensor.of(t.toArray(), t.shape());
    }

    static Map<String, Tensor> y(Tensor y) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("y", y);
        return out;
    }
}
