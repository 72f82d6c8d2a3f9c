package dev.fovea.kernel;

/**
 * The compute primitives every op is built from. Two implementations exist: {@link ScalarKernels}, a readable
 * single-threaded reference, and the SIMD one in module {@code fovea-simd} (the only code that touches
 * {@code jdk.incubator.vector}), which also spreads work over all cores.
 *
 * <p>Kernels take {@code float[]} buffers with offsets and sizes; they never allocate per call in their inner
 * loops and never see a {@code Tensor}. Layouts are row-major; images are NCHW.
 *
 * <p>Pick one with {@link #get()}; {@code -Dfovea.kernels=scalar|simd} overrides the default (SIMD when present).
 */
public interface Kernels {

    /** "scalar" or "simd". */
    String name();

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, row-major, where op(A) is M×K and op(B) is K×N.
     * With {@code transA} the buffer holds A as K×M (leading dimension {@code lda} ≥ M), else M×K (lda ≥ K);
     * likewise for B. When {@code beta == 0}, C is overwritten and its old contents (even NaN) are ignored.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc);

    // ---------------------------------------------------------------- convolution
    // Forward and backward side by side. All three overwrite their output buffers. Transposed convolution is
    // convBackwardData of the matching forward geometry (and its backward is convForward / convBackwardWeight).

    /** out[N, Cout, *O] = conv(input[N, Cin, *S], weight[Cout, Cin/groups, *K]) + bias (bias may be null). */
    void convForward(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] out);

    /** dInput[N, Cin, *S] from dOut[N, Cout, *O] and weight. */
    void convBackwardData(ConvGeometry g, float[] dOut, float[] weight, float[] dInput);

    /** dWeight[Cout, Cin/groups, *K] (and dBias[Cout] unless null) from input and dOut. */
    void convBackwardWeight(ConvGeometry g, float[] input, float[] dOut, float[] dWeight, float[] dBias);

    // ---------------------------------------------------------------- pooling
    // Forward and backward side by side; every method overwrites its output buffers (backwards zero dInput
    // first). Indices are flat offsets into one input plane (d*H*W + h*W + w), PyTorch's convention, so backward
    // needs only the geometry. Max pooling propagates NaN like PyTorch.

    /**
     * out[N, C, *O] = max over each window; indices[N, C, *O] = where that max sits in its input plane. A dilated
     * window that skips over the whole input gives -inf with index -1 (and no gradient). {@code indices} may be
     * null when no backward will run (inference): then only {@code out} is written, which can be faster.
     */
    void maxPoolForward(PoolGeometry g, float[] input, float[] out, int[] indices);

    /**
     * dInput[N, C, *S] = dOut scattered (added) to the argmax positions recorded by maxPoolForward, zero elsewhere;
     * dInput's previous contents are ignored (it may be a recycled buffer), as in every pooling backward.
     */
    void maxPoolBackward(PoolGeometry g, float[] dOut, int[] indices, float[] dInput);

    /**
     * out = mean over each window clipped to the input; the divisor counts the padded cells inside
     * {@code [-p, S+p)} when {@code countIncludePad}, else only the input cells (FORMAT.md 5.3).
     */
    void avgPoolForward(PoolGeometry g, boolean countIncludePad, float[] input, float[] out);

    /** dInput = dOut / divisor spread uniformly over each clipped window. */
    void avgPoolBackward(PoolGeometry g, boolean countIncludePad, float[] dOut, float[] dInput);

    /** out[N, C, *outSize] = mean over each adaptive window. */
    void adaptiveAvgPoolForward(AdaptivePoolGeometry g, float[] input, float[] out);

    void adaptiveAvgPoolBackward(AdaptivePoolGeometry g, float[] dOut, float[] dInput);

    /** out = max over each adaptive window, indices = its flat offset in the input plane. */
    void adaptiveMaxPoolForward(AdaptivePoolGeometry g, float[] input, float[] out, int[] indices);

    void adaptiveMaxPoolBackward(AdaptivePoolGeometry g, float[] dOut, int[] indices, float[] dInput);

    // ---------------------------------------------------------------- elementwise (autograd helper)
    // The few pointwise primitives hot paths are built from; contiguous runs of n floats. Output buffers may
    // alias an input at the same offset (in-place use), never partially overlap one.

    /** {@code out = a + b}. */
    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out = a * b}. */
    void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code y += alpha * x}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code out = alpha * x}. */
    void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff);

    /** {@code y = max(x, 0)}. */
    void reluForward(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * {@code dInput = x > 0 ? dOut : 0}. {@code x} may be the forward input or output (their signs agree), so
     * callers can keep whichever they already hold.
     */
    void reluBackward(int n, float[] x, int xOff, float[] dOut, int dOutOff, float[] dInput, int dInputOff);

    // ---------------------------------------------------------------- batch normalisation
    // Buffers are [N, C, S] row-major (S = product of the spatial dims, 1 for [N, C]); per-channel vectors hold C
    // floats. Forward and backward side by side; every method overwrites its outputs.

    /** {@code mean[c]} and biased {@code var[c]} of the N*S values of channel c (accurate when |mean| >> std). */
    void batchNormStatistics(int n, int c, int s, float[] x, float[] mean, float[] var);

    /**
     * {@code y[i, c, :] = x[i, c, :] * scale[c] + shift[c]}: normalisation and the affine transform folded into
     * one multiply-add per value (scale = gamma / std, shift = beta - mean * scale), then {@code max(y, 0)} when
     * {@code relu} (batch norm fused with the ReLU after it). {@code y} may be {@code x}.
     */
    void batchNormForward(int n, int c, int s, float[] x, float[] scale, float[] shift, boolean relu, float[] y);

    /**
     * Training forward in one call: {@link #batchNormStatistics} into {@code mean} and {@code var},
     * {@code invStd[c] = 1 / sqrt(var[c] + eps)}, then {@link #batchNormForward} with the scale and shift of
     * {@link NormCoefficients} (gamma, beta null mean ones, zeros). Implementations may normalise each channel
     * right after its statistics, while it is still in cache.
     */
    void batchNormTrainingForward(int n, int c, int s, float[] x, float[] gamma, float[] beta, double eps,
            boolean relu, float[] y, float[] mean, float[] var, float[] invStd);

    /**
     * Backward of batch norm from the forward input {@code x}, its {@code mean} and {@code invStd}:
     * {@code dGamma[c] = sum(dOut * xhat)}, {@code dBeta[c] = sum(dOut)} and {@code dInput = gamma * invStd *
     * (dOut - (dBeta + xhat * dGamma) / (N*S))} when the batch statistics normalised ({@code batchStats}), else
     * {@code gamma * invStd * dOut}; {@code xhat = (x - mean) * invStd}. A null {@code gamma} means ones; any of
     * dInput, dGamma, dBeta may be null when not wanted. {@code dInput} may be {@code dOut} (in-place). With a
     * fused ReLU, {@code reluOut} is the forward output and dOut counts only where it is positive (else null).
     */
    void batchNormBackward(int n, int c, int s, float[] x, float[] dOut, float[] reluOut, float[] mean,
            float[] invStd, float[] gamma, boolean batchStats, float[] dInput, float[] dGamma, float[] dBeta);

    /**
     * {@link #batchNormBackward} with a fused ReLU whose forward ran on this implementation with the per-channel
     * {@code scale} and {@code shift} of {@link NormCoefficients} ({@link #batchNormForward} with them, or
     * {@link #batchNormTrainingForward}, which derives the same ones). An implementation that computes
     * {@code max(fma(x, scale, shift), 0)} in its forward may recompute the ReLU's mask from {@code x} instead of
     * reading {@code reluOut}: one activation-sized read less. The default reads reluOut.
     */
    default void batchNormReluBackward(int n, int c, int s, float[] x, float[] dOut, float[] reluOut,
            float[] scale, float[] shift, float[] mean, float[] invStd, float[] gamma, boolean batchStats,
            float[] dInput, float[] dGamma, float[] dBeta) {
        batchNormBackward(n, c, s, x, dOut, reluOut, mean, invStd, gamma, batchStats, dInput, dGamma, dBeta);
    }

    // ---------------------------------------------------------------- inference (fused epilogues)

    /**
     * {@code out = conv(input, weight) + bias + residual}, then {@code max(., 0)} when {@code relu}: a ResNet
     * block's convolution, residual add and ReLU in one pass over the output. {@code bias} and {@code residual}
     * ([N, Cout, *O], not {@code out}) may be null. The default runs the three steps; implementations fuse them
     * into writing the output.
     */
    default void convForwardFused(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] residual,
            boolean relu, float[] out) {
        convForward(g, input, weight, bias, out);
        if (residual != null) {
            add(out.length, out, 0, residual, 0, out, 0);
        }
        if (relu) {
            reluForward(out.length, out, 0, out, 0);
        }
    }

    /** The active implementation, chosen once per JVM. */
    static Kernels get() {
        return KernelsSelection.ACTIVE;
    }
}
