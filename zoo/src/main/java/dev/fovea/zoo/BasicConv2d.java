package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.BatchNormSpec;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;

/**
 * GoogLeNet's convolution unit, torchvision's {@code BasicConv2d}: {@code conv} (no bias), {@code bn}
 * (eps 0.001), then ReLU as a function (no module, as torchvision). Without batch norm, as in the 2014 paper,
 * the convolution has a bias and there is no {@code bn}.
 */
public final class BasicConv2d extends Module implements Traceable {
    private final Conv2d conv;
    private final BatchNorm2d bn;

    public BasicConv2d(int in, int out, int kernel, int stride, int padding, boolean batchNorm) {
        conv = registerModule("conv", Blocks.conv(in, out, kernel, stride, padding, !batchNorm));
        bn = batchNorm ? registerModule("bn", new BatchNorm2d(BatchNormSpec.of(out).withEps(0.001))) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.relu(BasicBlock.norm(bn, conv.forward(x)));
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        return BasicBlock.traceNorm(t, bn, t.apply(conv, x));
    }
}
