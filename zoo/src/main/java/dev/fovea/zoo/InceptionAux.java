package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.AdaptiveAvgPool2d;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Tensor;

/**
 * GoogLeNet's auxiliary classifier (the paper's section 5, torchvision's {@code InceptionAux}): 4×4 average pool
 * (the paper's 5×5 stride-3 pool on a 14×14 map), 1×1 convolution to 128, fully connected 1024 with ReLU,
 * dropout 0.7, and a linear layer to the classes. Used only in training; the paper weights its loss by 0.3.
 */
public final class InceptionAux extends Module {
    private final AdaptiveAvgPool2d avgpool;
    private final Module conv;
    private final Module fc1;
    private final Module relu;
    private final Module dropout;
    private final Module fc2;

    public InceptionAux(int in, int classes, ModelConfig c) {
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(4));
        conv = registerModule("conv", new BasicConv2d(in, c.scale(128), 1, 1, 0, c.batchNorm()));
        fc1 = registerModule("fc1", Blocks.linear(c.scale(128) * 16, c.scale(1024)));
        relu = registerModule("relu", Blocks.relu());
        dropout = registerModule("dropout", Blocks.dropout(0.7));
        fc2 = registerModule("fc2", Blocks.linear(c.scale(1024), classes));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = F.flatten(conv.forward(avgpool.forward(x)), 1);
        return fc2.forward(dropout.forward(relu.forward(fc1.forward(y))));
    }
}
