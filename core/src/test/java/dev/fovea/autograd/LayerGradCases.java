package dev.fovea.autograd;

import static dev.fovea.autograd.GradCase.distinct;
import static dev.fovea.autograd.GradCase.random;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * Gradient-check cases for the layer ops (F's layers section): convolutions, pooling, norms, resampling. Ported
 * from the layers' own check so that the registry covers every op class.
 */
final class LayerGradCases {
    private static final int[] ONE2 = {1, 1};

    private LayerGradCases() {}

    /** The layer checks use a larger step and looser tolerances: their ops reduce over many elements. */
    private static GradCase layer(String name, Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return GradCase.of(name, fn, inputs).tolerance(1e-2, 2e-2, 2e-3);
    }

    static List<GradCase> cases() {
        var rm = random(28, 3);
        var rv = Tensor.full(0.7f, 3);
        return List.of(
                layer("conv1d", t -> F.conv1d(t[0], t[1], t[2], 2, 1, 2, 1), random(1, 2, 4, 9), random(2, 6, 4, 3),
                        random(3, 6)),
                layer("conv2d", t -> F.conv2d(t[0], t[1], t[2], new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 2),
                        random(4, 2, 4, 6, 7), random(5, 6, 2, 3, 3), random(6, 6)),
                layer("conv2d same", t -> F.conv(t[0], t[1], null, new int[] {1, 1}, new int[] {0, 1}, new int[] {1, 0},
                        ONE2, 1), random(7, 1, 3, 5, 5), random(8, 2, 3, 2, 2)),
                layer("conv3d", t -> F.conv3d(t[0], t[1], t[2], new int[] {1, 2, 1}, new int[] {1, 0, 1},
                        new int[] {1, 1, 1}, 1), random(9, 1, 2, 4, 5, 4), random(10, 3, 2, 2, 3, 2), random(11, 3)),
                layer("conv_transpose2d", t -> F.convTranspose2d(t[0], t[1], t[2], new int[] {2, 2}, new int[] {1, 1},
                        new int[] {1, 0}, ONE2, 2), random(12, 2, 4, 3, 3), random(13, 4, 3, 3, 3), random(14, 6)),
                layer("conv_transpose2d dilated", t -> F.convTranspose2d(t[0], t[1], null, new int[] {1, 1},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {2, 2}, 1), random(15, 1, 2, 4, 4),
                        random(16, 2, 3, 3, 3)),
                layer("conv_transpose2d output_padding >= stride", t -> F.convTranspose2d(t[0], t[1], t[2],
                        new int[] {1, 2}, new int[] {0, 1}, new int[] {1, 1}, new int[] {2, 2}, 1), random(50, 1, 2, 3, 3),
                        random(51, 2, 2, 3, 2), random(52, 2)),
                layer("max_pool2d", t -> F.maxPool2d(t[0], new int[] {3, 3}, new int[] {2, 2}, ONE2, ONE2, true),
                        distinct(17, 2, 2, 6, 6)),
                layer("max_pool1d", t -> F.maxPool(t[0], new int[] {3}, new int[] {2}, new int[] {1}, new int[] {2}, false),
                        distinct(18, 2, 3, 9)),
                layer("avg_pool2d", t -> F.avgPool2d(t[0], new int[] {3, 3}, new int[] {2, 2}, ONE2, true, false),
                        random(19, 2, 2, 6, 6)),
                layer("avg_pool1d", t -> F.avgPool(t[0], new int[] {2}, new int[] {2}, new int[] {1}, false, true),
                        random(20, 2, 3, 7)),
                layer("adaptive_avg_pool2d", t -> F.adaptiveAvgPool(t[0], 3, 2), random(21, 2, 2, 5, 7)),
                layer("adaptive_max_pool2d", t -> F.adaptiveMaxPool(t[0], 3, 4), distinct(22, 2, 2, 5, 7)),
                layer("global_avg_pool2d", t -> F.globalAvgPool2d(t[0]), random(23, 2, 3, 4, 4)),
                layer("batch_norm train", t -> F.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5),
                        random(24, 4, 3, 3, 3), random(25, 3), random(26, 3)),
                layer("batch_norm 1d train", t -> F.batchNorm(t[0], null, null, null, null, true, 0.1, 1e-5),
                        random(27, 6, 4)),
                layer("batch_norm eval", t -> F.batchNorm(t[0], rm, rv, t[1], t[2], false, 0.1, 1e-5),
                        random(29, 2, 3, 4), random(30, 3), random(31, 3)),
                // biases of +-3 keep every output of a channel on one side of the ReLU's kink (|gamma * xhat| < 3 here)
                layer("batch_norm_relu train", t -> F.batchNormRelu(t[0], null, null, t[1],
                        F.add(F.mul(t[2], 0.1f), Tensor.of(3f, -3f, 3f)), true, 0.1, 1e-5),
                        random(24, 4, 3, 3, 3), random(25, 3), random(26, 3)),
                layer("layer_norm", t -> F.layerNorm(t[0], new int[] {3, 4}, t[1], t[2], 1e-5), random(32, 2, 3, 4),
                        random(33, 3, 4), random(34, 3, 4)),
                layer("group_norm", t -> F.groupNorm(t[0], 2, t[1], t[2], 1e-5), random(35, 2, 4, 3, 3), random(36, 4),
                        random(37, 4)),
                layer("instance_norm", t -> F.instanceNorm(t[0], t[1], t[2], 1e-5), random(38, 2, 3, 3, 4), random(39, 3),
                        random(40, 3)),
                layer("instance_norm no affine", t -> F.instanceNorm(t[0], null, null, 1e-5), random(41, 2, 2, 4, 4)),
                layer("local_response_norm", t -> F.localResponseNorm(t[0], 3, 0.5, 0.75, 1.0), random(42, 2, 5, 3, 3)),
                layer("local_response_norm even", t -> F.localResponseNorm(t[0], 4, 1e-1, 0.75, 2.0),
                        random(43, 1, 3, 2, 2)),
                layer("dropout2d", t -> F.dropout2d(t[0], 0.5, true, new Rng(5)), random(44, 3, 4, 2, 2)),
                layer("upsample_nearest2d", t -> F.upsampleNearest2d(t[0], 2, 3), random(45, 1, 2, 3, 3)),
                layer("upsample_bilinear2d", t -> F.upsampleBilinear2d(t[0], 2, 2, false), random(46, 1, 2, 3, 4)),
                layer("upsample_bilinear2d aligned", t -> F.upsampleBilinear2d(t[0], 3, 2, true), random(47, 1, 1, 3, 1)),
                layer("pixel_shuffle", t -> F.pixelShuffle(t[0], 2), random(48, 2, 8, 2, 3)),
                layer("channel_shuffle", t -> F.channelShuffle(t[0], 3), random(49, 2, 6, 2, 2)));
    }
}
