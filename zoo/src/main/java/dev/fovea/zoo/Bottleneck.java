package dev.fovea.zoo;

import dev.fovea.autograd.Scratch;
import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Fusion;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;

/**
 * ResNet-50/101/152's block (torchvision's {@code Bottleneck}, "ResNet v1.5"): 1×1 reduce, 3×3 carrying the
 * stride, 1×1 expand to {@code planes × 4}, plus the shortcut. torchvision puts the stride on the 3×3 rather than
 * on the first 1×1 as the paper does; the parameter count is the same and the state dicts match torchvision.
 */
public final class Bottleneck extends Module implements Traceable {
    public static final int EXPANSION = 4;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;
    private final Module relu;
    private final Module downsample;
    /** The downsample's convolution and batch norm, for {@link Fusion}. */
    private final Conv2d dsConv;
    private final BatchNorm2d dsBn;

    public Bottleneck(int in, int planes, int stride, boolean batchNorm) {
        int out = planes * EXPANSION;
        conv1 = registerModule("conv1", Blocks.conv(in, planes, 1, 1, 0, !batchNorm));
        bn1 = batchNorm ? registerModule("bn1", Blocks.bn(planes)) : null;
        conv2 = registerModule("conv2", Blocks.conv(planes, planes, 3, stride, 1, !batchNorm));
        bn2 = batchNorm ? registerModule("bn2", Blocks.bn(planes)) : null;
        conv3 = registerModule("conv3", Blocks.conv(planes, out, 1, 1, 0, !batchNorm));
        bn3 = batchNorm ? registerModule("bn3", Blocks.bn(out)) : null;
        relu = registerModule("relu", Blocks.relu());
        Sequential ds = stride != 1 || in != out
                ? registerModule("downsample", BasicBlock.projection(in, out, stride, batchNorm)) : null;
        downsample = ds;
        dsConv = ds == null ? null : (Conv2d) ds.get(0);
        dsBn = ds == null || !batchNorm ? null : (BatchNorm2d) ds.get(1);
    }

    @Override
    public Tensor forward(Tensor x) {
        // Fusion computes exactly relu(bn(conv(x))) etc., folded into single convolutions at inference
        Tensor y1 = Fusion.convBn(conv1, bn1, x, true);
        Tensor y2 = Fusion.convBn(conv2, bn2, y1, true);
        Tensor shortcut = downsample == null ? x : Fusion.convBn(dsConv, dsBn, x, false);
        Tensor out = Fusion.convBnAddRelu(conv3, bn3, y2, shortcut);
        // y1, y2 and a projected shortcut never leave the block: a backward sweep may recycle them (Scratch)
        Scratch.mark(y1);
        Scratch.mark(y2);
        if (shortcut != x) {
            Scratch.markRead(shortcut, out);
        }
        return out;
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(relu, BasicBlock.traceNorm(t, bn1, t.apply(conv1, x)));
        y = t.apply(relu, BasicBlock.traceNorm(t, bn2, t.apply(conv2, y)));
        y = BasicBlock.traceNorm(t, bn3, t.apply(conv3, y));
        int[] shortcut = downsample == null ? x : t.apply(downsample, x);
        return t.apply(relu, Tracer.add(this, y, shortcut));
    }
}
