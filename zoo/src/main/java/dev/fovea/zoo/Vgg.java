package dev.fovea.zoo;

import dev.fovea.nn.AdaptiveAvgPool2d;
import dev.fovea.nn.LocalResponseNorm;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Sequential;
import java.util.List;

/**
 * The VGG configurations of Simonyan and Zisserman 2014, Table 1, in torchvision's layout ({@code features},
 * {@code avgpool}, {@code classifier}; {@code features.0.weight} ...), each with or without batch norm after every
 * convolution ({@link ModelConfig#batchNorm()}, torchvision's {@code vgg16_bn}). A-LRN puts local response
 * normalisation after the first layer; C ends blocks 3-5 with a 1×1 convolution. VGG-16 (D) without batch norm
 * has 138,357,544 parameters, as torchvision's {@code vgg16}.
 */
public final class Vgg {
    private Vgg() {}

    /** The columns of Table 1. Tokens: a width is a 3×3 convolution, "1x1:w" a 1×1 one, "M" max pooling. */
    public enum Config {
        A(List.of("64", "M", "128", "M", "256", "256", "M", "512", "512", "M", "512", "512", "M")),
        A_LRN(List.of("64", "LRN", "M", "128", "M", "256", "256", "M", "512", "512", "M", "512", "512", "M")),
        B(List.of("64", "64", "M", "128", "128", "M", "256", "256", "M", "512", "512", "M", "512", "512", "M")),
        C(List.of("64", "64", "M", "128", "128", "M", "256", "256", "1x1:256", "M", "512", "512", "1x1:512", "M",
                "512", "512", "1x1:512", "M")),
        D(List.of("64", "64", "M", "128", "128", "M", "256", "256", "256", "M", "512", "512", "512", "M", "512",
                "512", "512", "M")),
        E(List.of("64", "64", "M", "128", "128", "M", "256", "256", "256", "256", "M", "512", "512", "512", "512",
                "M", "512", "512", "512", "512", "M"));

        final List<String> layers;

        Config(List<String> layers) {
            this.layers = layers;
        }
    }

    /** VGG-11 (A) ... VGG-19 (E); VGG-16 is D. */
    public static Sequential of(Config config, ModelConfig c) {
        Sequential features = new Sequential();
        int in = c.inChannels();
        for (String token : config.layers) {
            switch (token) {
                case "M" -> features.add(new MaxPool2d(2, 2, 0));
                // The paper takes AlexNet's normalisation (k=2, n=5, alpha=1e-4, beta=0.75); PyTorch's formula
                // divides alpha by n, so alpha=5e-4 here gives the paper's layer.
                case "LRN" -> features.add(new LocalResponseNorm(new LocalResponseNorm.Options(5, 5e-4, 0.75, 2)));
                default -> {
                    boolean pointwise = token.startsWith("1x1:");
                    int out = c.scale(Integer.parseInt(pointwise ? token.substring(4) : token));
                    features.add(Blocks.conv(in, out, pointwise ? 1 : 3, 1, pointwise ? 0 : 1, true));
                    if (c.batchNorm()) {
                        features.add(Blocks.bn(out));
                    }
                    features.add(Blocks.relu());
                    in = out;
                }
            }
        }
        int hidden = c.scale(4096);
        Sequential classifier = new Sequential(Blocks.linear(in * 7 * 7, hidden), Blocks.relu(), Blocks.dropout(0.5),
                Blocks.linear(hidden, hidden), Blocks.relu(), Blocks.dropout(0.5), Blocks.linear(hidden,
                        c.numClasses()));
        return new Classifier("VGG", features, new AdaptiveAvgPool2d(7), classifier);
    }

    public static Sequential vgg11(ModelConfig c) {
        return of(Config.A, c);
    }

    public static Sequential vgg13(ModelConfig c) {
        return of(Config.B, c);
    }

    public static Sequential vgg16(ModelConfig c) {
        return of(Config.D, c);
    }

    public static Sequential vgg19(ModelConfig c) {
        return of(Config.E, c);
    }
}
