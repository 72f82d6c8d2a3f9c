package dev.fovea.simd;

import dev.fovea.kernel.AdaptivePoolGeometry;
import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.PoolGeometry;
import dev.fovea.kernel.ScalarKernels;

/**
 * The fast {@link dev.fovea.kernel.Kernels}: Vector API species from {@code SPECIES_PREFERRED} and all cores.
 * Primitives not (yet) overridden here fall back to the scalar reference they are tested against.
 */
public final class SimdKernels extends ScalarKernels {

    @Override
    public String name() {
        return "simd";
    }

    // ---------------------------------------------------------------- sgemm (delegates to SimdGemm)

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        SimdGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    // ---------------------------------------------------------------- convolution (delegates to SimdConv)
    // SimdConv's general path calls this.sgemm, so it speeds up with whatever sgemm this class provides.

    private final SimdConv conv = new SimdConv(this);

    @Override
    public void convForward(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] out) {
        conv.forward(g, input, weight, bias, out);
    }

    @Override
    public void convForwardFused(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] residual,
            boolean relu, float[] out) {
        if (!conv.forwardFused(g, input, weight, bias, residual, relu, out)) {
            super.convForwardFused(g, input, weight, bias, residual, relu, out);
        }
    }

    @Override
    public void convBackwardData(ConvGeometry g, float[] dOut, float[] weight, float[] dInput) {
        conv.backwardData(g, dOut, weight, dInput);
    }

    @Override
    public void convBackwardWeight(ConvGeometry g, float[] input, float[] dOut, float[] dWeight, float[] dBias) {
        conv.backwardWeight(g, input, dOut, dWeight, dBias);
    }

    // ---------------------------------------------------------------- pooling (delegates to SimdPool)

    @Override
    public void maxPoolForward(PoolGeometry g, float[] input, float[] out, int[] indices) {
        if (indices == null && SimdMaxPoolValues.applies(g)) {
            SimdMaxPoolValues.forward(g, input, out);
            return;
        }
        if (indices == null) {
            indices = new int[out.length];
        }
        SimdPool.maxForward(g, input, out, indices);
    }

    @Override
    public void maxPoolBackward(PoolGeometry g, float[] dOut, int[] indices, float[] dInput) {
        SimdPool.maxBackward(g.batch() * g.channels(), g.inSpatial(), g.outSpatial(), dOut, indices, dInput);
    }

    @Override
    public void avgPoolForward(PoolGeometry g, boolean countIncludePad, float[] input, float[] out) {
        SimdPool.avg(g, countIncludePad, input, out, false);
    }

    @Override
    public void avgPoolBackward(PoolGeometry g, boolean countIncludePad, float[] dOut, float[] dInput) {
        SimdPool.avg(g, countIncludePad, dInput, dOut, true);
    }

    @Override
    public void adaptiveAvgPoolForward(AdaptivePoolGeometry g, float[] input, float[] out) {
        SimdPool.adaptive(g, input, out, null, false);
    }

    @Override
    public void adaptiveAvgPoolBackward(AdaptivePoolGeometry g, float[] dOut, float[] dInput) {
        SimdPool.adaptive(g, dInput, dOut, null, true);
    }

    @Override
    public void adaptiveMaxPoolForward(AdaptivePoolGeometry g, float[] input, float[] out, int[] indices) {
        SimdPool.adaptive(g, input, out, indices, false);
    }

    @Override
    public void adaptiveMaxPoolBackward(AdaptivePoolGeometry g, float[] dOut, int[] indices, float[] dInput) {
        SimdPool.maxBackward(g.batch() * g.channels(), g.inSpatial(), g.outSpatial(), dOut, indices, dInput);
    }

    // ---------------------------------------------------------------- elementwise (delegates to SimdElementwise)

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        SimdElementwise.add(n, a, aOff, b, bOff, out, outOff);
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        SimdElementwise.mul(n, a, aOff, b, bOff, out, outOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        SimdElementwise.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        SimdElementwise.scale(n, alpha, x, xOff, out, outOff);
    }

    @Override
    public void reluForward(int n, float[] x, int xOff, float[] y, int yOff) {
        SimdElementwise.reluForward(n, x, xOff, y, yOff);
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dOut, int dOutOff, float[] dInput, int dInputOff) {
        SimdElementwise.reluBackward(n, x, xOff, dOut, dOutOff, dInput, dInputOff);
    }

    // ---------------------------------------------------------------- batch normalisation (delegates to SimdNorm)
    // Planes shorter than a vector ([N, C] from BatchNorm1d, tiny maps) keep the scalar reference.

    @Override
    public void batchNormStatistics(int n, int c, int s, float[] x, float[] mean, float[] var) {
        if (s < SimdNorm.MIN_SPATIAL) {
            super.batchNormStatistics(n, c, s, x, mean, var);
        } else {
            SimdNorm.statistics(n, c, s, x, mean, var);
        }
    }

    @Override
    public void batchNormForward(int n, int c, int s, float[] x, float[] scale, float[] shift, boolean relu,
            float[] y) {
        if (s < SimdNorm.MIN_SPATIAL) {
            super.batchNormForward(n, c, s, x, scale, shift, relu, y);
        } else {
            SimdNorm.forward(n, c, s, x, scale, shift, relu, y);
        }
    }

    @Override
    public void batchNormTrainingForward(int n, int c, int s, float[] x, float[] gamma, float[] beta, double eps,
            boolean relu, float[] y, float[] mean, float[] var, float[] invStd) {
        if (s < SimdNorm.MIN_SPATIAL) {
            super.batchNormTrainingForward(n, c, s, x, gamma, beta, eps, relu, y, mean, var, invStd);
        } else {
            SimdNorm.trainingForward(n, c, s, x, gamma, beta, eps, relu, y, mean, var, invStd);
        }
    }

    @Override
    public void batchNormBackward(int n, int c, int s, float[] x, float[] dOut, float[] reluOut, float[] mean,
            float[] invStd, float[] gamma, boolean batchStats, float[] dInput, float[] dGamma, float[] dBeta) {
        if (s < SimdNorm.MIN_SPATIAL) {
            super.batchNormBackward(n, c, s, x, dOut, reluOut, mean, invStd, gamma, batchStats, dInput, dGamma,
                    dBeta);
        } else {
            SimdNorm.backward(n, c, s, x, dOut, reluOut, null, null, mean, invStd, gamma, batchStats, dInput,
                    dGamma, dBeta);
        }
    }

    @Override
    public void batchNormReluBackward(int n, int c, int s, float[] x, float[] dOut, float[] reluOut,
            float[] scale, float[] shift, float[] mean, float[] invStd, float[] gamma, boolean batchStats,
            float[] dInput, float[] dGamma, float[] dBeta) {
        if (s < SimdNorm.MIN_SPATIAL) {
            // the scalar forward ran there: its arithmetic is not SimdNorm's fma, so read its output
            super.batchNormBackward(n, c, s, x, dOut, reluOut, mean, invStd, gamma, batchStats, dInput, dGamma,
                    dBeta);
        } else {
            SimdNorm.backward(n, c, s, x, dOut, null, scale, shift, mean, invStd, gamma, batchStats, dInput,
                    dGamma, dBeta);
        }
    }
}
