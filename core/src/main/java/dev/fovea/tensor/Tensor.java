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
        return Creation.full(value, shape);
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
        return Creation.of(rows);
    }

    /** 0, 1, ..., end-1. */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /** start, start+step, ... up to (excluding) end. */
    public static Tensor arange(float start, float end, float step) {
        return Creation.arange(start, end, step);
    }

    /** The n×n identity. */
    public static Tensor eye(int n) {
        return Creation.eye(n);
    }

    /** Uniform in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        return uniform(rng, 0f, 1f, shape);
    }

    /** Uniform in [low, high). */
    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        return Creation.uniform(rng, low, high, shape);
    }

    /** Standard normal. */
    public static Tensor randn(Rng rng, int... shape) {
        return normal(rng, 0f, 1f, shape);
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        return Creation.normal(rng, mean, std, shape);
    }

    /** Integers uniform in [low, high), stored as floats. */
    public static Tensor randint(Rng rng, int low, int high, int... shape) {
        return Creation.randint(rng, low, high, shape);
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
        return Layout.isContiguous(shape, strides);
    }

    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : new Tensor(toArray(), shape);
    }

    /**
     * The values in row-major order as a flat array starting at index 0. Returns the storage itself when this is a
     * contiguous tensor at offset 0 covering the whole storage (no copy), otherwise a copy. Kernels read inputs
     * through this; never write into the result unless you own the tensor (and then call {@link #bumpVersion()}).
     */
    public float[] data() {
        return Layout.ownsWholeStorage(this) ? data : toArray();
    }

    /** A copy of the values in row-major order. */
    public float[] toArray() {
        float[] out = new float[numel()];
        Layout.copyStrided(this, out);
        return out;
    }

    /** Writes the values in row-major order into {@code out[0, numel)}. */
    void copyInto(float[] out) {
        Layout.copyStrided(this, out);
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
        return data[Layout.flatIndex(this, index, "get")];
    }

    public void set(float value, int... index) {
        data[Layout.flatIndex(this, index, "set")] = value;
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

    /** The int values of a tensor of whole numbers (class labels), in row-major order. */
    public int[] toIntArray() {
        return Layout.toIntArray(this);
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
        return Shapes.flattenShape(shape, a, b);
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

    public Tensor addInPlace(Tensor other) {
        return InPlace.binary(this, BinaryOp.ADD, 1f, other, "addInPlace");
    }

    /** {@code this += alpha * other} (axpy). */
    public Tensor addInPlace(Tensor other, float alpha) {
        return InPlace.binary(this, BinaryOp.ADD, alpha, other, "addInPlace");
    }

    public Tensor addInPlace(float value) {
        return InPlace.binary(this, BinaryOp.ADD, 1f, scalar(value), "addInPlace");
    }

    public Tensor subInPlace(Tensor other) {
        return InPlace.binary(this, BinaryOp.SUB, 1f, other, "subInPlace");
    }

    public Tensor mulInPlace(Tensor other) {
        return InPlace.binary(this, BinaryOp.MUL, 1f, other, "mulInPlace");
    }

    public Tensor mulInPlace(float value) {
        return InPlace.binary(this, BinaryOp.MUL, 1f, scalar(value), "mulInPlace");
    }

    public Tensor divInPlace(Tensor other) {
        return InPlace.binary(this, BinaryOp.DIV, 1f, other, "divInPlace");
    }

    public Tensor divInPlace(float value) {
        return InPlace.binary(this, BinaryOp.DIV, 1f, scalar(value), "divInPlace");
    }

    public Tensor maximumInPlace(Tensor other) {
        return InPlace.binary(this, BinaryOp.MAXIMUM, 1f, other, "maximumInPlace");
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
        return InPlace.fill(this, value);
    }

    public Tensor zeroInPlace() {
        return fillInPlace(0f);
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor's storage. */
    public Tensor copyFrom(Tensor src) {
        return InPlace.binary(this, BinaryOp.COPY, 1f, src, "copyFrom");
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
        return Reductions.mean(this, dims, keepdim);
    }

    /** Variance over dims with Bessel's correction ({@code correction} = 1, PyTorch's default) or without (0). */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim);
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
        return Reductions.sumToSize(this, target);
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
        return Joins.chunk(this, chunks, dim);
    }

    /** Constant padding in PyTorch's F.pad order ((left, right) of the last dim first); negative crops. */
    public Tensor pad(int[] pads, float value) {
        return Joins.pad(this, pads, value);
    }

    /** True when shapes are equal and {@code |a - b| <= atol + rtol * |b|} everywhere (NaN never matches). */
    public boolean allClose(Tensor other, float rtol, float atol) {
        return Reductions.allClose(this, other, rtol, atol);
    }

    // ---------------------------------------------------------------- autograd slots

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks this tensor as a leaf whose gradient should be accumulated; returns this. */
    public Tensor requiresGrad(boolean value) {
        GradSlots.checkRequiresGrad(this, value);
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient, or null before the first backward pass. */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        GradSlots.checkGrad(this, g);
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
        grad = GradSlots.accumulate(this, grad, g);
    }

    /** Backward from a scalar (one-element) tensor with gradient 1. */
    public void backward() {
        backward(GradSlots.unitGrad(this));
    }

    /**
     * Reverse-mode sweep: visits the graph below this tensor in reverse topological order, accumulates gradients
     * into leaves that require them, and frees the graph (non-leaf gradients and node links) as it goes.
     */
    public void backward(Tensor dOut) {
        GradSlots.backward(this, dOut);
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
        return Shapes.numel(shape);
    }

    public static int[] contiguousStrides(int... shape) {
        return Shapes.contiguousStrides(shape);
    }

    /** Normalizes a possibly negative dimension index, naming {@code op} if it is out of range. */
    public static int normalizeDim(int dim, int rank, String op) {
        return Shapes.normalizeDim(dim, rank, op);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
