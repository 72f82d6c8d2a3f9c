package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/**
 * ShuffleNet's channel shuffle (PyTorch's {@code nn.ChannelShuffle}): interleaves the channels of {@code groups}
 * groups so the next grouped convolution sees every group. No parameters; shape unchanged.
 */
public final class ChannelShuffle extends Module {
    private final int groups;

    public ChannelShuffle(int groups) {
        Spec.positive(typeName(), "groups", groups);
        this.groups = groups;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3) {
            throw shapeError("expected an input [N, C, *] of rank >= 3, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        if (input.size(1) % groups != 0) {
            throw shapeError("expected input channels divisible by groups=" + groups + ", got " + input.size(1));
        }
        return F.channelShuffle(input, groups);
    }

    @Override
    protected String extraRepr() {
        return "groups=" + groups;
    }
}
