package dev.fovea.simd;

/**
 * Argument checks for sgemm, done once per call so that a bad offset or leading dimension is reported in terms of
 * the caller's matrices instead of surfacing as an index error deep inside a packing loop.
 */
final class SimdGemmChecks {
    private SimdGemmChecks() {}

    static void check(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: sizes must be non-negative, got m=" + m + " n=" + n
                    + " k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        matrix("C", c, cOff, ldc, m, n);
        if (k == 0) {
            return;
        }
        matrix(transA ? "A (transposed, stored K x M)" : "A", a, aOff, lda, transA ? k : m, transA ? m : k);
        matrix(transB ? "B (transposed, stored N x K)" : "B", b, bOff, ldb, transB ? n : k, transB ? k : n);
    }

    private static void matrix(String what, float[] buf, int off, int ld, int rows, int cols) {
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: " + what + " has " + cols + " columns per row but leading "
                    + "dimension " + ld + "; pass a leading dimension of at least " + cols);
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > buf.length) {
            throw new IllegalArgumentException("sgemm: " + what + " is " + rows + " x " + cols + " with leading "
                    + "dimension " + ld + " from offset " + off + ", which needs " + last + " floats, but the buffer "
                    + "holds " + buf.length + "; check the offset, sizes and leading dimension");
        }
    }
}
