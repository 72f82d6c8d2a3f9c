package dev.fovea.kernel;

import java.util.Arrays;

/**
 * One adaptive (average or max) pooling call over 1, 2 or 3 spatial dimensions: input [batch, channels, *inSize],
 * output [batch, channels, *outSize]. Output index {@code i} of a dimension of input size S and output size O
 * covers input range {@code [floor(i*S/O), ceil((i+1)*S/O))}, as in PyTorch; windows may overlap and O may exceed
 * S. Global average pooling is adaptive average pooling to all-ones outSize.
 */
public record AdaptivePoolGeometry(int batch, int channels, int[] inSize, int[] outSize) {

    public AdaptivePoolGeometry {
        if (inSize.length < 1 || inSize.length > 3 || outSize.length != inSize.length) {
            throw new IllegalArgumentException("adaptive pool: inSize and outSize need one entry per spatial"
                    + " dimension (1 to 3), got inSize=" + Arrays.toString(inSize) + " outSize="
                    + Arrays.toString(outSize));
        }
        if (batch < 0 || channels < 0) {
            throw new IllegalArgumentException("adaptive pool: batch and channels must be >= 0, got " + batch
                    + ", " + channels);
        }
        for (int i = 0; i < inSize.length; i++) {
            if (inSize[i] < 1 || outSize[i] < 1) {
                throw new IllegalArgumentException("adaptive pool: input and output sizes must be >= 1, got inSize="
                        + Arrays.toString(inSize) + " outSize=" + Arrays.toString(outSize));
            }
        }
        inSize = inSize.clone();
        outSize = outSize.clone();
    }

    public int spatialDims() {
        return inSize.length;
    }

    /** First input index of output index {@code o} along dimension {@code dim}. */
    public int windowStart(int dim, int o) {
        return (int) ((long) o * inSize[dim] / outSize[dim]);
    }

    /** One past the last input index of output index {@code o} along dimension {@code dim}. */
    public int windowEnd(int dim, int o) {
        long num = (long) (o + 1) * inSize[dim];
        return (int) ((num + outSize[dim] - 1) / outSize[dim]);
    }

    public int inSpatial() {
        return PoolGeometry.product(inSize);
    }

    public int outSpatial() {
        return PoolGeometry.product(outSize);
    }
}
