package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.autograd.Scratch;
import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Fusion;
import dev.fovea.nn.GlobalAvgPool2d;
import dev.fovea.nn.Init;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;
import java.util.List;

/**
 * The CIFAR-10 ResNets of He et al. 2015, section 4.2: a 3×3 convolution with 16 filters, three stages of
 * {@code n} basic blocks at 16, 32 and 64 filters on 32×32, 16×16 and 8×8 maps, global average pooling and a
 * fully connected layer; depth {@code 6n + 2} (20, 32, 44, 56, 110). Shortcuts follow the paper's option A by
 * default (identity; where the size halves, subsample by 2 and pad the new channels with zeros, adding no
 * parameters: ResNet-20 has 269,722 parameters), or option B (1×1 projection and batch norm, the ImageNet
 * choice). Names: {@code conv1}, {@code bn1}, {@code layer1..3.i.conv1}, {@code fc}.
 */
public final class CifarResNet extends Module implements Traceable {
    /** The paper's two shortcut options for the blocks that change size. */
    public enum Shortcut { A_ZERO_PAD, B_PROJECTION }

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Module relu;
    private final List<Sequential> layers;
    private final GlobalAvgPool2d avgpool;
    private final Module fc;

    public CifarResNet(int depth, Shortcut shortcut, ModelConfig c) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("CifarResNet: depth must be 6n + 2 (20, 32, 44, 56, 110), got "
                    + depth);
        }
        int n = (depth - 2) / 6;
        int width = c.scale(16);
        conv1 = registerModule("conv1", Blocks.conv(c.inChannels(), width, 3, 1, 1, !c.batchNorm()));
        bn1 = c.batchNorm() ? registerModule("bn1", Blocks.bn(width)) : null;
        relu = registerModule("relu", Blocks.relu());
        int in = width;
        Sequential[] stages = new Sequential[3];
        for (int s = 0; s < 3; s++) {
            int planes = c.scale(16 << s);
            Sequential stage = new Sequential();
            for (int b = 0; b < n; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                stage.add(new CifarBlock(in, planes, stride, shortcut, c.batchNorm()));
                in = planes;
            }
            stages[s] = registerModule("layer" + (s + 1), stage);
        }
        layers = List.of(stages);
        avgpool = registerModule("avgpool", new GlobalAvgPool2d());
        fc = registerModule("fc", Blocks.linear(in, c.numClasses()));
        ResNet.initConvs(this, Init.defaultGenerator());
    }

    public static CifarResNet resnet20(ModelConfig c) {
        return new CifarResNet(20, Shortcut.A_ZERO_PAD, c);
    }

    public static CifarResNet resnet32(ModelConfig c) {
        return new CifarResNet(32, Shortcut.A_ZERO_PAD, c);
    }

    public static CifarResNet resnet44(ModelConfig c) {
        return new CifarResNet(44, Shortcut.A_ZERO_PAD, c);
    }

    public static CifarResNet resnet56(ModelConfig c) {
        return new CifarResNet(56, Shortcut.A_ZERO_PAD, c);
    }

    public static CifarResNet resnet110(ModelConfig c) {
        return new CifarResNet(110, Shortcut.A_ZERO_PAD, c);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = Fusion.convBn(conv1, bn1, x, true);
        for (Sequential stage : layers) {
            // the stem's and each stage's output is read only by the next stage (or the pooling)
            y = Scratch.markRead(y, stage.forward(y));
        }
        Tensor pooled = Scratch.markRead(y, avgpool.forward(y));
        return fc.forward(F.flatten(pooled, 1));
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(relu, BasicBlock.traceNorm(t, bn1, t.apply(conv1, x)));
        for (Sequential stage : layers) {
            y = t.apply(stage, y);
        }
        y = t.apply(avgpool, y);
        return t.apply(fc, new int[] {y[0], y[1]});
    }
}
