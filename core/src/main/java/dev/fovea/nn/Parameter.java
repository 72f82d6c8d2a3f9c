package dev.fovea.nn;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * A learnable tensor owned by a module: a contiguous leaf tensor with its own storage (so optimizers can update
 * {@link #data()} in place and every graph built from it sees the new values) that requires grad unless frozen.
 */
public final class Parameter {
    private final Tensor tensor;

    /** Wraps a copy of {@code initial} as a fresh leaf that requires grad. */
    public Parameter(Tensor initial) {
        this(new Tensor(initial.toArray(), initial.shape()), true);
    }

    /** Adopts {@code fresh} (a new contiguous tensor nobody else holds) without copying. */
    private Parameter(Tensor fresh, boolean adopt) {
        this.tensor = fresh.requiresGrad(true);
    }

    /** A zero-filled parameter of the given shape (initialise it with {@link Init}). */
    public static Parameter zeros(int... shape) {
        return new Parameter(Tensor.zeros(shape), true);
    }

    /** The leaf tensor to use in forward passes. */
    public Tensor tensor() {
        return tensor;
    }

    /**
     * The backing storage, row-major from index 0; optimizers and initialisers write into it, then call
     * {@code tensor().bumpVersion()} so caches of derived data (packed convolution weights) see the change.
     */
    public float[] data() {
        return tensor.storage();
    }

    /** The accumulated gradient, or null before the first backward pass (or when frozen). */
    public Tensor grad() {
        return tensor.grad();
    }

    public int[] shape() {
        return tensor.shape();
    }

    public int numel() {
        return tensor.numel();
    }

    public boolean requiresGrad() {
        return tensor.requiresGrad();
    }

    /** Freezes ({@code false}) or unfreezes the parameter; a frozen parameter gets no gradient. */
    public Parameter requiresGrad(boolean value) {
        tensor.requiresGrad(value);
        if (!value) {
            tensor.zeroGrad();
        }
        return this;
    }

    public void zeroGrad() {
        tensor.zeroGrad();
    }

    /** Copies {@code source} into this parameter in place; {@code what} names it in the error. */
    public void copyFrom(Tensor source, String what) {
        copyInto(tensor, source, what);
    }

    static void copyInto(Tensor target, Tensor source, String what) {
        if (!Arrays.equals(target.shape(), source.shape())) {
            throw new IllegalArgumentException(what + ": expected shape " + Arrays.toString(target.shape())
                    + ", got " + Arrays.toString(source.shape()));
        }
        float[] src = source.data();
        System.arraycopy(src, 0, target.storage(), target.offset(), src.length);
        target.bumpVersion();
    }

    @Override
    public String toString() {
        return "Parameter(shape=" + Arrays.toString(tensor.shape()) + ", requiresGrad=" + tensor.requiresGrad() + ")";
    }
}
