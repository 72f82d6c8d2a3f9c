package dev.fovea.tensor;

import java.util.Arrays;
import java.util.List;

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

    /** A 1-D tensor holding a copy of {@code values}. */
    public static Tensor of(float... values) {
        return new Tensor(values.clone(), values.length);
    }

    /** A 2-D tensor from rows of equal length (copied). */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length
                        + " values but row 0 has " + cols + "; rows must have equal length");
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(d, rows.length, cols);
    }

    /** 0, 1, ..., end-1. */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /** start, start+step, ... up to (excluding) end. */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)) {
            throw new IllegalArgumentException("arange: expected finite start, end and a non-zero step, got start="
                    + start + " end=" + end + " step=" + step);
        }
        int n = (int) Math.max(0, Math.ceil(((double) end - start) / step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (start + (double) i * step);
        }
        return new Tensor(d, n);
    }

    /** The n×n identity. */
    public static Tensor eye(int n) {
        Tensor t = zeros(n, n);
        for (int i = 0; i < n; i++) {
            t.data[i * n + i] = 1f;
        }
        return t;
    }

    /** Uniform in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        return uniform(rng, 0f, 1f, shape);
    }

    /** Uniform in [low, high). */
    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        float[] d = new float[numel(shape)];
        float range = high - low;
        for (int i = 0; i < d.length; i++) {
            d[i] = low + range * rng.nextFloat();
        }
        return new Tensor(d, shape);
    }

    /** Standard normal. */
    public static Tensor randn(Rng rng, int... shape) {
        return normal(rng, 0f, 1f, shape);
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        float[] d = new float[numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + std * rng.nextGaussian());
        }
        return new Tensor(d, shape);
    }

    /** Integers uniform in [low, high), stored as floats. */
    public static Tensor randint(Rng rng, int low, int high, int... shape) {
        float[] d = new float[numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(low, high);
        }
        return new Tensor(d, shape);
    }

    /** A new zero tensor with this tensor's shape. */
    public Tensor zerosLike() {
        return zeros(shape);
    }

    public Tensor onesLike() {
        return ones(shape);
    }

    public Tensor fullLike(float value) {
        return full(value, shape);
    }

    /** A contiguous copy with its own storage (not attached to any graph). */
    public Tensor copy() {
        return new Tensor(toArray(), shape);
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
     * through this; never write into the result unless you own the tensor (and then call {@link #bumpVersion()}).
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

    /** Writes the values in row-major order into {@code out[0, numel)}. */
    void copyInto(float[] out) {
        copyStrided(out);
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
        if (isContiguous()) {
            // the common case (gradient copies, contiguous() of a dense view): one block copy
            System.arraycopy(data, offset, out, 0, n);
            return;
        }
        int[] idx = new int[rank];
        int src = offset;
        int last = rank - 1;
        int lastStride = strides[last];
        int lastSize = shape[last];
        for (int o = 0; o < n; ) {
            if (lastStride == 1) {
                System.arraycopy(data, src, out, o, lastSize);
                o += lastSize;
            } else {
                for (int j = 0, s = src; j < lastSize; j++, s += lastStride) {
                    out[o++] = data[s];
                }
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
        bumpVersion();
    }

    /**
     * The version counter of this tensor's storage (shared with every view of it), PyTorch's {@code _version}.
     * In-place ops bump it; caches of data derived from the values compare it to know when to recompute.
     */
    public long version() {
        return StorageVersions.get(data);
    }

    /**
     * Records that the storage was written in place. The in-place methods here, optimizers, initialisers and
     * {@code load_state_dict} do this themselves; code writing into {@link #storage()} directly must call it.
     */
    public Tensor bumpVersion() {
        StorageVersions.bump(data);
        return this;
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

    /** The int values of a tensor of whole numbers (class labels), in row-major order. */
    public int[] toIntArray() {
        float[] v = toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
            if (out[i] != v[i]) {
                throw new IllegalStateException("toIntArray: element " + i + " is " + v[i] + ", not a whole number");
            }
        }
        return out;
    }

    int[] shapeRef() {
        return shape;
    }

    int[] stridesRef() {
        return strides;
    }

    // ---------------------------------------------------------------- views (share storage)

    /** A view with a new shape (one entry may be -1); needs contiguous data, see {@link #reshape}. */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    /** Like {@link #view} but copies when the data is not contiguous. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Reorders dimensions: result dim i is this tensor's dim {@code dims[i]}. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** The transpose of a 2-D tensor. */
    public Tensor t() {
        return Views.t(this);
    }

    /**
     * Elements {@code start, start+step, ...} before {@code end} along {@code dim}. Negative start/end count from
     * the end and out-of-range bounds are clamped, as in Python slicing; step must be positive.
     */
    public Tensor slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    public Tensor slice(int dim, int start, int end) {
        return Views.slice(this, dim, start, end);
    }

    /** {@code length} elements from {@code start} along {@code dim} (strict bounds). */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** The slice at {@code index} along {@code dim}, with that dimension removed. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** Broadcasts to {@code newShape} without copying (stride 0); -1 keeps a size, new dims go in front. */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    /** Drops every dimension of size 1. */
    public Tensor squeeze() {
        return Views.squeeze(this);
    }

    /** Drops {@code dim} if it has size 1 (otherwise returns an equal view, as PyTorch does). */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** Inserts a dimension of size 1 at {@code dim} (0..rank; negative counts from the end of the result). */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** All dims merged into one. */
    public Tensor flatten() {
        return Views.flatten(this);
    }

    /** Dims {@code startDim..last} merged into one. */
    public Tensor flatten(int startDim) {
        return Views.flatten(this, startDim);
    }

    /** Dims {@code startDim..endDim} merged into one (a view when contiguous, else a copy). */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** The shape {@code shape} takes when dims a..b are merged. */
    public static int[] flattenShape(int[] shape, int a, int b) {
        int[] s = new int[shape.length - (b - a)];
        int m = 1;
        for (int i = a; i <= b; i++) {
            m *= shape[i];
        }
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i < a || i > b) {
                s[j++] = shape[i];
            } else if (i == a) {
                s[j++] = m;
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- elementwise math (new tensors, broadcasting)

    public Tensor add(Tensor other) {
        return BinaryOp.apply(BinaryOp.ADD, 1f, this, other, "add");
    }

    /** {@code this + alpha * other}. */
    public Tensor add(Tensor other, float alpha) {
        return BinaryOp.apply(BinaryOp.ADD, alpha, this, other, "add");
    }

    public Tensor add(float value) {
        return BinaryOp.apply(BinaryOp.ADD, 1f, this, scalar(value), "add");
    }

    public Tensor sub(Tensor other) {
        return BinaryOp.apply(BinaryOp.SUB, 1f, this, other, "sub");
    }

    public Tensor sub(float value) {
        return BinaryOp.apply(BinaryOp.SUB, 1f, this, scalar(value), "sub");
    }

    public Tensor mul(Tensor other) {
        return BinaryOp.apply(BinaryOp.MUL, 1f, this, other, "mul");
    }

    public Tensor mul(float value) {
        return BinaryOp.apply(BinaryOp.MUL, 1f, this, scalar(value), "mul");
    }

    public Tensor div(Tensor other) {
        return BinaryOp.apply(BinaryOp.DIV, 1f, this, other, "div");
    }

    public Tensor div(float value) {
        return BinaryOp.apply(BinaryOp.DIV, 1f, this, scalar(value), "div");
    }

    public Tensor maximum(Tensor other) {
        return BinaryOp.apply(BinaryOp.MAXIMUM, 1f, this, other, "maximum");
    }

    public Tensor minimum(Tensor other) {
        return BinaryOp.apply(BinaryOp.MINIMUM, 1f, this, other, "minimum");
    }

    public Tensor pow(Tensor exponent) {
        return BinaryOp.apply(BinaryOp.POW, 1f, this, exponent, "pow");
    }

    public Tensor pow(float exponent) {
        return UnaryOp.apply(UnaryOp.POW, exponent, 0f, this);
    }

    public Tensor neg() {
        return UnaryOp.apply(UnaryOp.NEG, 0f, 0f, this);
    }

    public Tensor exp() {
        return UnaryOp.apply(UnaryOp.EXP, 0f, 0f, this);
    }

    public Tensor log() {
        return UnaryOp.apply(UnaryOp.LOG, 0f, 0f, this);
    }

    public Tensor sqrt() {
        return UnaryOp.apply(UnaryOp.SQRT, 0f, 0f, this);
    }

    public Tensor abs() {
        return UnaryOp.apply(UnaryOp.ABS, 0f, 0f, this);
    }

    public Tensor sign() {
        return UnaryOp.apply(UnaryOp.SIGN, 0f, 0f, this);
    }

    public Tensor square() {
        return UnaryOp.apply(UnaryOp.SQUARE, 0f, 0f, this);
    }

    public Tensor reciprocal() {
        return UnaryOp.apply(UnaryOp.RECIPROCAL, 0f, 0f, this);
    }

    public Tensor relu() {
        return UnaryOp.apply(UnaryOp.RELU, 0f, 0f, this);
    }

    public Tensor sigmoid() {
        return UnaryOp.apply(UnaryOp.SIGMOID, 0f, 0f, this);
    }

    public Tensor tanh() {
        return UnaryOp.apply(UnaryOp.TANH, 0f, 0f, this);
    }

    /** Values limited to [min, max]; pass -Infinity or +Infinity to leave a side open. */
    public Tensor clamp(float min, float max) {
        return UnaryOp.apply(UnaryOp.CLAMP, min, max, this);
    }

    // comparisons give 0/1 masks of the broadcast shape

    public Tensor gt(Tensor other) {
        return BinaryOp.apply(BinaryOp.GT, 1f, this, other, "gt");
    }

    public Tensor gt(float value) {
        return gt(scalar(value));
    }

    public Tensor ge(Tensor other) {
        return BinaryOp.apply(BinaryOp.GE, 1f, this, other, "ge");
    }

    public Tensor ge(float value) {
        return ge(scalar(value));
    }

    public Tensor lt(Tensor other) {
        return BinaryOp.apply(BinaryOp.LT, 1f, this, other, "lt");
    }

    public Tensor lt(float value) {
        return lt(scalar(value));
    }

    public Tensor le(Tensor other) {
        return BinaryOp.apply(BinaryOp.LE, 1f, this, other, "le");
    }

    public Tensor le(float value) {
        return le(scalar(value));
    }

    public Tensor eq(Tensor other) {
        return BinaryOp.apply(BinaryOp.EQ, 1f, this, other, "eq");
    }

    public Tensor eq(float value) {
        return eq(scalar(value));
    }

    public Tensor ne(Tensor other) {
        return BinaryOp.apply(BinaryOp.NE, 1f, this, other, "ne");
    }

    public Tensor ne(float value) {
        return ne(scalar(value));
    }

    // ---------------------------------------------------------------- in place (optimizers, buffers); return this

    private Tensor inPlace(BinaryOp op, float alpha, Tensor other, String name) {
        int[] b = Strided.broadcastShapes(name, shape, other.shape);
        if (!Arrays.equals(b, shape)) {
            throw new IllegalArgumentException(name + ": the result shape " + Arrays.toString(b) + " differs from this"
                    + " tensor's shape " + Arrays.toString(shape) + "; an in-place operand must broadcast to it");
        }
        BinaryOp.apply(op, alpha, this, other, this, name);
        bumpVersion();
        return this;
    }

    public Tensor addInPlace(Tensor other) {
        return inPlace(BinaryOp.ADD, 1f, other, "addInPlace");
    }

    /** {@code this += alpha * other} (axpy). */
    public Tensor addInPlace(Tensor other, float alpha) {
        return inPlace(BinaryOp.ADD, alpha, other, "addInPlace");
    }

    public Tensor addInPlace(float value) {
        return inPlace(BinaryOp.ADD, 1f, scalar(value), "addInPlace");
    }

    public Tensor subInPlace(Tensor other) {
        return inPlace(BinaryOp.SUB, 1f, other, "subInPlace");
    }

    public Tensor mulInPlace(Tensor other) {
        return inPlace(BinaryOp.MUL, 1f, other, "mulInPlace");
    }

    public Tensor mulInPlace(float value) {
        return inPlace(BinaryOp.MUL, 1f, scalar(value), "mulInPlace");
    }

    public Tensor divInPlace(Tensor other) {
        return inPlace(BinaryOp.DIV, 1f, other, "divInPlace");
    }

    public Tensor divInPlace(float value) {
        return inPlace(BinaryOp.DIV, 1f, scalar(value), "divInPlace");
    }

    public Tensor maximumInPlace(Tensor other) {
        return inPlace(BinaryOp.MAXIMUM, 1f, other, "maximumInPlace");
    }

    /** {@code this += value * t1 * t2}. */
    public Tensor addcmulInPlace(Tensor t1, Tensor t2, float value) {
        return addInPlace(t1.mul(t2), value);
    }

    /** {@code this += value * t1 / t2}. */
    public Tensor addcdivInPlace(Tensor t1, Tensor t2, float value) {
        return addInPlace(t1.div(t2), value);
    }

    public Tensor sqrtInPlace() {
        return UnaryOp.applyInPlace(UnaryOp.SQRT, 0f, 0f, this).bumpVersion();
    }

    public Tensor clampInPlace(float min, float max) {
        return UnaryOp.applyInPlace(UnaryOp.CLAMP, min, max, this).bumpVersion();
    }

    public Tensor fillInPlace(float value) {
        if (isContiguous()) {
            Arrays.fill(data, offset, offset + numel(), value);
            return bumpVersion();
        }
        return inPlace(BinaryOp.COPY, 1f, scalar(value), "fillInPlace");
    }

    public Tensor zeroInPlace() {
        return fillInPlace(0f);
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor's storage. */
    public Tensor copyFrom(Tensor src) {
        return inPlace(BinaryOp.COPY, 1f, src, "copyFrom");
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements, as a scalar tensor. */
    public Tensor sum() {
        return Reductions.sum("sum", this, new int[0], false);
    }

    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum("sum", this, new int[] {dim}, keepdim);
    }

    /** Sum over several dims (an empty array means all). */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum("sum", this, dims, keepdim);
    }

    public Tensor mean() {
        return mean(new int[0], false);
    }

    public Tensor mean(int dim, boolean keepdim) {
        return mean(new int[] {dim}, keepdim);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        Tensor s = Reductions.sum("mean", this, dims, keepdim);
        int count = s.numel() == 0 ? 0 : numel() / s.numel();
        return s.mulInPlace(1f / count);
    }

    /** Variance over dims with Bessel's correction ({@code correction} = 1, PyTorch's default) or without (0). */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        Tensor mu = mean(dims, true);
        Tensor sq = sub(mu).square();
        Tensor s = Reductions.sum("var", sq, dims, keepdim);
        int count = s.numel() == 0 ? 0 : numel() / s.numel();
        return s.mulInPlace(1f / Math.max(0, count - correction));
    }

    /** Unbiased variance over one dim. */
    public Tensor var(int dim, boolean keepdim) {
        return var(new int[] {dim}, 1, keepdim);
    }

    /** Unbiased variance of all elements. */
    public Tensor var() {
        return var(new int[0], 1, false);
    }

    public Tensor max() {
        return flatten().max(0, false);
    }

    public Tensor min() {
        return flatten().min(0, false);
    }

    public Tensor max(int dim, boolean keepdim) {
        return Reductions.reduceDim(Reductions.Kind.MAX, "max", this, dim, keepdim);
    }

    public Tensor min(int dim, boolean keepdim) {
        return Reductions.reduceDim(Reductions.Kind.MIN, "min", this, dim, keepdim);
    }

    /** Index of the first maximum along {@code dim} (as float values); NaN counts as the maximum. */
    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.reduceDim(Reductions.Kind.ARGMAX, "argmax", this, dim, keepdim);
    }

    /** Flat index of the first maximum. */
    public int argmax() {
        return (int) flatten().argmax(0, false).item();
    }

    public Tensor argmin(int dim, boolean keepdim) {
        return Reductions.reduceDim(Reductions.Kind.ARGMIN, "argmin", this, dim, keepdim);
    }

    /**
     * Sums this tensor down to {@code target} (a shape this one broadcasts from): the reduction that undoes a
     * broadcast, used for gradients.
     */
    public Tensor sumToSize(int... target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        int lead = shape.length - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumToSize: shape " + Arrays.toString(shape) + " cannot be summed to "
                    + "the larger rank of " + Arrays.toString(target));
        }
        int[] dims = new int[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (i < lead) {
                dims[n++] = i;
            } else if (target[i - lead] == 1 && shape[i] != 1) {
                dims[n++] = i;
            } else if (target[i - lead] != shape[i]) {
                throw new IllegalArgumentException("sumToSize: shape " + Arrays.toString(shape) + " does not"
                        + " broadcast from " + Arrays.toString(target));
            }
        }
        Tensor s = Reductions.sum("sumToSize", this, Arrays.copyOf(dims, n), true);
        return s.reshape(target);
    }

    // ---------------------------------------------------------------- matrix products

    /** Matrix product with PyTorch's rules: 1-D operands as vectors, batch dims broadcast. */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    /** Batched product of [B, M, K] and [B, K, N]. */
    public Tensor bmm(Tensor other) {
        return MatMul.bmm(this, other);
    }

    // ---------------------------------------------------------------- joining and cutting

    public static Tensor concat(List<Tensor> tensors, int dim) {
        return Joins.concat(tensors, dim);
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Joins.stack(tensors, dim);
    }

    /** Views of pieces of {@code size} along {@code dim} (the last may be smaller). */
    public List<Tensor> split(int size, int dim) {
        return Joins.split(this, Joins.splitSizes("split", shape[normalizeDim(dim, shape.length, "split")], size),
                dim);
    }

    /** Views of pieces with the given sizes along {@code dim}. */
    public List<Tensor> split(int[] sizes, int dim) {
        return Joins.split(this, sizes, dim);
    }

    /** At most {@code chunks} views of equal size (the last may be smaller), as torch.chunk. */
    public List<Tensor> chunk(int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        }
        int len = shape[normalizeDim(dim, shape.length, "chunk")];
        int size = Math.max(1, (len + chunks - 1) / chunks);
        return Joins.split(this, Joins.splitSizes("chunk", len, size), dim);
    }

    /** Constant padding in PyTorch's F.pad order ((left, right) of the last dim first); negative crops. */
    public Tensor pad(int[] pads, float value) {
        return Joins.pad(this, pads, value);
    }

    /** True when shapes are equal and {@code |a - b| <= atol + rtol * |b|} everywhere (NaN never matches). */
    public boolean allClose(Tensor other, float rtol, float atol) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        float[] a = toArray();
        float[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
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
     * private contiguous buffer (offset 0, covering its whole storage), so ops must hand over fresh tensors, never
     * views of their inputs' storage nor one buffer to two inputs. A later one is added in and, during a backward
     * sweep, its buffer is recycled for other gradients once the sending node has run: either way the caller gives
     * the buffer up.
     */
    public void accumulateGrad(Tensor g) {
        if (!Arrays.equals(g.shape, shape)) {
            throw new IllegalStateException("backward: gradient of shape " + Arrays.toString(g.shape)
                    + " does not match tensor of shape " + Arrays.toString(shape)
                    + (gradFn != null ? " made by " + gradFn.name() : ""));
        }
        if (grad == null) {
            // a view (offset, partial or strided) must not become the gradient: accumulation below assumes a
            // private row-major buffer, and a shared one would leak other tensors' values into it
            grad = g.ownsWholeStorage() && g.gradFn == null && !g.requiresGrad ? g : new Tensor(g.toArray(), shape);
            return;
        }
        if (!grad.ownsWholeStorage()) {
            // set by the user through setGrad: make it private before adding into it
            grad = new Tensor(grad.toArray(), shape);
        }
        float[] acc = grad.data;
        if (g.ownsWholeStorage()) {
            dev.fovea.kernel.Kernels.get().axpy(acc.length, 1f, g.data, 0, acc, 0);
            GradBuffers.added(g.data);
        } else {
            BinaryOp.apply(BinaryOp.ADD, 1f, grad, g, grad, "backward");
        }
    }

    private boolean ownsWholeStorage() {
        return offset == 0 && data.length == numel() && isContiguous();
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
        Backward.run(this, dOut);
    }

    /** Hands this non-leaf's gradient to the sweep and replaces its node by a {@link FreedNode}. */
    Tensor takeGradAndFree() {
        Tensor g = grad;
        grad = null;
        if (!(gradFn instanceof FreedNode)) {
            gradFn = new FreedNode(gradFn.name());
        }
        return g;
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
