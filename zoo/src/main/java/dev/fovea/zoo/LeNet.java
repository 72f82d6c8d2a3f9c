package dev.fovea.zoo;

import dev.fovea.nn.AvgPool2d;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import java.util.function.Supplier;

/**
 * LeNet-5 (LeCun et al. 1998): C1 6@5×5, S2, C3 16@5×5, S4, C5 120, F6 84, output. Inputs are 32×32 as in the
 * paper; 28×28 (MNIST) is padded by 2 in C1 so that the maps are the same. C5 is a 5×5 convolution over a 5×5
 * map, i.e. a fully connected layer on the flattened 16×5×5: it is written as {@code classifier.0} (Linear).
 * C3 connects to all six S2 maps (the paper's sparse table is a 1998 economy; the common form). Parameters:
 * 61,706 for 10 classes.
 *
 * <p>{@link #classic} uses tanh and average pooling as the paper; {@link #modern} ReLU and max pooling. With
 * {@link ModelConfig#batchNorm()} batch norm follows both convolutions (off in the registry's entries).
 */
public final class LeNet {
    private LeNet() {}

    public static Sequential classic(ModelConfig c) {
        return build(c, Blocks::tanh, true);
    }

    public static Sequential modern(ModelConfig c) {
        return build(c, Blocks::relu, false);
    }

    private static Sequential build(ModelConfig c, Supplier<Module> act, boolean avg) {
        int pad = c.imageSize() < 32 ? (32 - c.imageSize() + 1) / 2 : 0;
        int c1 = c.scale(6);
        int c3 = c.scale(16);
        Sequential f = Blocks.features(c.batchNorm(),
                Blocks.conv(c.inChannels(), c1, 5, 1, pad, true), act.get(), avg ? new AvgPool2d(2) : new MaxPool2d(2),
                Blocks.conv(c1, c3, 5, 1, 0, true), act.get(), avg ? new AvgPool2d(2) : new MaxPool2d(2));
        int size = ((c.imageSize() + 2 * pad - 4) / 2 - 4) / 2;
        if (size < 1) {
            throw new IllegalArgumentException("LeNet: image size " + c.imageSize() + " is too small; use 28 or more");
        }
        Sequential classifier = new Sequential(Blocks.linear(c3 * size * size, c.scale(120)), act.get(),
                Blocks.linear(c.scale(120), c.scale(84)), act.get(), Blocks.linear(c.scale(84), c.numClasses()));
        return new Classifier("LeNet5", f, null, classifier);
    }
}
