package dev.fovea.kernel;

/**
 * The readable reference implementation: plain loops, one thread. Every SIMD kernel is tested against it, so
 * clarity beats speed here.
 */
public class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci];
            }
        }
    }

    // ---------------------------------------------------------------- convolution (delegates to ScalarConv)

    @Override
    public void convForward(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] out) {
        ScalarConv.forward(g, input, weight, bias, out);
    }

    @Override
    public void convBackwardData(ConvGeometry g, float[] dOut, float[] weight, float[] dInput) {
        ScalarConv.backwardData(g, dOut, weight, dInput);
    }

    @Override
    public void convBackwardWeight(ConvGeometry g, float[] input, float[] dOut, float[] dWeight, float[] dBias) {
        ScalarConv.backwardWeight(g, input, dOut, dWeight, dBias);
    }

    // ---------------------------------------------------------------- pooling (delegates to ScalarPool)

    @Override
    public void maxPoolForward(PoolGeometry g, float[] input, float[] out, int[] indices) {
        ScalarPool.maxForward(g, input, out, indices != null ? indices : new int[out.length]);
    }

    @Override
    public void maxPoolBackward(PoolGeometry g, float[] dOut, int[] indices, float[] dInput) {
        ScalarPool.maxBackward(g.batch() * g.channels(), g.inSpatial(), g.outSpatial(), dOut, indices, dInput);
    }

    @Override
    public void avgPoolForward(PoolGeometry g, boolean countIncludePad, float[] input, float[] out) {
        ScalarPool.avgForward(g, countIncludePad, input, out);
    }

    @Override
    public void avgPoolBackward(PoolGeometry g, boolean countIncludePad, float[] dOut, float[] dInput) {
        ScalarPool.avgBackward(g, countIncludePad, dOut, dInput);
    }

    @Override
    public void adaptiveAvgPoolForward(AdaptivePoolGeometry g, float[] input, float[] out) {
        ScalarPool.adaptiveAvgForward(g, input, out);
    }

    @Override
    public void adaptiveAvgPoolBackward(AdaptivePoolGeometry g, float[] dOut, float[] dInput) {
        ScalarPool.adaptiveAvgBackward(g, dOut, dInput);
    }

    @Override
    public void adaptiveMaxPoolForward(AdaptivePoolGeometry g, float[] input, float[] out, int[] indices) {
        ScalarPool.adaptiveMaxForward(g, input, out, indices);
    }

    @Override
    public void adaptiveMaxPoolBackward(AdaptivePoolGeometry g, float[] dOut, int[] indices, float[] dInput) {
        ScalarPool.maxBackward(g.batch() * g.channels(), g.inSpatial(), g.outSpatial(), dOut, indices, dInput);
    }

    // ---------------------------------------------------------------- elementwise (delegates to ScalarElementwise)

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        ScalarElementwise.add(n, a, aOff, b, bOff, out, outOff);
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        ScalarElementwise.mul(n, a, aOff, b, bOff, out, outOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        ScalarElementwise.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        ScalarElementwise.scale(n, alpha, x, xOff, out, outOff);
    }

    @Override
    public void reluForward(int n, float[] x, int xOff, float[] y, int yOff) {
        ScalarElementwise.reluForward(n, x, xOff, y, yOff);
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dOut, int dOutOff, float[] dInput, int dInputOff) {
        ScalarElementwise.reluBackward(n, x, xOff, dOut, dOutOff, dInput, dInputOff);
    }

    // ---------------------------------------------------------------- batch normalisation (delegates to ScalarNorm)

    @Override
    public void batchNormStatistics(int n, int c, int s, float[] x, float[] mean, float[] var) {
        ScalarNorm.statistics(n, c, s, x, mean, var);
    }

    @Override
    public void batchNormForward(int n, int c, int s, float[] x, float[] scale, float[] shift, boolean relu,
            float[] y) {
        ScalarNorm.forward(n, c, s, x, scale, shift, relu, y);
    }

    @Override
    public void batchNormTrainingForward(int n, int c, int s, float[] x, float[] gamma, float[] beta, double eps,
            boolean relu, float[] y, float[] mean, float[] var, float[] invStd) {
        ScalarNorm.trainingForward(n, c, s, x, gamma, beta, eps, relu, y, mean, var, invStd);
    }

    @Override
    public void batchNormBackward(int n, int c, int s, float[] x, float[] dOut, float[] reluOut, float[] mean,
            float[] invStd, float[] gamma, boolean batchStats, float[] dInput, float[] dGamma, float[] dBeta) {
        ScalarNorm.backward(n, c, s, x, dOut, reluOut, mean, invStd, gamma, batchStats, dInput, dGamma, dBeta);
    }
}
