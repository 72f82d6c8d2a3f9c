package dev.fovea.nn;

import java.util.Arrays;

/**
 * Hyperparameters of max and average pooling over 1 or 2 spatial dimensions (the length of {@code kernelSize}).
 * {@code stride} defaults to the kernel size; {@code dilation} applies to max pooling, {@code countIncludePad}
 * to average pooling.
 */
public record PoolSpec(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode,
        boolean countIncludePad) {

    public PoolSpec {
        if (kernelSize == null || kernelSize.length < 1 || kernelSize.length > 3) {
            throw new IllegalArgumentException("Pool: kernel_size needs 1 to 3 entries, got "
                    + (kernelSize == null ? "null" : Arrays.toString(kernelSize)));
        }
        int d = kernelSize.length;
        String n = "Pool" + d + "d";
        kernelSize = Spec.expand(n, "kernel_size", kernelSize, d, 1);
        stride = stride == null ? kernelSize.clone() : Spec.expand(n, "stride", stride, d, 1);
        padding = Spec.expand(n, "padding", padding, d, 0);
        dilation = Spec.expand(n, "dilation", dilation, d, 1);
        for (int i = 0; i < d; i++) {
            if (2 * padding[i] > kernelSize[i]) {
                throw new IllegalArgumentException(n + ": padding " + Arrays.toString(padding)
                        + " must be at most half the kernel size " + Arrays.toString(kernelSize));
            }
        }
    }

    /** Window {@code k} in every dimension, stride k, no padding. */
    public static PoolSpec of(int dims, int kernelSize) {
        int[] k = new int[dims];
        Arrays.fill(k, kernelSize);
        return new PoolSpec(k, null, new int[] {0}, new int[] {1}, false, true);
    }

    public int dims() {
        return kernelSize.length;
    }

    public PoolSpec withStride(int... s) {
        return new PoolSpec(kernelSize, s, padding, dilation, ceilMode, countIncludePad);
    }

    public PoolSpec withPadding(int... p) {
        return new PoolSpec(kernelSize, stride, p, dilation, ceilMode, countIncludePad);
    }

    public PoolSpec withDilation(int... d) {
        return new PoolSpec(kernelSize, stride, padding, d, ceilMode, countIncludePad);
    }

    public PoolSpec withCeilMode(boolean c) {
        return new PoolSpec(kernelSize, stride, padding, dilation, c, countIncludePad);
    }

    public PoolSpec withCountIncludePad(boolean c) {
        return new PoolSpec(kernelSize, stride, padding, dilation, ceilMode, c);
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
    public int[] padding() {
        return padding.clone();
    }

    @Override
    public int[] dilation() {
        return dilation.clone();
    }

    @Override
    public String toString() {
        return "kernel_size=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding) + (ceilMode ? ", ceil_mode=True" : "");
    }
}
