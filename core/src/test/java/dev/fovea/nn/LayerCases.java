package dev.fovea.nn;

import java.util.List;
import java.util.function.Supplier;

/** The layer list of {@link LayerContractTest}: a factory, a valid input shape and what to expect, per layer. */
final class LayerCases {
    private LayerCases() {}

    /**
     * @param badShape an input shape the layer must reject (null: it accepts every shape)
     * @param badFragment a piece of the expected error message (the expected value)
     * @param ownerPath path (relative to the layer) of the module that reports the error; "" for the layer itself
     */
    record Case(String label, Supplier<Module> factory, int[] inputShape, int[] outputShape,
            List<String> parameterNames, long parameterCount, boolean trainEvalDiffer, int[] badShape,
            String badFragment, String ownerPath, String ownerType) {

        Case params(long count, String... names) {
            return new Case(label, factory, inputShape, outputShape, List.of(names), count, trainEvalDiffer, badShape,
                    badFragment, ownerPath, ownerType);
        }

        Case differs() {
            return new Case(label, factory, inputShape, outputShape, parameterNames, parameterCount, true, badShape,
                    badFragment, ownerPath, ownerType);
        }

        Case bad(String fragment, int... shape) {
            return new Case(label, factory, inputShape, outputShape, parameterNames, parameterCount, trainEvalDiffer,
                    shape, fragment, ownerPath, ownerType);
        }

        Case owner(String path, String type) {
            return new Case(label, factory, inputShape, outputShape, parameterNames, parameterCount, trainEvalDiffer,
                    badShape, badFragment, path, type);
        }
    }

    static Case layer(String label, Supplier<Module> factory, int[] in, int[] out) {
        return new Case(label, factory, in, out, List.of(), 0, false, null, null, "", null);
    }

    static int[] s(int... shape) {
        return shape;
    }

    static List<Case> all() {
        return List.of(
                layer("Conv1d", () -> new Conv1d(4, 6, 3), s(2, 4, 9), s(2, 6, 7))
                        .params(78, "weight", "bias").bad("expected 4 input channels, got 5", 2, 5, 9),
                layer("Conv2d", () -> new Conv2d(3, 8, 3, 2, 1), s(2, 3, 9, 9), s(2, 8, 5, 5))
                        .params(224, "weight", "bias").bad("expected 3 input channels, got 5", 2, 5, 9, 9),
                layer("Conv2d same, no bias", () -> new Conv2d(ConvSpec.of(2, 3, 4, 4).withPadding(Padding.same())
                        .withBias(false)), s(1, 3, 5, 6), s(1, 4, 5, 6))
                        .params(192, "weight").bad("4-D input [N, C, H, W], got shape [1, 3, 5]", 1, 3, 5),
                layer("Conv2d grouped dilated", () -> new Conv2d(ConvSpec.of(2, 4, 6, 3).withGroups(2)
                        .withDilation(2).withPadding(Padding.valid())), s(1, 4, 7, 7), s(1, 6, 3, 3))
                        .params(114, "weight", "bias").bad("expected 4 input channels, got 2", 1, 2, 7, 7),
                layer("Conv3d", () -> new Conv3d(2, 4, 3), s(1, 2, 5, 5, 5), s(1, 4, 3, 3, 3))
                        .params(220, "weight", "bias").bad("5-D input", 1, 2, 5, 5),
                layer("ConvTranspose2d", () -> new ConvTranspose2d(4, 3, 3, 2, 1), s(2, 4, 4, 4), s(2, 3, 7, 7))
                        .params(111, "weight", "bias").bad("expected 4 input channels, got 3", 2, 3, 4, 4),
                layer("DepthwiseSeparableConv2d", () -> new DepthwiseSeparableConv2d(4, 8, 3, 1), s(2, 4, 6, 6),
                        s(2, 8, 6, 6)).params(80, "depthwise.weight", "depthwise.bias", "pointwise.weight",
                        "pointwise.bias").bad("expected 4 input channels, got 8", 2, 8, 6, 6),
                layer("MaxPool1d", () -> new MaxPool1d(2), s(2, 3, 8), s(2, 3, 4)).bad("3-D input", 2, 3, 8, 8),
                layer("MaxPool2d", () -> new MaxPool2d(3, 2, 1), s(2, 3, 7, 7), s(2, 3, 4, 4))
                        .bad("4-D input", 2, 7, 7),
                layer("MaxPool3d", () -> new MaxPool3d(2), s(1, 2, 4, 4, 4), s(1, 2, 2, 2, 2)).bad("5-D input", 1, 2, 4, 4),
                layer("AvgPool3d", () -> new AvgPool3d(3, 2, 1), s(1, 2, 5, 5, 5), s(1, 2, 3, 3, 3))
                        .bad("5-D input", 2, 5, 5, 5),
                layer("AvgPool1d", () -> new AvgPool1d(3, 2, 1), s(2, 3, 8), s(2, 3, 4)).bad("3-D input", 3, 8),
                layer("AvgPool2d", () -> new AvgPool2d(2), s(2, 3, 8, 8), s(2, 3, 4, 4)).bad("4-D input", 2, 3, 8),
                layer("AdaptiveAvgPool2d", () -> new AdaptiveAvgPool2d(3), s(2, 3, 7, 5), s(2, 3, 3, 3))
                        .bad("4-D input", 2, 3, 7),
                layer("AdaptiveMaxPool2d", () -> new AdaptiveMaxPool2d(2, 3), s(2, 3, 7, 5), s(2, 3, 2, 3))
                        .bad("4-D input", 2, 3, 7),
                layer("GlobalAvgPool2d", GlobalAvgPool2d::new, s(2, 3, 4, 4), s(2, 3, 1, 1)).bad("4-D input", 2, 3),
                layer("BatchNorm1d", () -> new BatchNorm1d(5), s(4, 5), s(4, 5)).params(10, "weight", "bias")
                        .differs().bad("expected 5 channels (num_features), got 6", 4, 6),
                layer("BatchNorm2d", () -> new BatchNorm2d(3), s(4, 3, 4, 4), s(4, 3, 4, 4))
                        .params(6, "weight", "bias").differs().bad("expected 3 channels (num_features), got 2",
                                4, 2, 4, 4),
                layer("BatchNorm3d", () -> new BatchNorm3d(2), s(2, 2, 3, 3, 3), s(2, 2, 3, 3, 3))
                        .params(4, "weight", "bias").differs().bad("5-D input [N, C, D, H, W]", 2, 2, 3, 3),
                layer("BatchNorm2d without running stats", () -> new BatchNorm2d(BatchNormSpec.of(3)
                        .withTrackRunningStats(false).withAffine(false)), s(4, 3, 2, 2), s(4, 3, 2, 2))
                        .bad("4-D input", 4, 3, 2),
                layer("LayerNorm", () -> new LayerNorm(4, 4), s(2, 3, 4, 4), s(2, 3, 4, 4))
                        .params(32, "weight", "bias").bad("[*, 4, 4]", 2, 3, 4, 5),
                layer("InstanceNorm2d", () -> new InstanceNorm2d(3), s(2, 3, 4, 4), s(2, 3, 4, 4))
                        .bad("expected 3 channels (num_features), got 4", 2, 4, 4, 4),
                layer("InstanceNorm2d affine", () -> new InstanceNorm2d(new InstanceNorm2d.Options(3, 1e-5, true)),
                        s(2, 3, 4, 4), s(2, 3, 4, 4)).params(6, "weight", "bias").bad("4-D input", 2, 3, 4),
                layer("GroupNorm", () -> new GroupNorm(2, 4), s(2, 4, 3, 3), s(2, 4, 3, 3))
                        .params(8, "weight", "bias").bad("expected 4 channels, got 6", 2, 6, 3, 3),
                layer("LocalResponseNorm", () -> new LocalResponseNorm(3), s(2, 5, 3, 3), s(2, 5, 3, 3))
                        .bad("rank >= 3", 2, 5),
                layer("Dropout2d", () -> new Dropout2d(0.5), s(4, 6, 3, 3), s(4, 6, 3, 3)).differs()
                        .bad("4-D [N, C, H, W] input", 4, 6),
                layer("Upsample nearest", () -> new Upsample(2), s(1, 2, 3, 3), s(1, 2, 6, 6)).bad("4-D input", 2, 3),
                layer("Upsample bilinear", () -> new Upsample(3, Upsample.Mode.BILINEAR, true), s(1, 2, 3, 2),
                        s(1, 2, 9, 6)).bad("4-D input", 1, 2, 3),
                layer("PixelShuffle", () -> new PixelShuffle(2), s(1, 8, 3, 3), s(1, 2, 6, 6))
                        .bad("divisible by upscale_factor² = 4, got 6", 1, 6, 3, 3),
                layer("ChannelShuffle", () -> new ChannelShuffle(2), s(1, 4, 3, 3), s(1, 4, 3, 3))
                        .bad("divisible by groups=2, got 5", 1, 5, 3, 3),
                layer("Linear", () -> new Linear(8, 5), s(3, 8), s(3, 5)).params(45, "weight", "bias")
                        .bad("expected 8 input features, got 7", 3, 7),
                layer("Linear without bias, 3-D input", () -> new Linear(new Linear.Options(8, 5, false)), s(2, 4, 8),
                        s(2, 4, 5)).params(40, "weight").bad("expected 8 input features, got 4", 2, 8, 4),
                layer("Flatten", Flatten::new, s(2, 3, 4, 4), s(2, 48)).bad("got shape [5]", 5),
                layer("Dropout", () -> new Dropout(0.5), s(4, 10), s(4, 10)).differs(),
                layer("ReLU", ReLU::new, s(2, 5), s(2, 5)),
                layer("LeakyReLU", () -> new LeakyReLU(0.1f), s(2, 5), s(2, 5)),
                layer("ELU", ELU::new, s(2, 5), s(2, 5)),
                layer("GELU", () -> new GELU("tanh"), s(2, 5), s(2, 5)),
                layer("Sigmoid", Sigmoid::new, s(2, 5), s(2, 5)),
                layer("Tanh", Tanh::new, s(2, 5), s(2, 5)),
                layer("Softplus", Softplus::new, s(2, 5), s(2, 5)),
                layer("Softmax", Softmax::new, s(2, 5), s(2, 5)).bad("dimension 1, got shape [5]", 5),
                layer("LogSoftmax", () -> new LogSoftmax(-1), s(2, 3, 5), s(2, 3, 5)).bad("got shape []"),
                layer("Residual identity shortcut", () -> new Residual(new Sequential(new Conv2d(4, 4, 3, 1, 1),
                        new BatchNorm2d(4)), null, new ReLU()), s(2, 4, 5, 5), s(2, 4, 5, 5))
                        .params(156, "main.0.weight", "main.0.bias", "main.1.weight", "main.1.bias").differs()
                        .bad("expected 4 input channels, got 3", 2, 3, 5, 5).owner("main.0", "Conv2d"),
                layer("Residual projection shortcut", () -> new Residual(new Conv2d(3, 8, 3, 2, 1),
                        new Conv2d(3, 8, 1, 2, 0)), s(2, 3, 6, 6), s(2, 8, 3, 3))
                        .params(256, "main.weight", "main.bias", "shortcut.weight", "shortcut.bias")
                        .bad("expected 3 input channels, got 4", 2, 4, 6, 6).owner("main", "Conv2d"),
                layer("Concat", () -> new Concat(1, new Conv2d(3, 4, 1), new Identity()), s(2, 3, 4, 4), s(2, 7, 4, 4))
                        .params(16, "0.weight", "0.bias").bad("expected 3 input channels, got 5", 2, 5, 4, 4)
                        .owner("0", "Conv2d"),
                layer("Identity", Identity::new, s(2, 3), s(2, 3)),
                layer("Sequential", () -> new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4)), s(2, 3, 6, 6),
                        s(2, 4, 4, 4)).params(120, "0.weight", "0.bias", "1.weight", "1.bias").differs()
                        .bad("expected 3 input channels, got 5", 2, 5, 6, 6).owner("0", "Conv2d"));
    }
}
