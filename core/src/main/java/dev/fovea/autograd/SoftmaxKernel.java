package dev.fovea.autograd;

/**
 * Softmax and log-softmax along one dim of a contiguous [outer, C, inner] array, with their backward passes.
 * Max-shifted, sums in double. Rows along C are strided by {@code inner} (1 for the usual last-dim case).
 */
final class SoftmaxKernel {
    private SoftmaxKernel() {}

    static void forward(float[] x, float[] y, int outer, int c, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * c * inner + i;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0, p = base; k < c; k++, p += inner) {
                    max = Math.max(max, x[p]);
                }
                if (max == Float.NEGATIVE_INFINITY) {
                    max = 0f; // an all -inf row: keep the arithmetic NaN-free up to the log of zero
                }
                // one exp per element: softmax keeps exp(x - max) in y and rescales it afterwards
                double sum = 0;
                for (int k = 0, p = base; k < c; k++, p += inner) {
                    float e = (float) Math.exp(x[p] - max);
                    if (!log) {
                        y[p] = e;
                    }
                    sum += e;
                }
                if (log) {
                    float lse = (float) Math.log(sum) + max;
                    for (int k = 0, p = base; k < c; k++, p += inner) {
                        y[p] = x[p] - lse;
                    }
                } else {
                    float inv = (float) (1 / sum);
                    for (int k = 0, p = base; k < c; k++, p += inner) {
                        y[p] *= inv;
                    }
                }
            }
        }
    }

    /**
     * dx from dy and the saved output y: softmax {@code y (dy - Σ dy y)}, log-softmax {@code dy - exp(y) Σ dy}.
     */
    static void backward(float[] y, float[] dy, float[] dx, int outer, int c, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * c * inner + i;
                double s = 0;
                for (int k = 0, p = base; k < c; k++, p += inner) {
                    s += log ? dy[p] : (double) dy[p] * y[p];
                }
                float sf = (float) s;
                for (int k = 0, p = base; k < c; k++, p += inner) {
                    dx[p] = log ? dy[p] - (float) Math.exp(y[p]) * sf : y[p] * (dy[p] - sf);
                }
            }
        }
    }
}
