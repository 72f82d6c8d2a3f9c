package dev.fovea.tensor;

import java.util.Arrays;

/**
 * The in-place arithmetic behind {@link Tensor}'s {@code ...InPlace} methods (optimizer updates, running
 * statistics, buffers). Each writes into the tensor's own storage and bumps its version, so caches keyed on the
 * storage (packed weights, folded batch norm) see the change.
 */
final class InPlace {
    private InPlace() {}

    /** {@code self = self op alpha * other}, where {@code other} must broadcast to self's shape; returns self. */
    static Tensor binary(Tensor self, BinaryOp op, float alpha, Tensor other, String name) {
        int[] shape = self.shapeRef();
        int[] b = Strided.broadcastShapes(name, shape, other.shapeRef());
        if (!Arrays.equals(b, shape)) {
            throw new IllegalArgumentException(name + ": the result shape " + Arrays.toString(b) + " differs from this"
                    + " tensor's shape " + Arrays.toString(shape) + "; an in-place operand must broadcast to it");
        }
        BinaryOp.apply(op, alpha, self, other, self, name);
        self.bumpVersion();
        return self;
    }

    /** Every element of self set to {@code value}; returns self. */
    static Tensor fill(Tensor self, float value) {
        if (self.isContiguous()) {
            int offset = self.offset();
            Arrays.fill(self.storage(), offset, offset + self.numel(), value);
            return self.bumpVersion();
        }
        return binary(self, BinaryOp.COPY, 1f, Tensor.scalar(value), "fillInPlace");
    }
}
