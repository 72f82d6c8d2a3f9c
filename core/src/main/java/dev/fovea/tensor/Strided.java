package dev.fovea.tensor;

import dev.fovea.kernel.Parallel;
import java.util.Arrays;

/**
 * Iteration over strided operands that share one (broadcast) shape. Dimensions are coalesced first (size-1
 * dimensions dropped, neighbours merged when every operand steps through them as one), so a contiguous operation
 * becomes a single long row and a bias add over NCHW becomes rows of H*W. The visitor is called once per row,
 * never per element, and runs a tight loop over it.
 */
final class Strided {
    private Strided() {}

    /** Called once per innermost row: offsets and strides per operand, and the row length. */
    @FunctionalInterface
    interface RowVisitor {
        void row(int[] offsets, int[] strides, int n);
    }

    /** The broadcast of two shapes (aligned at the trailing dimension), or an error naming {@code op}. */
    static int[] broadcastShapes(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast (dimension " + i + " of the aligned shapes: " + da + " vs " + db
                        + "); sizes must match or be 1");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read {@code t} as if it had {@code shape} (stride 0 along broadcast dimensions). */
    static int[] broadcastStrides(String op, Tensor t, int[] shape) {
        int[] ts = t.shapeRef();
        int[] st = t.stridesRef();
        int lead = shape.length - ts.length;
        if (lead < 0) {
            throw new IllegalArgumentException(op + ": cannot broadcast shape " + Arrays.toString(ts) + " to "
                    + Arrays.toString(shape));
        }
        int[] out = new int[shape.length];
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == shape[lead + i]) {
                out[lead + i] = ts[i] == 1 ? 0 : st[i];
            } else if (ts[i] == 1) {
                out[lead + i] = 0;
            } else {
                throw new IllegalArgumentException(op + ": cannot broadcast shape " + Arrays.toString(ts) + " to "
                        + Arrays.toString(shape) + " (dimension " + i + " has size " + ts[i] + ")");
            }
        }
        return out;
    }

    /**
     * Visits every row of {@code shape}; {@code strides[k]} and {@code offsets[k]} describe operand k. The
     * arrays passed to the visitor are reused between calls.
     */
    static void forEachRow(int[] shape, int[][] strides, int[] offsets, RowVisitor visitor) {
        forEachRow(shape, strides, offsets, false, visitor);
    }

    /**
     * Like {@link #forEachRow(int[], int[][], int[], RowVisitor)}; with {@code parallel}, large iterations are
     * split into ranges of rows run on all threads (each range with its own offset arrays), which is only correct
     * when no two rows write the same element and the visitor keeps no state.
     */
    static void forEachRow(int[] shape, int[][] strides, int[] offsets, boolean parallel, RowVisitor visitor) {
        int ops = strides.length;
        long total = 1;
        for (int d : shape) {
            total *= d;
        }
        if (total == 0) {
            return;
        }
        int[] sz = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int rank = coalesce(shape, strides, sz, st);
        if (rank == 0) {
            visitor.row(offsets.clone(), new int[ops], 1);
            return;
        }
        int n = sz[rank - 1];
        long rows = total / n;
        int r = rank;
        if (parallel && total >= PARALLEL_MIN && rows > 1 && rows <= Integer.MAX_VALUE) {
            // strided copies (a slice's gradient scattered into zeros, padding) ran on one core while the other idled
            Parallel.forRange((int) rows, Math.max(1, PARALLEL_MIN / 2 / n),
                    (from, to) -> visit(from, to, r, sz, st, offsets, visitor));
        } else {
            visit(0, rows, r, sz, st, offsets, visitor);
        }
    }

    /**
     * {@code dst = src} over {@code shape} with each side's strides, as at most four nested loops after coalescing:
     * the row visitor's per-row call and offset bookkeeping cost more than a short strided row itself (a slice's
     * gradient scattered into zeros, 16-wide rows of a 32x32 plane, ran at about 6 cycles a value). False when
     * more than four dimensions remain (the caller then runs the general visitor).
     */
    static boolean copy(int[] shape, int[] srcStrides, int srcOff, float[] src, int[] dstStrides, int dstOff,
            float[] dst, boolean parallel) {
        long total = 1;
        for (int d : shape) {
            total *= d;
        }
        if (total == 0) {
            return true;
        }
        int[] dims = new int[shape.length];
        int[][] st = new int[2][shape.length];
        int rank = coalesce(shape, new int[][] {srcStrides, dstStrides}, dims, st);
        if (rank > 4) {
            return false;
        }
        // right-aligned in four dims: the innermost is index 3
        int[] sz = {1, 1, 1, 1};
        int[] ss = new int[4];
        int[] ds = new int[4];
        for (int d = 0; d < rank; d++) {
            sz[4 - rank + d] = dims[d];
            ss[4 - rank + d] = st[0][d];
            ds[4 - rank + d] = st[1][d];
        }
        // split over rows (every dimension but the innermost): a copy that coalesces to two dimensions has a single
        // outer block (a stride-2 slice's gradient, [N*C*H/2, W/2] into every other row) and ran on one core
        long rows = (long) sz[0] * sz[1] * sz[2];
        if (rows > Integer.MAX_VALUE) {
            return false;
        }
        if (parallel && total >= PARALLEL_MIN && rows > 1) {
            Parallel.forRange((int) rows, Math.max(1, (int) (PARALLEL_MIN / 2 / sz[3])),
                    (from, to) -> copyRows(from, to, sz, ss, srcOff, src, ds, dstOff, dst));
        } else {
            copyRows(0, (int) rows, sz, ss, srcOff, src, ds, dstOff, dst);
        }
        return true;
    }

    /** Rows [from, to) over the three outer dimensions (right-aligned, see {@link #copy}), in order. */
    private static void copyRows(int from, int to, int[] sz, int[] ss, int srcOff, float[] src, int[] ds,
            int dstOff, float[] dst) {
        int n2 = sz[2];
        int n3 = sz[3];
        int s2 = ss[2];
        int s3 = ss[3];
        int d2 = ds[2];
        int d3 = ds[3];
        int r = from;
        while (r < to) {
            int b = r / n2;
            int i2 = r - b * n2;
            int i0 = b / sz[1];
            int i1 = b - i0 * sz[1];
            int so = srcOff + i0 * ss[0] + i1 * ss[1] + i2 * s2;
            int dO = dstOff + i0 * ds[0] + i1 * ds[1] + i2 * d2;
            // the rest of this block's rows (or of the range) with running offsets
            int end = Math.min(to, r + n2 - i2);
            for (; r < end; r++, so += s2, dO += d2) {
                if (s3 == 1 && d3 == 1) {
                    System.arraycopy(src, so, dst, dO, n3);
                } else {
                    for (int i3 = 0; i3 < n3; i3++) {
                        dst[dO + i3 * d3] = src[so + i3 * s3];
                    }
                }
            }
        }
    }

    /**
     * Keeps the non-unit dims of {@code shape}, merging a dim into the one before it when every operand's strides
     * allow, into {@code sz} and {@code st[operand]}; returns how many dims remain.
     */
    private static int coalesce(int[] shape, int[][] strides, int[] sz, int[][] st) {
        int ops = strides.length;
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (rank > 0) {
                boolean merge = true;
                for (int k = 0; k < ops && merge; k++) {
                    merge = st[k][rank - 1] == strides[k][d] * shape[d];
                }
                if (merge) {
                    sz[rank - 1] *= shape[d];
                    for (int k = 0; k < ops; k++) {
                        st[k][rank - 1] = strides[k][d];
                    }
                    continue;
                }
            }
            sz[rank] = shape[d];
            for (int k = 0; k < ops; k++) {
                st[k][rank] = strides[k][d];
            }
            rank++;
        }
        return rank;
    }

    /** Elements from which splitting rows over threads pays for the hand-off. */
    private static final int PARALLEL_MIN = 1 << 16;

    /** Rows [from, to) of the coalesced iteration (dimensions sz, strides st per operand). */
    private static void visit(long from, long to, int rank, int[] sz, int[][] st, int[] offsets,
            RowVisitor visitor) {
        int ops = st.length;
        int last = rank - 1;
        int[] off = new int[ops];
        int[] inner = new int[ops];
        for (int k = 0; k < ops; k++) {
            inner[k] = st[k][last];
        }
        int n = sz[last];
        int[] idx = new int[rank];
        int[] cur = offsets.clone();
        long rest = from;
        for (int d = last - 1; d >= 0; d--) {
            idx[d] = (int) (rest % sz[d]);
            rest /= sz[d];
            for (int k = 0; k < ops; k++) {
                cur[k] += st[k][d] * idx[d];
            }
        }
        for (long r = from; r < to; r++) {
            System.arraycopy(cur, 0, off, 0, ops);
            visitor.row(off, inner, n);
            for (int d = last - 1; d >= 0; d--) {
                idx[d]++;
                for (int k = 0; k < ops; k++) {
                    cur[k] += st[k][d];
                }
                if (idx[d] < sz[d]) {
                    break;
                }
                for (int k = 0; k < ops; k++) {
                    cur[k] -= st[k][d] * sz[d];
                }
                idx[d] = 0;
            }
        }
    }
}
