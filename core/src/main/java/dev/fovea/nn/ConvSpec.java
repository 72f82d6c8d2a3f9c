package dev.fovea.nn;

import java.util.Arrays;

/**
 * Hyperparameters of a 1-, 2- or 3-D convolution (the length of {@code kernelSize}), validated on construction.
 * Start from {@link #of} and refine with the {@code with*} methods: {@code ConvSpec.of(2, 3, 16, 3).withStride(2)
 * .withPadding(Padding.same())}.
 */
public record ConvSpec(int inChannels, int outChannels, int[] kernelSize, int[] stride, Padding padding,
        int[] dilation, int groups, boolean bias) {

    public ConvSpec {
        String name = "Conv" + (kernelSize == null ? "" : kernelSize.length) + "d";
        if (kernelSize == null || kernelSize.length < 1 || kernelSize.length > 3) {
            throw new IllegalArgumentException("Conv: kernel_size needs 1 to 3 entries, got "
                    + (kernelSize == null ? "null" : Arrays.toString(kernelSize)));
        }
        int d = kernelSize.length;
        Spec.positive(name, "in_channels", inChannels);
        Spec.positive(name, "out_channels", outChannels);
        kernelSize = Spec.expand(name, "kernel_size", kernelSize, d, 1);
        stride = Spec.expand(name, "stride", stride, d, 1);
        dilation = Spec.expand(name, "dilation", dilation, d, 1);
        if (padding == null) {
            throw new IllegalArgumentException(name + ": padding must not be null (use Padding.of(0))");
        }
        if (padding.mode() == Padding.Mode.EXPLICIT) {
            Spec.expand(name, "padding", padding.values(), d, 0);
        }
        if (padding.mode() == Padding.Mode.SAME && Arrays.stream(stride).anyMatch(s -> s != 1)) {
            throw new IllegalArgumentException(name + ": padding='same' needs stride 1, got stride "
                    + Arrays.toString(stride) + "; pad explicitly for strided convolutions");
        }
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": groups=" + groups + " must divide in_channels="
                    + inChannels + " and out_channels=" + outChannels);
        }
    }

    /** Stride 1, no padding, dilation 1, one group, with bias. */
    public static ConvSpec of(int dims, int inChannels, int outChannels, int kernelSize) {
        int[] k = new int[dims];
        Arrays.fill(k, kernelSize);
        return new ConvSpec(inChannels, outChannels, k, new int[] {1}, Padding.of(0), new int[] {1}, 1, true);
    }

    public ConvSpec withKernelSize(int... k) {
        return new ConvSpec(inChannels, outChannels, Spec.expand("Conv" + dims() + "d", "kernel_size", k, dims(), 1), stride,
                padding, dilation, groups, bias);
    }

    public ConvSpec withStride(int... s) {
        return new ConvSpec(inChannels, outChannels, kernelSize, s, padding, dilation, groups, bias);
    }

    public ConvSpec withPadding(int... p) {
        return withPadding(Padding.of(p));
    }

    public ConvSpec withPadding(Padding p) {
        return new ConvSpec(inChannels, outChannels, kernelSize, stride, p, dilation, groups, bias);
    }

    public ConvSpec withDilation(int... d) {
        return new ConvSpec(inChannels, outChannels, kernelSize, stride, padding, d, groups, bias);
    }

    public ConvSpec withGroups(int g) {
        return new ConvSpec(inChannels, outChannels, kernelSize, stride, padding, dilation, g, bias);
    }

    public ConvSpec withBias(boolean b) {
        return new ConvSpec(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, b);
    }

    public int dims() {
        return kernelSize.length;
    }

    @Override
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    @Override
    public int[] stride() {
        return stride.clone();
    }

    @Override
    public int[] dilation() {
        return dilation.clone();
    }

    /** Weight shape {@code [out, in/groups, *kernel]}. */
    public int[] weightShape() {
        int[] s = new int[dims() + 2];
        s[0] = outChannels;
        s[1] = inChannels / groups;
        System.arraycopy(kernelSize, 0, s, 2, dims());
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(Arrays.toString(kernelSize));
        if (Arrays.stream(stride).anyMatch(v -> v != 1)) {
            sb.append(", stride=").append(Arrays.toString(stride));
        }
        if (padding.mode() != Padding.Mode.EXPLICIT || Arrays.stream(padding.values()).anyMatch(v -> v != 0)) {
            sb.append(", padding=").append(padding);
        }
        if (Arrays.stream(dilation).anyMatch(v -> v != 1)) {
            sb.append(", dilation=").append(Arrays.toString(dilation));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (!bias) {
            sb.append(", bias=False");
        }
        return sb.toString();
    }
}
