package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.autograd.Scratch;
import dev.fovea.nn.AdaptiveAvgPool2d;
import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Fusion;
import dev.fovea.nn.Init;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;
import java.util.List;

/**
 * ImageNet ResNets (He et al. 2015) in torchvision's layout and state-dict names: {@code conv1}, {@code bn1},
 * {@code relu}, {@code maxpool}, {@code layer1..layer4} of {@link BasicBlock}s or {@link Bottleneck}s,
 * {@code avgpool}, {@code fc}. ResNet-18 has 11,689,512 parameters and ResNet-50 25,557,032, as torchvision.
 */
public final class ResNet extends Module implements Traceable {
    /** The depths of the paper's Table 1. */
    public enum Depth {
        R18(false, 2, 2, 2, 2), R34(false, 3, 4, 6, 3), R50(true, 3, 4, 6, 3), R101(true, 3, 4, 23, 3),
        R152(true, 3, 8, 36, 3);

        final boolean bottleneck;
        final int[] blocks;

        Depth(boolean bottleneck, int... blocks) {
            this.bottleneck = bottleneck;
            this.blocks = blocks;
        }
    }

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Module relu;
    private final MaxPool2d maxpool;
    private final List<Sequential> layers;
    private final AdaptiveAvgPool2d avgpool;
    private final Module fc;

    public ResNet(Depth depth, ModelConfig c) {
        int width = c.scale(64);
        conv1 = registerModule("conv1", Blocks.conv(c.inChannels(), width, 7, 2, 3, !c.batchNorm()));
        bn1 = c.batchNorm() ? registerModule("bn1", Blocks.bn(width)) : null;
        relu = registerModule("relu", Blocks.relu());
        maxpool = registerModule("maxpool", new MaxPool2d(3, 2, 1));
        int expansion = depth.bottleneck ? Bottleneck.EXPANSION : BasicBlock.EXPANSION;
        int in = width;
        Sequential[] stages = new Sequential[4];
        for (int s = 0; s < 4; s++) {
            int planes = c.scale(64 << s);
            Sequential stage = new Sequential();
            for (int b = 0; b < depth.blocks[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                stage.add(depth.bottleneck ? new Bottleneck(in, planes, stride, c.batchNorm())
                        : new BasicBlock(in, planes, stride, c.batchNorm()));
                in = planes * expansion;
            }
            stages[s] = registerModule("layer" + (s + 1), stage);
        }
        layers = List.of(stages);
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        fc = registerModule("fc", Blocks.linear(in, c.numClasses()));
        initConvs(this, Init.defaultGenerator());
    }

    public static ResNet resnet18(ModelConfig c) {
        return new ResNet(Depth.R18, c);
    }

    public static ResNet resnet34(ModelConfig c) {
        return new ResNet(Depth.R34, c);
    }

    public static ResNet resnet50(ModelConfig c) {
        return new ResNet(Depth.R50, c);
    }

    public static ResNet resnet101(ModelConfig c) {
        return new ResNet(Depth.R101, c);
    }

    public static ResNet resnet152(ModelConfig c) {
        return new ResNet(Depth.R152, c);
    }

    /** torchvision's ResNet initialisation: He normal (fan out) for convolutions; batch norm keeps 1 and 0. */
    static void initConvs(Module model, Rng rng) {
        for (Module m : model.namedModules().values()) {
            if (m instanceof Conv2d conv) {
                Init.kaimingNormal(conv.weight.tensor(), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, rng);
            }
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor stem = Fusion.convBn(conv1, bn1, x, true);
        Tensor y = Scratch.markRead(stem, maxpool.forward(stem));
        for (Sequential stage : layers) {
            // the stem's and each stage's output is read only by the next stage (or the pooling)
            y = Scratch.markRead(y, stage.forward(y));
        }
        return fc.forward(F.flatten(Scratch.markRead(y, avgpool.forward(y)), 1));
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(maxpool, t.apply(relu, BasicBlock.traceNorm(t, bn1, t.apply(conv1, x))));
        for (Sequential stage : layers) {
            y = t.apply(stage, y);
        }
        y = t.apply(avgpool, y);
        return t.apply(fc, new int[] {y[0], y[1] * y[2] * y[3]});
    }
}
