package dev.fovea.zoo;

import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.ConvSpec;
import dev.fovea.nn.Dropout;
import dev.fovea.nn.Flatten;
import dev.fovea.nn.Linear;
import dev.fovea.nn.Module;
import dev.fovea.nn.ReLU;
import dev.fovea.nn.Sequential;
import dev.fovea.nn.Tanh;

/** Short constructors for the layers the builders repeat, with torchvision's defaults. */
final class Blocks {
    private Blocks() {}

    static Conv2d conv(int in, int out, int kernel, int stride, int padding, boolean bias) {
        return new Conv2d(ConvSpec.of(2, in, out, kernel).withStride(stride).withPadding(padding).withBias(bias));
    }

    static Conv2d conv(int in, int out, int kernel, int stride, int padding, int groups, boolean bias) {
        return new Conv2d(ConvSpec.of(2, in, out, kernel).withStride(stride).withPadding(padding).withGroups(groups)
                .withBias(bias));
    }

    /**
     * A {@code features} Sequential of {@code layers}, with batch norm inserted after every convolution when
     * {@code batchNorm} (the "_bn" variant of a plain network; indices then differ from the plain layout).
     */
    static Sequential features(boolean batchNorm, Module... layers) {
        Sequential s = new Sequential();
        for (Module m : layers) {
            s.add(m);
            if (batchNorm && m instanceof Conv2d conv) {
                s.add(bn(conv.spec().outChannels()));
            }
        }
        return s;
    }

    static BatchNorm2d bn(int channels) {
        return new BatchNorm2d(channels);
    }

    static Module relu() {
        return new ReLU();
    }

    static Module tanh() {
        return new Tanh();
    }

    static Module linear(int in, int out) {
        return new Linear(in, out);
    }

    static Module dropout(double p) {
        return new Dropout(p);
    }

    static Module flatten() {
        return new Flatten();
    }
}
