package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.AvgPool2d;
import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.ChannelShuffle;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;
import java.util.List;

/**
 * The ShuffleNet unit (Zhang et al. 2017, figure 2): 1×1 group convolution to a quarter of the output width, BN,
 * ReLU, channel shuffle, 3×3 depthwise convolution (stride 1 or 2), BN, 1×1 group convolution, BN. At stride 1
 * the result is added to the input; at stride 2 it is concatenated with a 3×3 average pooling of the input (so
 * the branch produces {@code out - in} channels), then ReLU.
 */
public final class ShuffleUnit extends Module implements Traceable {
    private final Conv2d gconv1;
    private final BatchNorm2d bn1;
    private final Module relu;
    private final ChannelShuffle shuffle;
    private final Conv2d dwconv;
    private final BatchNorm2d bn2;
    private final Conv2d gconv2;
    private final BatchNorm2d bn3;
    private final AvgPool2d shortcut;

    /**
     * @param firstGroups groups of the first 1×1 convolution: 1 for the very first unit of stage 2, whose input
     *                    (24 channels) is too thin to split, as the paper does; otherwise {@code groups}
     */
    public ShuffleUnit(int in, int out, int groups, int firstGroups, int stride, boolean batchNorm) {
        int mid = out / 4;
        int branchOut = stride == 2 ? out - in : out;
        if (stride == 1 && in != out) {
            throw new IllegalArgumentException("ShuffleUnit: a stride-1 unit needs in == out, got " + in + " and "
                    + out);
        }
        gconv1 = registerModule("gconv1", Blocks.conv(in, mid, 1, 1, 0, firstGroups, !batchNorm));
        bn1 = batchNorm ? registerModule("bn1", Blocks.bn(mid)) : null;
        relu = registerModule("relu", Blocks.relu());
        shuffle = registerModule("shuffle", new ChannelShuffle(groups));
        dwconv = registerModule("dwconv", Blocks.conv(mid, mid, 3, stride, 1, mid, !batchNorm));
        bn2 = batchNorm ? registerModule("bn2", Blocks.bn(mid)) : null;
        gconv2 = registerModule("gconv2", Blocks.conv(mid, branchOut, 1, 1, 0, groups, !batchNorm));
        bn3 = batchNorm ? registerModule("bn3", Blocks.bn(branchOut)) : null;
        shortcut = stride == 2 ? registerModule("shortcut", new AvgPool2d(3, 2, 1)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = shuffle.forward(relu.forward(BasicBlock.norm(bn1, gconv1.forward(x))));
        y = BasicBlock.norm(bn2, dwconv.forward(y));
        y = BasicBlock.norm(bn3, gconv2.forward(y));
        Tensor merged = shortcut == null ? F.add(x, y) : F.concat(List.of(shortcut.forward(x), y), 1);
        return relu.forward(merged);
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(shuffle, t.apply(relu, BasicBlock.traceNorm(t, bn1, t.apply(gconv1, x))));
        y = BasicBlock.traceNorm(t, bn2, t.apply(dwconv, y));
        y = BasicBlock.traceNorm(t, bn3, t.apply(gconv2, y));
        int[] merged = shortcut == null ? Tracer.add(this, x, y)
                : Tracer.concat(this, 1, List.of(t.apply(shortcut, x), y));
        return t.apply(relu, merged);
    }
}
