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
        throw new UnsupportedOperationException("convForward: not implemented yet");
    }

    @Override
    public void convBackwardData(ConvGeometry g, float[] dOut, float[] weight, float[] dInput) {
        throw new UnsupportedOperationException("convBackwardData: not implemented yet");
    }

    @Override
    public void convBackwardWeight(ConvGeometry g, float[] input, float[] dOut, float[] dWeight, float[] dBias) {
        throw new UnsupportedOperationException("convBackwardWeight: not implemented yet");
    }

    // ---------------------------------------------------------------- pooling (delegates to ScalarPool)

    // ---------------------------------------------------------------- elementwise (delegates to ScalarElementwise)
}
