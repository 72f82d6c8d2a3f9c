package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import dev.fovea.tensor.Rng;
import java.util.function.Supplier;

/**
 * Shared body of {@link Conv1d}, {@link Conv2d} and {@link Conv3d}: parameters {@code weight}
 * [out, in/groups, *kernel] and optional {@code bias} [out], PyTorch's default initialisation, and a forward that
 * checks rank and channel count before calling {@link F#conv}.
 */
public abstract class ConvNd extends Module {
    public final Parameter weight;
    public final Parameter bias;
    private final ConvSpec spec;
    private final int[] padBegin;
    private final int[] padEnd;

    protected ConvNd(int dims, ConvSpec spec, Rng rng) {
        if (spec.dims() != dims) {
            throw new IllegalArgumentException(typeName() + ": expected a " + dims + "-D ConvSpec, got kernel_size "
                    + java.util.Arrays.toString(spec.kernelSize()));
        }
        this.spec = spec;
        int[][] pad = spec.padding().resolve(spec.kernelSize(), spec.dilation());
        this.padBegin = pad[0];
        this.padEnd = pad[1];
        this.weight = registerParameter("weight", Parameter.zeros(spec.weightShape()));
        this.bias = registerParameter("bias", spec.bias() ? Parameter.zeros(spec.outChannels()) : null);
        resetOwnParameters(rng);
    }

    public final ConvSpec spec() {
        return spec;
    }

    @Override
    protected void resetOwnParameters(Rng rng) {
        Init.defaultWeight(weight.tensor(), rng);
        if (bias != null) {
            Init.defaultBias(bias.tensor(), weight.shape(), rng);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        int d = spec.dims();
        expectRank(input, d + 2, d == 1 ? "[N, C, L]" : d == 2 ? "[N, C, H, W]" : "[N, C, D, H, W]");
        expectSize(input, 1, spec.inChannels(), "input channels");
        return guard(() -> F.conv(input, weight.tensor(), bias == null ? null : bias.tensor(), spec.stride(),
                padBegin, padEnd, spec.dilation(), spec.groups()));
    }

    /**
     * {@code relu(conv(input; w, b) + residual)}: this layer's convolution with other weights and bias (batch norm
     * folded in by {@link Fusion}), an optional residual and ReLU, in one pass at inference.
     */
    Tensor forwardFused(Tensor input, Tensor w, Tensor b, Tensor residual, boolean relu) {
        int d = spec.dims();
        expectRank(input, d + 2, d == 1 ? "[N, C, L]" : d == 2 ? "[N, C, H, W]" : "[N, C, D, H, W]");
        expectSize(input, 1, spec.inChannels(), "input channels");
        return guard(() -> F.convFused(input, w, b, residual, relu, spec.stride(), padBegin, padEnd,
                spec.dilation(), spec.groups()));
    }

    /** Runs an op, prefixing its argument errors (e.g. an input smaller than the kernel) with this layer's label. */
    static Tensor guard(Module m, Supplier<Tensor> op) {
        try {
            return op.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(m.label() + ": " + e.getMessage(), e);
        }
    }

    private Tensor guard(Supplier<Tensor> op) {
        return guard(this, op);
    }

    @Override
    protected String extraRepr() {
        return spec.toString();
    }
}
