package dev.fovea.kernel;

/**
 * Reference loops for the elementwise section of {@link Kernels}: plain, single-threaded, and the ground truth
 * the SIMD versions are tested against. Simple counted loops like these are also what the JIT auto-vectorises
 * best, so the scalar build is not slow on them.
 */
final class ScalarElementwise {
    private ScalarElementwise() {}

    static void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    static void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    static void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = alpha * x[xOff + i];
        }
    }

    static void reluForward(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            // branch-free (random signs would defeat the branch predictor); NaN stays NaN, as in PyTorch
            y[yOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    static void reluBackward(int n, float[] x, int xOff, float[] dOut, int dOutOff, float[] dInput, int dInputOff) {
        for (int i = 0; i < n; i++) {
            dInput[dInputOff + i] = x[xOff + i] > 0f ? dOut[dOutOff + i] : 0f;
        }
    }
}
