package dev.fovea.cli.conformance;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * A tensor as stored in a case file: a shape and row-major values, either float32 ({@code floats}) or int64
 * ({@code ints}, class labels); exactly one of the two is non-null.
 */
record CaseTensor(int[] shape, float[] floats, long[] ints) {
    boolean isInt64() {
        return ints != null;
    }

    int numel() {
        return Tensor.numel(shape);
    }

    /** A fresh float tensor with these values (a copy, so the case's data can never be modified). */
    Tensor toTensor() {
        if (floats == null) {
            throw new IllegalStateException("an int64 tensor has no float values");
        }
        return Tensor.of(floats, shape);
    }

    String shapeString() {
        return Arrays.toString(shape);
    }
}
