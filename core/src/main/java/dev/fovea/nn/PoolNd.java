package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;

/** Shared body of the max and average pooling layers: rank check, then {@link F#maxPool} or {@link F#avgPool}. */
public abstract class PoolNd extends Module {
    private final PoolSpec spec;
    private final boolean max;

    protected PoolNd(int dims, PoolSpec spec, boolean max) {
        if (spec.dims() != dims) {
            throw new IllegalArgumentException(typeName() + ": expected a " + dims + "-D PoolSpec, got kernel_size "
                    + java.util.Arrays.toString(spec.kernelSize()));
        }
        this.spec = spec;
        this.max = max;
    }

    public final PoolSpec spec() {
        return spec;
    }

    @Override
    public Tensor forward(Tensor input) {
        int d = spec.dims();
        expectRank(input, d + 2, d == 1 ? "[N, C, L]" : d == 2 ? "[N, C, H, W]" : "[N, C, D, H, W]");
        return ConvNd.guard(this, () -> max
                ? F.maxPool(input, spec.kernelSize(), spec.stride(), spec.padding(), spec.dilation(), spec.ceilMode())
                : F.avgPool(input, spec.kernelSize(), spec.stride(), spec.padding(), spec.ceilMode(),
                        spec.countIncludePad()));
    }

    @Override
    protected String extraRepr() {
        return spec.toString();
    }
}
