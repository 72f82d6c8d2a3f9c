package dev.fovea.zoo;

import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Sequential;

/**
 * ZFNet (Zeiler and Fergus 2013, figure 3): AlexNet on one GPU with a 7×7 stride-2 first layer and a stride-2
 * second layer; 96, 256, 384, 384, 256 filters, contrast normalisation (LRN) after the first two, input 224.
 * The maps are 110, 55, 26, 13, 13, 13 and 6 wide as in the figure (paddings chosen to give them). Batch norm
 * after every convolution when {@link ModelConfig#batchNorm()} (off in the paper and the registry).
 */
public final class ZfNet {
    private ZfNet() {}

    public static Sequential of(ModelConfig c) {
        Sequential f = Blocks.features(c.batchNorm(),
                Blocks.conv(c.inChannels(), c.scale(96), 7, 2, 1, true), Blocks.relu(), new MaxPool2d(3, 2, 1),
                AlexNet.paperLrn(),
                Blocks.conv(c.scale(96), c.scale(256), 5, 2, 0, true), Blocks.relu(), new MaxPool2d(3, 2, 1),
                AlexNet.paperLrn(),
                Blocks.conv(c.scale(256), c.scale(384), 3, 1, 1, true), Blocks.relu(),
                Blocks.conv(c.scale(384), c.scale(384), 3, 1, 1, true), Blocks.relu(),
                Blocks.conv(c.scale(384), c.scale(256), 3, 1, 1, true), Blocks.relu(),
                new MaxPool2d(3, 2, 0));
        return new Classifier("ZFNet", f, null, AlexNet.head(f, c, 4096));
    }
}
