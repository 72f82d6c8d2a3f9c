package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.AdaptiveAvgPool2d;
import dev.fovea.nn.AvgPool2d;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * DenseNet-BC (Huang et al. 2017) in torchvision's layout: {@code features} ({@code conv0}, {@code norm0},
 * {@code relu0}, {@code pool0}, {@code denseblock1}, {@code transition1}, ..., {@code norm5}) and
 * {@code classifier}. Growth rate 32, bottleneck width 4·k, compression 0.5. DenseNet-121 has 7,978,856
 * parameters and DenseNet-169 14,149,480, as torchvision. Without batch norm the convolutions get biases.
 */
public final class DenseNet extends Module implements Traceable {
    private final Sequential features;
    private final Module relu;
    private final AdaptiveAvgPool2d avgpool;
    private final Module classifier;

    public DenseNet(int[] blockLayers, int growth, int initFeatures, ModelConfig c) {
        boolean bn = c.batchNorm();
        int k = c.scale(growth);
        int ch = c.scale(initFeatures);
        features = new Sequential();
        features.add("conv0", Blocks.conv(c.inChannels(), ch, 7, 2, 3, !bn));
        if (bn) {
            features.add("norm0", Blocks.bn(ch));
        }
        features.add("relu0", Blocks.relu());
        features.add("pool0", new MaxPool2d(3, 2, 1));
        for (int b = 0; b < blockLayers.length; b++) {
            features.add("denseblock" + (b + 1), new DenseBlock(blockLayers[b], ch, 4 * k, k, bn));
            ch += blockLayers[b] * k;
            if (b + 1 < blockLayers.length) {
                Sequential t = new Sequential();
                if (bn) {
                    t.add("norm", Blocks.bn(ch));
                }
                t.add("relu", Blocks.relu());
                t.add("conv", Blocks.conv(ch, ch / 2, 1, 1, 0, !bn));
                t.add("pool", new AvgPool2d(2, 2, 0));
                features.add("transition" + (b + 1), t);
                ch /= 2;
            }
        }
        if (bn) {
            features.add("norm5", Blocks.bn(ch));
        }
        registerModule("features", features);
        relu = registerModule("relu", Blocks.relu());
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        classifier = registerModule("classifier", Blocks.linear(ch, c.numClasses()));
    }

    public static DenseNet densenet121(ModelConfig c) {
        return new DenseNet(new int[] {6, 12, 24, 16}, 32, 64, c);
    }

    public static DenseNet densenet169(ModelConfig c) {
        return new DenseNet(new int[] {6, 12, 32, 32}, 32, 64, c);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = relu.forward(features.forward(x));
        return classifier.forward(F.flatten(avgpool.forward(y), 1));
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(avgpool, t.apply(relu, t.apply(features, x)));
        return t.apply(classifier, new int[] {y[0], y[1]});
    }

    /** {@code denselayer1..n}: each sees the concatenation of the block input and all earlier layers' outputs. */
    static final class DenseBlock extends Module implements Traceable {
        private final List<Module> layers = new ArrayList<>();

        DenseBlock(int n, int in, int bottleneck, int growth, boolean bn) {
            for (int i = 0; i < n; i++) {
                DenseLayer layer = new DenseLayer(in + i * growth, bottleneck, growth, bn);
                layers.add(registerModule("denselayer" + (i + 1), layer));
            }
        }

        @Override
        public String typeName() {
            return "_DenseBlock";
        }

        @Override
        public Tensor forward(Tensor x) {
            List<Tensor> all = new ArrayList<>(List.of(x));
            for (Module l : layers) {
                all.add(l.forward(all.size() == 1 ? x : F.concat(all, 1)));
            }
            return F.concat(all, 1);
        }

        @Override
        public int[] trace(int[] x, Tracer t) {
            List<int[]> all = new ArrayList<>(List.of(x));
            for (Module l : layers) {
                all.add(t.apply(l, Tracer.concat(this, 1, all)));
            }
            return Tracer.concat(this, 1, all);
        }
    }

    /** A {@link Sequential} named {@code _DenseLayer} as in torchvision's printout. */
    static final class DenseLayer extends Sequential {
        DenseLayer(int in, int bottleneck, int growth, boolean bn) {
            if (bn) {
                add("norm1", Blocks.bn(in));
            }
            add("relu1", Blocks.relu());
            add("conv1", Blocks.conv(in, bottleneck, 1, 1, 0, !bn));
            if (bn) {
                add("norm2", Blocks.bn(bottleneck));
            }
            add("relu2", Blocks.relu());
            add("conv2", Blocks.conv(bottleneck, growth, 3, 1, 1, !bn));
        }

        @Override
        public String typeName() {
            return "_DenseLayer";
        }
    }
}
