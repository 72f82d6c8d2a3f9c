package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** Merges dimensions {@code start_dim..end_dim} (default 1..-1: [N, C, H, W] to [N, C*H*W]), PyTorch's {@code nn.Flatten}. */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        int rank = input.dim();
        int a = startDim < 0 ? startDim + rank : startDim;
        int b = endDim < 0 ? endDim + rank : endDim;
        if (a < 0 || b >= rank || a > b) {
            throw shapeError("expected an input with dimensions " + startDim + ".." + endDim + " (rank > "
                    + Math.max(startDim, endDim) + "), got shape " + java.util.Arrays.toString(input.shape()));
        }
        return F.flatten(input, startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
