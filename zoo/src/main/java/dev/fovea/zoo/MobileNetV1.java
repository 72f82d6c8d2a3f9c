package dev.fovea.zoo;

import dev.fovea.nn.AdaptiveAvgPool2d;
import dev.fovea.nn.Sequential;

/**
 * MobileNet v1 (Howard et al. 2017, Table 1): a 3×3 stride-2 convolution, thirteen depthwise-separable blocks
 * (3×3 depthwise, BN, ReLU, 1×1 pointwise, BN, ReLU), global average pooling and a fully connected layer. The
 * width multiplier alpha ({@link ModelConfig#width()}) thins every layer; the resolution multiplier is the input
 * size. At alpha 1 and 224×224: 4,231,976 parameters and 568,740,352 multiply-adds (the paper's 4.2M and 569M).
 * Layout: {@code features.0} (conv, bn, relu), {@code features.1..13} (six layers each), {@code avgpool},
 * {@code classifier}. Without batch norm the convolutions get biases.
 */
public final class MobileNetV1 {
    private MobileNetV1() {}

    private static final int[][] BLOCKS = {
        {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}, {512, 1}, {512, 1}, {512, 1},
        {512, 1}, {1024, 2}, {1024, 1}};

    public static Sequential of(ModelConfig c) {
        boolean bn = c.batchNorm();
        Sequential features = new Sequential();
        int in = c.scale(32);
        Sequential stem = new Sequential(Blocks.conv(c.inChannels(), in, 3, 2, 1, !bn));
        if (bn) {
            stem.add(Blocks.bn(in));
        }
        stem.add(Blocks.relu());
        features.add(stem);
        for (int[] b : BLOCKS) {
            int out = c.scale(b[0]);
            Sequential s = new Sequential(Blocks.conv(in, in, 3, b[1], 1, in, !bn));
            if (bn) {
                s.add(Blocks.bn(in));
            }
            s.add(Blocks.relu());
            s.add(Blocks.conv(in, out, 1, 1, 0, !bn));
            if (bn) {
                s.add(Blocks.bn(out));
            }
            s.add(Blocks.relu());
            features.add(s);
            in = out;
        }
        return new Classifier("MobileNetV1", features, new AdaptiveAvgPool2d(1),
                Blocks.linear(in, c.numClasses()));
    }
}
