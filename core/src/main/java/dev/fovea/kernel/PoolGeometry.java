package dev.fovea.kernel;

import java.util.Arrays;

/**
 * One max or average pooling call over 1, 2 or 3 spatial dimensions (L, HW or DHW; arrays hold one entry per
 * spatial dimension). Input is [batch, channels, *inSize], output [batch, channels, *outSize()], both NC*
 * row-major. Padding is symmetric, as in PyTorch; average pooling uses dilation 1.
 *
 * <p>Window {@code o} covers input positions {@code o*stride - padding + i*dilation} for {@code i < kernel};
 * positions outside {@code [0, inSize)} are skipped (max pooling never picks padding).
 */
public record PoolGeometry(int batch, int channels, int[] inSize, int[] kernel, int[] stride, int[] padding,
        int[] dilation, boolean ceilMode) {

    public PoolGeometry {
        int d = inSize.length;
        if (d < 1 || d > 3 || kernel.length != d || stride.length != d || padding.length != d
                || dilation.length != d) {
            throw new IllegalArgumentException("pool: inSize, kernel, stride, padding and dilation need one entry"
                    + " per spatial dimension (1 to 3), got inSize=" + Arrays.toString(inSize) + " kernel="
                    + Arrays.toString(kernel) + " stride=" + Arrays.toString(stride) + " padding="
                    + Arrays.toString(padding) + " dilation=" + Arrays.toString(dilation));
        }
        if (batch < 0 || channels < 0) {
            throw new IllegalArgumentException("pool: batch and channels must be >= 0, got " + batch + ", "
                    + channels);
        }
        for (int i = 0; i < d; i++) {
            if (inSize[i] < 1 || kernel[i] < 1 || stride[i] < 1 || dilation[i] < 1 || padding[i] < 0) {
                throw new IllegalArgumentException("pool: input size, kernel, stride and dilation must be >= 1 and"
                        + " padding >= 0, got inSize=" + Arrays.toString(inSize) + " kernel="
                        + Arrays.toString(kernel) + " stride=" + Arrays.toString(stride) + " dilation="
                        + Arrays.toString(dilation) + " padding=" + Arrays.toString(padding));
            }
            // PyTorch's rule: a window made mostly of padding would have no meaningful value
            if (2 * padding[i] > kernel[i]) {
                throw new IllegalArgumentException("pool: padding " + Arrays.toString(padding)
                        + " must be at most half the kernel " + Arrays.toString(kernel)
                        + "; use a larger kernel or less padding");
            }
        }
        inSize = inSize.clone();
        kernel = kernel.clone();
        stride = stride.clone();
        padding = padding.clone();
        dilation = dilation.clone();
        int[] o = outSize(inSize, kernel, stride, padding, dilation, ceilMode);
        for (int v : o) {
            if (v < 1) {
                throw new IllegalArgumentException("pool: input size " + Arrays.toString(inSize)
                        + " is smaller than the (dilated) kernel " + Arrays.toString(kernel)
                        + "; output size would be " + Arrays.toString(o) + ". Use a smaller kernel or more padding");
            }
        }
    }

    /** Max pooling geometry with dilation 1 and floor rounding, the common case. */
    public static PoolGeometry of(int batch, int channels, int[] inSize, int[] kernel, int[] stride, int[] padding) {
        int[] one = new int[inSize.length];
        Arrays.fill(one, 1);
        return new PoolGeometry(batch, channels, inSize, kernel, stride, padding, one, false);
    }

    public int spatialDims() {
        return inSize.length;
    }

    /**
     * PyTorch's rule per dimension: {@code num = S + 2p - d(k-1) - 1}, {@code O = (ceil ? ceil_div(num, s) :
     * num / s) + 1}, and with ceil_mode the last window is dropped if it would start past {@code S + p}.
     */
    public int[] outSize() {
        return outSize(inSize, kernel, stride, padding, dilation, ceilMode);
    }

    private static int[] outSize(int[] in, int[] k, int[] s, int[] p, int[] dil, boolean ceil) {
        int[] o = new int[in.length];
        for (int i = 0; i < o.length; i++) {
            int num = in[i] + 2 * p[i] - dil[i] * (k[i] - 1) - 1;
            if (num < 0) {
                o[i] = 0;
                continue;
            }
            int out = (ceil ? (num + s[i] - 1) / s[i] : num / s[i]) + 1;
            if (ceil && (out - 1) * s[i] >= in[i] + p[i]) {
                out--;
            }
            o[i] = out;
        }
        return o;
    }

    public int inSpatial() {
        return product(inSize);
    }

    public int outSpatial() {
        return product(outSize());
    }

    static int product(int[] a) {
        int p = 1;
        for (int v : a) {
            p *= v;
        }
        return p;
    }
}
