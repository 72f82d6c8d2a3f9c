package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.autograd.Scratch;
import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Fusion;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;

/**
 * The CIFAR ResNet's basic block. Where the block halves the size and doubles the width, option A's shortcut
 * takes every second pixel and zero-pads the new channels (half before, half after, as the common reference
 * implementations do); option B projects with a strided 1×1 convolution and batch norm ({@code downsample}).
 */
final class CifarBlock extends Module implements Traceable {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Module relu;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Module downsample;
    private final int stride;
    private final int padBefore;
    private final int padAfter;

    CifarBlock(int in, int planes, int stride, CifarResNet.Shortcut shortcut, boolean batchNorm) {
        conv1 = registerModule("conv1", Blocks.conv(in, planes, 3, stride, 1, !batchNorm));
        bn1 = batchNorm ? registerModule("bn1", Blocks.bn(planes)) : null;
        relu = registerModule("relu", Blocks.relu());
        conv2 = registerModule("conv2", Blocks.conv(planes, planes, 3, 1, 1, !batchNorm));
        bn2 = batchNorm ? registerModule("bn2", Blocks.bn(planes)) : null;
        this.stride = stride;
        boolean changes = stride != 1 || in != planes;
        if (changes && shortcut == CifarResNet.Shortcut.B_PROJECTION) {
            downsample = registerModule("downsample", BasicBlock.projection(in, planes, stride, batchNorm));
        } else {
            downsample = null;
        }
        if (changes && downsample == null && planes < in) {
            throw new IllegalArgumentException("CifarResNet: option A shortcut cannot shrink " + in + " to " + planes
                    + " channels; use option B");
        }
        padBefore = downsample == null ? (planes - in) / 2 : 0;
        padAfter = downsample == null ? planes - in - padBefore : 0;
    }

    @Override
    public String typeName() {
        return "BasicBlock";
    }

    @Override
    public Tensor forward(Tensor x) {
        // relu(bn1(conv1(x))) etc.: fused ops in training, folded convolutions at inference (Fusion)
        // y1 and y2 never leave the block: only conv2 reads y1 and only the residual add reads y2, so a backward
        // sweep may recycle their memory (Scratch)
        Tensor y1 = Fusion.convBn(conv1, bn1, x, true);
        Tensor y2 = Fusion.convBn(conv2, bn2, y1, false);
        Scratch.mark(y1);
        return Scratch.markRead(y2, Fusion.addRelu(y2, shortcut(x)));
    }

    private Tensor shortcut(Tensor x) {
        if (downsample != null) {
            return downsample.forward(x);
        }
        Tensor s = x;
        if (stride != 1) {
            s = F.slice(F.slice(s, 2, 0, s.size(2), stride), 3, 0, s.size(3), stride);
        }
        if (padBefore + padAfter > 0) {
            s = F.pad(s, new int[] {0, 0, 0, 0, padBefore, padAfter}, 0f);
        }
        return s;
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(relu, BasicBlock.traceNorm(t, bn1, t.apply(conv1, x)));
        y = BasicBlock.traceNorm(t, bn2, t.apply(conv2, y));
        int[] s;
        if (downsample != null) {
            s = t.apply(downsample, x);
        } else {
            s = new int[] {x[0], x[1] + padBefore + padAfter, (x[2] + stride - 1) / stride,
                (x[3] + stride - 1) / stride};
        }
        return t.apply(relu, Tracer.add(this, y, s));
    }
}
