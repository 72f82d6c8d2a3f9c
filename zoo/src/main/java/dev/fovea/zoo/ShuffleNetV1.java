package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.AdaptiveAvgPool2d;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;

/**
 * ShuffleNet v1 (Zhang et al. 2017, Table 1): 3×3 stride-2 convolution (24), 3×3 max pool, stages 2-4 of 4, 8 and
 * 4 {@link ShuffleUnit}s (the first of each at stride 2), global pool, fully connected layer. Stage widths for
 * g = 1, 2, 3, 4, 8 are 144/288/576, 200/400/800, 240/480/960, 272/544/1088 and 384/768/1536, times the width
 * multiplier s ({@link ModelConfig#width()}, 0.25×, 0.5×, 1× in the paper). Layout: {@code conv1}, {@code bn1},
 * {@code maxpool}, {@code stage2..4}, {@code avgpool}, {@code fc}.
 */
public final class ShuffleNetV1 extends Module implements Traceable {
    private final Module conv1;
    private final Module bn1;
    private final Module relu;
    private final MaxPool2d maxpool;
    private final Sequential[] stages = new Sequential[3];
    private final AdaptiveAvgPool2d avgpool;
    private final Module fc;

    public ShuffleNetV1(int groups, ModelConfig c) {
        int[] widths = switch (groups) {
            case 1 -> new int[] {144, 288, 576};
            case 2 -> new int[] {200, 400, 800};
            case 3 -> new int[] {240, 480, 960};
            case 4 -> new int[] {272, 544, 1088};
            case 8 -> new int[] {384, 768, 1536};
            default -> throw new IllegalArgumentException("ShuffleNetV1: groups must be 1, 2, 3, 4 or 8, got "
                    + groups);
        };
        boolean bn = c.batchNorm();
        // The first stride-2 unit's branch makes out - in channels in groups: keep the stem a multiple of g.
        int in = (c.scale(24) + groups - 1) / groups * groups;
        conv1 = registerModule("conv1", Blocks.conv(c.inChannels(), in, 3, 2, 1, !bn));
        bn1 = bn ? registerModule("bn1", Blocks.bn(in)) : null;
        relu = registerModule("relu", Blocks.relu());
        maxpool = registerModule("maxpool", new MaxPool2d(3, 2, 1));
        int[] repeats = {4, 8, 4};
        for (int s = 0; s < 3; s++) {
            // Output widths must split into groups in both 1×1 convolutions: round to a multiple of 4·g.
            int out = Math.max(4 * groups, (int) Math.round(widths[s] * c.width() / (4.0 * groups)) * 4 * groups);
            Sequential stage = new Sequential();
            for (int r = 0; r < repeats[s]; r++) {
                int first = s == 0 && r == 0 ? 1 : groups;
                stage.add(new ShuffleUnit(in, out, groups, first, r == 0 ? 2 : 1, bn));
                in = out;
            }
            stages[s] = registerModule("stage" + (s + 2), stage);
        }
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        fc = registerModule("fc", Blocks.linear(in, c.numClasses()));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = maxpool.forward(relu.forward(BasicBlock.norm(bn1, conv1.forward(x))));
        for (Sequential s : stages) {
            y = s.forward(y);
        }
        return fc.forward(F.flatten(avgpool.forward(y), 1));
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(maxpool, t.apply(relu, BasicBlock.traceNorm(t, bn1, t.apply(conv1, x))));
        for (Sequential s : stages) {
            y = t.apply(s, y);
        }
        y = t.apply(avgpool, y);
        return t.apply(fc, new int[] {y[0], y[1]});
    }
}
