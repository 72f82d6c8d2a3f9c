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
 * ResNet's two-3×3 block (He et al. 2015, torchvision's {@code BasicBlock}): {@code relu(bn2(conv2(relu(bn1(
 * conv1(x))))) + shortcut(x))}, with a 1×1 projection ({@code downsample.0}, {@code downsample.1}) when the
 * stride or the width changes. Without batch norm the convolutions get biases and the bn layers are absent.
 */
public final class BasicBlock extends Module implements Traceable {
    public static final int EXPANSION = 1;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Module relu;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Module downsample;
    /** The projection's layers, for the fused inference path. */
    private final Conv2d dsConv;
    private final BatchNorm2d dsBn;

    public BasicBlock(int in, int planes, int stride, boolean batchNorm) {
        conv1 = registerModule("conv1", Blocks.conv(in, planes, 3, stride, 1, !batchNorm));
        bn1 = batchNorm ? registerModule("bn1", Blocks.bn(planes)) : null;
        relu = registerModule("relu", Blocks.relu());
        conv2 = registerModule("conv2", Blocks.conv(planes, planes, 3, 1, 1, !batchNorm));
        bn2 = batchNorm ? registerModule("bn2", Blocks.bn(planes)) : null;
        Sequential ds = stride != 1 || in != planes ? projection(in, planes, stride, batchNorm) : null;
        downsample = ds == null ? null : registerModule("downsample", ds);
        dsConv = ds == null ? null : (Conv2d) ds.get(0);
        dsBn = ds == null || !batchNorm ? null : (BatchNorm2d) ds.get(1);
    }

    /** torchvision's shortcut projection: a strided 1×1 convolution and batch norm. */
    static Sequential projection(int in, int out, int stride, boolean batchNorm) {
        Sequential s = new Sequential(Blocks.conv(in, out, 1, stride, 0, !batchNorm));
        if (batchNorm) {
            s.add(Blocks.bn(out));
        }
        return s;
    }

    @Override
    public Tensor forward(Tensor x) {
        // Fusion computes exactly relu(bn(conv(x))) etc., folded into single convolutions at inference
        Tensor y = Fusion.convBn(conv1, bn1, x, true);
        Tensor shortcut = downsample == null ? x : Fusion.convBn(dsConv, dsBn, x, false);
        Tensor out = Fusion.convBnAddRelu(conv2, bn2, y, shortcut);
        // only conv2 read y, only the residual add read a projected shortcut: a backward sweep may recycle both
        Scratch.mark(y);
        if (shortcut != x) {
            Scratch.markRead(shortcut, out);
        }
        return out;
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(relu, traceNorm(t, bn1, t.apply(conv1, x)));
        y = traceNorm(t, bn2, t.apply(conv2, y));
        int[] shortcut = downsample == null ? x : t.apply(downsample, x);
        return t.apply(relu, Tracer.add(this, y, shortcut));
    }

    static Tensor norm(Module bn, Tensor x) {
        return bn == null ? x : bn.forward(x);
    }

    static int[] traceNorm(Tracer t, Module bn, int[] x) {
        return bn == null ? x : t.apply(bn, x);
    }
}
