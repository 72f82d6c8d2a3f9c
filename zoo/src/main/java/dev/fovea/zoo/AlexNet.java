package dev.fovea.zoo;

import dev.fovea.nn.AdaptiveAvgPool2d;
import dev.fovea.nn.LocalResponseNorm;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.zoo.summary.Summary;

/**
 * AlexNet in its two forms.
 *
 * <ul>
 *   <li>{@link #paper}: Krizhevsky et al. 2012 as in the paper's figure 2: 96, 256, 384, 384 and 256 filters;
 *       local response normalisation after the first two convolutions; conv2, conv4 and conv5 see only the
 *       half of the previous layer on "their" GPU (groups=2), conv3 and the fully connected layers see all.
 *       The input is 3×227×227 (the paper says 224, but 55 = (227 - 11) / 4 + 1 needs 227; CS231n uses 227).
 *       conv1 outputs 96×55×55 with 34,848 weights; 60,965,224 parameters in total ("60 million").</li>
 *   <li>{@link #torchvision}: the common single-tower variant (One weird trick, Krizhevsky 2014) as
 *       torchvision's {@code alexnet}: 64, 192, 384, 256, 256 filters, no LRN, no groups, an adaptive 6×6 pool;
 *       61,100,840 parameters; input 3×224×224.</li>
 * </ul>
 * With {@link ModelConfig#batchNorm()} on, batch norm follows every convolution (not in either original; the
 * registry's {@code alexnet} and {@code alexnet-paper} have it off).
 */
public final class AlexNet {
    private AlexNet() {}

    /** The paper's LRN (k=2, n=5, alpha=1e-4, beta=0.75); PyTorch's formula divides alpha by n, hence 5e-4. */
    static LocalResponseNorm paperLrn() {
        return new LocalResponseNorm(new LocalResponseNorm.Options(5, 5e-4, 0.75, 2));
    }

    public static Sequential paper(ModelConfig c) {
        Sequential f = Blocks.features(c.batchNorm(),
                Blocks.conv(c.inChannels(), c.scale(96), 11, 4, 0, true), Blocks.relu(), paperLrn(),
                new MaxPool2d(3, 2, 0),
                Blocks.conv(c.scale(96), c.scale(256), 5, 1, 2, 2, true), Blocks.relu(), paperLrn(),
                new MaxPool2d(3, 2, 0),
                Blocks.conv(c.scale(256), c.scale(384), 3, 1, 1, true), Blocks.relu(),
                Blocks.conv(c.scale(384), c.scale(384), 3, 1, 1, 2, true), Blocks.relu(),
                Blocks.conv(c.scale(384), c.scale(256), 3, 1, 1, 2, true), Blocks.relu(),
                new MaxPool2d(3, 2, 0));
        return new Classifier("AlexNet", f, null, head(f, c, 4096));
    }

    public static Sequential torchvision(ModelConfig c) {
        Sequential f = Blocks.features(c.batchNorm(),
                Blocks.conv(c.inChannels(), c.scale(64), 11, 4, 2, true), Blocks.relu(), new MaxPool2d(3, 2, 0),
                Blocks.conv(c.scale(64), c.scale(192), 5, 1, 2, true), Blocks.relu(), new MaxPool2d(3, 2, 0),
                Blocks.conv(c.scale(192), c.scale(384), 3, 1, 1, true), Blocks.relu(),
                Blocks.conv(c.scale(384), c.scale(256), 3, 1, 1, true), Blocks.relu(),
                Blocks.conv(c.scale(256), c.scale(256), 3, 1, 1, true), Blocks.relu(),
                new MaxPool2d(3, 2, 0));
        int hidden = c.scale(4096);
        Sequential classifier = new Sequential(Blocks.dropout(0.5), Blocks.linear(c.scale(256) * 36, hidden),
                Blocks.relu(), Blocks.dropout(0.5), Blocks.linear(hidden, hidden), Blocks.relu(),
                Blocks.linear(hidden, c.numClasses()));
        return new Classifier("AlexNet", f, new AdaptiveAvgPool2d(6), classifier);
    }

    /**
     * The paper's classifier (dropout, fc6, relu, dropout, fc7, relu, fc8) sized from the features' output at
     * the configured image size.
     */
    static Sequential head(Module features, ModelConfig c, int width) {
        int[] out = Summary.of(features, c.inChannels(), c.imageSize(), c.imageSize()).outputShape();
        int flat = out[1] * out[2] * out[3];
        int hidden = c.scale(width);
        return new Sequential(Blocks.dropout(0.5), Blocks.linear(flat, hidden), Blocks.relu(), Blocks.dropout(0.5),
                Blocks.linear(hidden, hidden), Blocks.relu(), Blocks.linear(hidden, c.numClasses()));
    }
}
