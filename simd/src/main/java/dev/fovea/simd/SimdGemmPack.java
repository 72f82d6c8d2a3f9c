package dev.fovea.simd;

import static dev.fovea.simd.SimdGemmMicro.L;
import static dev.fovea.simd.SimdGemmMicro.S;

import jdk.incubator.vector.FloatVector;

/**
 * Packing of sgemm operands into the layouts the micro-kernels stream through: transposition is resolved here, so
 * the kernels only ever see one layout, and A is scaled by alpha on the way (one multiply per element of A instead
 * of one per element of C per k block).
 *
 * <p>A block: micro-panels of {@code mr} rows (12 or 6), each k-major ({@code mr} consecutive floats per k step),
 * rows beyond M zero; with 12-row panels a remainder of at most 6 rows gets a 6-row panel, so it runs the short
 * kernel instead of computing padding. B block: panels of {@code nr} columns, each row-major ({@code nr} floats per k
 * step); the last panel is only as wide as its columns rounded up to whole vectors (zero-padded), so narrow
 * remainders run a narrower kernel.
 */
final class SimdGemmPack {
    /** Whether the gather-like packings can use 16-lane vector transposes (AVX-512). */
    private static final boolean TRANSPOSE = SimdGemmTranspose.AVAILABLE;
    /** Floats the A packing may write past the end of the block (see {@link SimdGemmTranspose#transpose12IntoPanel}). */
    static final int A_SLACK = 16;

    private SimdGemmPack() {}

    /** Height of the A micro-panel holding {@code rows} (≤ mr) rows when the block uses {@code mr}-row panels. */
    static int panelHeight(int rows, int mr) {
        return rows <= 6 ? 6 : mr;
    }

    /**
     * Packs alpha * op(A)[i0 .. i0+mc, p0 .. p0+kc] into {@code dst[0 ..]} as {@code mr}-row micro-panels; the panel
     * of rows {@code r} starts at {@code r * kc}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float alpha,
            int mr, float[] dst) {
        for (int r = 0; r < mc; r += mr) {
            int rows = Math.min(mr, mc - r);
            int h = panelHeight(rows, mr);
            int d = r * kc;
            if (transA) {
                packPanelOfTransposedA(a, aOff + p0 * lda + i0 + r, lda, rows, h, kc, alpha, dst, d);
            } else if (h == 12 && rows == 12) {
                packTwelveRowsOfA(a, aOff + (i0 + r) * lda + p0, lda, kc, alpha, dst, d);
            } else {
                packPanelOfA(a, aOff + (i0 + r) * lda + p0, lda, rows, h, kc, alpha, dst, d);
            }
        }
    }

    /**
     * A stored M x K, a full 12-row panel: twelve read streams, one contiguous write stream; whole 16-deep steps go
     * through vector transposes (panels are packed in increasing order, so their spill is overwritten, and the
     * buffer has {@link #A_SLACK} floats after the last one).
     */
    private static void packTwelveRowsOfA(float[] a, int src, int lda, int kc, float alpha, float[] dst, int d) {
        int p0 = 0;
        if (TRANSPOSE) {
            for (; p0 + 16 <= kc; p0 += 16) {
                SimdGemmTranspose.transpose12IntoPanel(a, src + p0, lda, alpha, dst, d + p0 * 12);
            }
        }
        int s0 = src, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
        int s6 = s5 + lda, s7 = s6 + lda, s8 = s7 + lda, s9 = s8 + lda, s10 = s9 + lda, s11 = s10 + lda;
        for (int p = p0; p < kc; p++) {
            int o = d + p * 12;
            dst[o] = alpha * a[s0 + p];
            dst[o + 1] = alpha * a[s1 + p];
            dst[o + 2] = alpha * a[s2 + p];
            dst[o + 3] = alpha * a[s3 + p];
            dst[o + 4] = alpha * a[s4 + p];
            dst[o + 5] = alpha * a[s5 + p];
            dst[o + 6] = alpha * a[s6 + p];
            dst[o + 7] = alpha * a[s7 + p];
            dst[o + 8] = alpha * a[s8 + p];
            dst[o + 9] = alpha * a[s9 + p];
            dst[o + 10] = alpha * a[s10 + p];
            dst[o + 11] = alpha * a[s11 + p];
        }
    }

    /** A stored M x K: row ii of the panel is contiguous in k, so each k step gathers one float from each row. */
    private static void packPanelOfA(float[] a, int src, int lda, int rows, int h, int kc, float alpha, float[] dst,
            int d) {
        if (rows == 6 && h == 6) {
            int s0 = src, s1 = src + lda, s2 = src + 2 * lda, s3 = src + 3 * lda, s4 = src + 4 * lda,
                    s5 = src + 5 * lda;
            for (int p = 0; p < kc; p++) {
                int o = d + p * 6;
                dst[o] = alpha * a[s0 + p];
                dst[o + 1] = alpha * a[s1 + p];
                dst[o + 2] = alpha * a[s2 + p];
                dst[o + 3] = alpha * a[s3 + p];
                dst[o + 4] = alpha * a[s4 + p];
                dst[o + 5] = alpha * a[s5 + p];
            }
            return;
        }
        // Remainder panel: row by row (contiguous reads), then zero the padding rows.
        for (int ii = 0; ii < rows; ii++) {
            int s = src + ii * lda;
            for (int p = 0; p < kc; p++) {
                dst[d + p * h + ii] = alpha * a[s + p];
            }
        }
        for (int p = 0; p < kc; p++) {
            java.util.Arrays.fill(dst, d + p * h + rows, d + p * h + h, 0f);
        }
    }

    /** A stored K x M (transA): each k step of the panel is {@code rows} consecutive floats. */
    private static void packPanelOfTransposedA(float[] a, int src, int lda, int rows, int h, int kc, float alpha,
            float[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            int s = src + p * lda;
            int o = d + p * h;
            for (int ii = 0; ii < h; ii++) {
                dst[o + ii] = ii < rows ? alpha * a[s + ii] : 0f;
            }
        }
    }

    /** Width in floats of the packed panel holding {@code cols} (≤ nr) columns: whole vectors. */
    static int panelWidth(int cols, int nr) {
        return Math.min(nr, (cols + L - 1) / L * L);
    }

    /**
     * Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into {@code dst[dOff ..]} as panels of {@code nr} columns: the panel of
     * columns {@code jr} starts at {@code dOff + jr * kc} and has width {@link #panelWidth} of its column count.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr,
            float[] dst, int dOff) {
        if (!transB) {
            packRowsOfB(b, bOff + p0 * ldb + j0, ldb, kc, nc, nr, dst, dOff);
            return;
        }
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            packPanelOfTransposedB(b, bOff + (j0 + jr) * ldb + p0, ldb, cols, panelWidth(cols, nr), kc, dst,
                    dOff + jr * kc);
        }
    }

    /**
     * B stored K x N: walks B row by row (one sequential read stream, which the hardware prefetcher follows) and
     * deals each row out to the panels, whole panels as vector copies, the ragged last one zero-padded.
     */
    private static void packRowsOfB(float[] b, int src, int ldb, int kc, int nc, int nr, float[] dst, int d) {
        int whole = nc / nr * nr;
        int tail = nc - whole;
        int wTail = tail == 0 ? 0 : panelWidth(tail, nr);
        for (int p = 0; p < kc; p++) {
            int s = src + p * ldb;
            for (int jr = 0; jr < whole; jr += nr) {
                int o = d + jr * kc + p * nr;
                for (int j = 0; j < nr; j += L) {
                    FloatVector.fromArray(S, b, s + jr + j).intoArray(dst, o + j);
                }
            }
            if (tail > 0) {
                int o = d + whole * kc + p * wTail;
                System.arraycopy(b, s + whole, dst, o, tail);
                java.util.Arrays.fill(dst, o + tail, o + wTail, 0f);
            }
        }
    }

    /**
     * B stored N x K (transB): column j of op(B) is contiguous in k. Whole 16 x 16 blocks go through vector
     * transposes; the ragged rest walks four source rows at once, which keeps four read streams and writes four
     * neighbouring floats per k step instead of one.
     */
    private static void packPanelOfTransposedB(float[] b, int src, int ldb, int cols, int w, int kc, float[] dst,
            int d) {
        int j = 0;
        if (TRANSPOSE) {
            int kc16 = kc / 16 * 16;
            for (; j + 16 <= cols; j += 16) {
                int s = src + j * ldb;
                for (int p = 0; p < kc16; p += 16) {
                    SimdGemmTranspose.transpose16(b, s + p, ldb, dst, d + p * w + j, w);
                }
                for (int jj = j; jj < j + 16; jj++) {
                    int sj = src + jj * ldb;
                    for (int p = kc16; p < kc; p++) {
                        dst[d + p * w + jj] = b[sj + p];
                    }
                }
            }
        }
        for (; j + 4 <= cols; j += 4) {
            int s0 = src + j * ldb, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
            for (int p = 0; p < kc; p++) {
                int o = d + p * w + j;
                dst[o] = b[s0 + p];
                dst[o + 1] = b[s1 + p];
                dst[o + 2] = b[s2 + p];
                dst[o + 3] = b[s3 + p];
            }
        }
        for (; j < cols; j++) {
            int s = src + j * ldb;
            for (int p = 0; p < kc; p++) {
                dst[d + p * w + j] = b[s + p];
            }
        }
        if (cols < w) {
            for (int p = 0; p < kc; p++) {
                java.util.Arrays.fill(dst, d + p * w + cols, d + p * w + w, 0f);
            }
        }
    }
}
