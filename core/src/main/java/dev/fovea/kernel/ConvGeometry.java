package dev.fovea.kernel;

import java.util.Arrays;

/**
 * Everything a convolution kernel needs to know about one call, for 1, 2 or 3 spatial dimensions (L, HW or
 * DHW; arrays have one entry per spatial dimension). Padding may be asymmetric ({@code padBegin}/{@code padEnd})
 * so 'same' padding with even kernels works. Tensors are NC* row-major: input [N, inChannels, *inSize],
 * weight [outChannels, inChannels/groups, *kernel], output [N, outChannels, *outSize()].
 */
public record ConvGeometry(int batch, int inChannels, int outChannels, int groups,
        int[] inSize, int[] kernel, int[] stride, int[] padBegin, int[] padEnd, int[] dilation) {

    public ConvGeometry {
        int d = inSize.length;
        if (d < 1 || d > 3 || kernel.length != d || stride.length != d || padBegin.length != d
                || padEnd.length != d || dilation.length != d) {
            throw new IllegalArgumentException("conv: inSize, kernel, stride, padding and dilation need one entry"
                    + " per spatial dimension (1 to 3), got inSize=" + Arrays.toString(inSize) + " kernel="
                    + Arrays.toString(kernel) + " stride=" + Arrays.toString(stride));
        }
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv: groups=" + groups + " must divide in_channels=" + inChannels
                    + " and out_channels=" + outChannels);
        }
        for (int i = 0; i < d; i++) {
            if (kernel[i] < 1 || stride[i] < 1 || dilation[i] < 1 || padBegin[i] < 0 || padEnd[i] < 0) {
                throw new IllegalArgumentException("conv: kernel, stride and dilation must be >= 1 and padding >= 0,"
                        + " got kernel=" + Arrays.toString(kernel) + " stride=" + Arrays.toString(stride)
                        + " dilation=" + Arrays.toString(dilation) + " padding=" + Arrays.toString(padBegin) + "/"
                        + Arrays.toString(padEnd));
            }
            int span = dilation[i] * (kernel[i] - 1) + 1;
            if (inSize[i] + padBegin[i] + padEnd[i] < span) {
                throw new IllegalArgumentException("conv: input size " + Arrays.toString(inSize)
                        + " plus padding is smaller than the dilated kernel " + Arrays.toString(kernel)
                        + " (dilation " + Arrays.toString(dilation) + "); use a larger input or more padding");
            }
        }
        inSize = inSize.clone();
        kernel = kernel.clone();
        stride = stride.clone();
        padBegin = padBegin.clone();
        padEnd = padEnd.clone();
        dilation = dilation.clone();
    }

    public int spatialDims() {
        return inSize.length;
    }

    /** {@code (S + padBegin + padEnd - dilation*(K-1) - 1) / stride + 1} per dimension. */
    public int[] outSize() {
        int[] o = new int[inSize.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = (inSize[i] + padBegin[i] + padEnd[i] - dilation[i] * (kernel[i] - 1) - 1) / stride[i] + 1;
        }
        return o;
    }

    public int inSpatial() {
        return product(inSize);
    }

    public int outSpatial() {
        return product(outSize());
    }

    public int kernelVolume() {
        return product(kernel);
    }

    /** Multiply-adds of one forward pass. */
    public long macs() {
        return (long) batch * outChannels * outSpatial() * (inChannels / groups) * kernelVolume();
    }

    private static int product(int[] a) {
        int p = 1;
        for (int v : a) {
            p *= v;
        }
        return p;
    }
}
