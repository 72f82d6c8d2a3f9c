package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.PoolSpec;
import dev.fovea.nn.Sequential;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;
import java.util.List;

/**
 * GoogLeNet's inception module (Szegedy et al. 2014, figure 2b), torchvision's names: {@code branch1} 1×1;
 * {@code branch2} 1×1 reduce then 3×3; {@code branch3} 1×1 reduce then 5×5; {@code branch4} 3×3 max pool then
 * 1×1 projection; outputs concatenated along channels. The paper's 5×5 is used (torchvision's branch3 has a 3×3
 * there, a bug it keeps for its pretrained weights, so its parameter count is lower).
 */
public final class Inception extends Module implements Traceable {
    private final Module branch1;
    private final Module branch2;
    private final Module branch3;
    private final Module branch4;

    public Inception(int in, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red, int ch5x5, int poolProj,
            boolean batchNorm) {
        branch1 = registerModule("branch1", new BasicConv2d(in, ch1x1, 1, 1, 0, batchNorm));
        branch2 = registerModule("branch2", new Sequential(new BasicConv2d(in, ch3x3red, 1, 1, 0, batchNorm),
                new BasicConv2d(ch3x3red, ch3x3, 3, 1, 1, batchNorm)));
        branch3 = registerModule("branch3", new Sequential(new BasicConv2d(in, ch5x5red, 1, 1, 0, batchNorm),
                new BasicConv2d(ch5x5red, ch5x5, 5, 1, 2, batchNorm)));
        branch4 = registerModule("branch4", new Sequential(
                new MaxPool2d(PoolSpec.of(2, 3).withStride(1).withPadding(1).withCeilMode(true)),
                new BasicConv2d(in, poolProj, 1, 1, 0, batchNorm)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.concat(List.of(branch1.forward(x), branch2.forward(x), branch3.forward(x), branch4.forward(x)), 1);
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        return Tracer.concat(this, 1, List.of(t.apply(branch1, x), t.apply(branch2, x), t.apply(branch3, x),
                t.apply(branch4, x)));
    }
}
