package dev.fovea.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A float32 n-dimensional array: a flat {@code float[]} storage viewed through a shape, strides and an offset.
 * Images are NCHW. Views (reshape of contiguous data, permute, transpose, slice, expand) share storage.
 *
 * <p>A tensor also carries the slots reverse-mode autograd needs: {@link #requiresGrad()}, the accumulated
 * {@link #grad()} and the {@link GradNode} that produced it. The methods on this class are plain array math and
 * never record a graph; the differentiable functions live in {@code dev.fovea.autograd.F}.
 */
public final class Tensor {
    private final float[] data;
    private final int offset;
    private final int[] shape;
    private final int[] strides;

    private boolean requiresGrad;
    private Tensor grad;
    private GradNode gradFn;

    /** Wraps {@code data} (not copied) as a contiguous tensor of the given shape. */
    public Tensor(float[] data, int... shape) {
        this(data, 0, shape.clone(), contiguousStrides(shape));
        int n = numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("Tensor: shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got an array of " + data.length);
        }
    }

    /** A view; arguments are trusted (callers are the view methods of this package). */
    Tensor(float[] data, int offset, int[] shape, int[] strides) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Tensor: negative dimension in shape " + Arrays.toString(shape));
            }
        }
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    // ---------------------------------------------------------------- creation

    public static Tensor zeros(int... shape) {
        return new Tensor(new float[numel(shape)], shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[numel(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape);
    }

    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value});
    }

    /** Copies {@code values} into a new tensor of the given shape. */
    public static Tensor of(float[] values, int... shape) {
        return new Tensor(values.clone(), shape);
    }

    /** A new zero tensor with this tensor's shape. */
    public Tensor zerosLike() {
        return zeros(shape);
    }

    // ---------------------------------------------------------------- shape

    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code dim}; negative counts from the end. */
    public int size(int dim) {
        return shape[normalizeDim(dim, shape.length, "size")];
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return numel(shape);
    }

    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    /** The backing storage; index it with {@link #offset()} and {@link #strides()}. */
    public float[] storage() {
        return data;
    }

    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        if (isContiguous()) {
            return this;
        }
        float[] out = new float[numel()];
        copyStrided(out);
        return new Tensor(out, shape);
    }

    /**
     * The values in row-major order as a flat array starting at index 0. Returns the storage itself when this is a
     * contiguous tensor at offset 0 covering the whole storage (no copy), otherwise a copy. Kernels read inputs
     * through this; never write into the result unless you own the tensor.
     */
    public float[] data() {
        if (offset == 0 && isContiguous() && data.length == numel()) {
            return data;
        }
        float[] out = new float[numel()];
        copyStrided(out);
        return out;
    }

    /** A copy of the values in row-major order. */
    public float[] toArray() {
        float[] out = new float[numel()];
        copyStrided(out);
        return out;
    }

    private void copyStrided(float[] out) {
        int n = out.length;
        if (n == 0) {
            return;
        }
        int rank = shape.length;
        if (rank == 0) {
            out[0] = data[offset];
            return;
        }
        int[] idx = new int[rank];
        int src = offset;
        int last = rank - 1;
        int lastStride = strides[last];
        int lastSize = shape[last];
        for (int o = 0; o < n; ) {
            for (int j = 0, s = src; j < lastSize; j++, s += lastStride) {
                out[o++] = data[s];
            }
            // advance the odometer over all but the last dimension
            int d = last - 1;
            while (d >= 0) {
                idx[d]++;
                src += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                src -= strides[d] * shape[d];
                idx[d] = 0;
                d--;
            }
        }
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: expected a tensor with one element, got shape "
                    + Arrays.toString(shape) + "; reduce it first (sum, mean) or index it");
        }
        return data[offset];
    }

    public float get(int... index) {
        return data[flatIndex(index, "get")];
    }

    public void set(float value, int... index) {
        data[flatIndex(index, "set")] = value;
    }

    private int flatIndex(int[] index, String op) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected " + shape.length + " indices for shape "
                    + Arrays.toString(shape) + ", got " + index.length);
        }
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            int ix = index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + ix + " out of range [0, " + shape[i]
                        + ") in dimension " + i + " of shape " + Arrays.toString(shape));
            }
            p += ix * strides[i];
        }
        return p;
    }

    // ---------------------------------------------------------------- autograd slots

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks this tensor as a leaf whose gradient should be accumulated; returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad: cannot turn off gradients of a non-leaf tensor made by "
                    + gradFn.name() + "; use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient, or null before the first backward pass. */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: expected gradient of shape " + Arrays.toString(shape)
                    + ", got " + Arrays.toString(g.shape));
        }
        this.grad = g;
    }

    public void zeroGrad() {
        this.grad = null;
    }

    public GradNode gradFn() {
        return gradFn;
    }

    /** Called by autograd ops on the tensor they produced. */
    public Tensor withGradFn(GradNode node) {
        this.gradFn = node;
        this.requiresGrad = true;
        return this;
    }

    /** A tensor sharing storage with this one but cut off from the graph. */
    public Tensor detach() {
        return new Tensor(data, offset, shape, strides);
    }

    /**
     * Adds {@code g} into this tensor's gradient. The first contribution is adopted without a copy when it is a
     * private contiguous buffer, so ops must hand over fresh tensors (never views of their inputs' storage).
     */
    public void accumulateGrad(Tensor g) {
        if (!Arrays.equals(g.shape, shape)) {
            throw new IllegalStateException("backward: gradient of shape " + Arrays.toString(g.shape)
                    + " does not match tensor of shape " + Arrays.toString(shape)
                    + (gradFn != null ? " made by " + gradFn.name() : ""));
        }
        if (grad == null) {
            grad = (g.offset == 0 && g.isContiguous() && g.data.length == g.numel()) ? g : g.contiguous();
            if (grad == g && g.gradFn != null) {
                grad = g.detach();
            }
            return;
        }
        float[] acc = grad.data;
        float[] src = g.data();
        for (int i = 0; i < acc.length; i++) {
            acc[i] += src[i];
        }
    }

    /** Backward from a scalar (one-element) tensor with gradient 1. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: expected a scalar loss, got shape " + Arrays.toString(shape)
                    + "; pass an explicit gradient with backward(grad)");
        }
        backward(full(1f, shape));
    }

    /**
     * Reverse-mode sweep: visits the graph below this tensor in reverse topological order, accumulates gradients
     * into leaves that require them, and frees the graph (non-leaf gradients and node links) as it goes.
     */
    public void backward(Tensor dOut) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this tensor does not require grad; did you compute it in a"
                    + " no-grad scope, or forget requiresGrad(true) on the parameters?");
        }
        List<Tensor> order = topologicalOrder(this);
        accumulateGrad(dOut);
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            GradNode node = t.gradFn;
            if (node == null) {
                continue;
            }
            Tensor g = t.grad;
            // non-leaf: its gradient was only a message for its inputs, and the graph is one-shot
            t.grad = null;
            t.gradFn = null;
            if (g != null) {
                node.backward(g);
            }
        }
    }

    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        // iterative post-order DFS: deep graphs (ResNet-152) must not overflow the stack
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, Boolean.FALSE});
        while (!stack.isEmpty()) {
            Object[] frame = stack.pop();
            Tensor t = (Tensor) frame[0];
            if ((Boolean) frame[1]) {
                order.add(t);
                continue;
            }
            if (!seen.add(t)) {
                continue;
            }
            stack.push(new Object[] {t, Boolean.TRUE});
            if (t.gradFn != null) {
                for (Tensor in : t.gradFn.inputs()) {
                    if (in != null && in.requiresGrad && !seen.contains(in)) {
                        stack.push(new Object[] {in, Boolean.FALSE});
                    }
                }
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- helpers

    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Tensor: shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than a Java array can hold");
        }
        return (int) n;
    }

    public static int[] contiguousStrides(int... shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Normalizes a possibly negative dimension index, naming {@code op} if it is out of range. */
    public static int normalizeDim(int dim, int rank, String op) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for a tensor of rank "
                    + rank + " (valid: " + (-rank) + ".." + (rank - 1) + ")");
        }
        return d;
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
