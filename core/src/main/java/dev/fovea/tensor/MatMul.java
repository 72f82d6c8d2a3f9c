package dev.fovea.tensor;

import dev.fovea.kernel.Kernels;
import java.util.Arrays;

/**
 * Matrix products on {@link Kernels#sgemm}. A matrix operand whose last two dims have strides (ld, 1) or (1, ld)
 * is passed as is, with the transpose flag in the second case, so transposed views are never materialised.
 * Batch dims broadcast like elementwise ops.
 */
final class MatMul {
    private MatMul() {}

    /** How sgemm should read one operand's matrices: the buffer, the transpose flag and the leading dimension. */
    record Operand(Tensor t, boolean trans, int ld) {
        static Operand of(Tensor t) {
            int r = t.dim();
            int rows = t.shapeRef()[r - 2];
            int cols = t.shapeRef()[r - 1];
            int rs = t.stridesRef()[r - 2];
            int cs = t.stridesRef()[r - 1];
            if ((cs == 1 || cols == 1) && rs >= Math.max(1, cols)) {
                return new Operand(t, false, Math.max(1, rs));
            }
            if ((rs == 1 || rows == 1) && cs >= Math.max(1, rows)) {
                return new Operand(t, true, Math.max(1, cs));
            }
            Tensor c = t.contiguous();
            return new Operand(c, false, Math.max(1, cols));
        }
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one dimension, got shapes "
                    + Arrays.toString(a.shapeRef()) + " and " + Arrays.toString(b.shapeRef())
                    + "; use mul for scalars");
        }
        boolean vecA = a.dim() == 1;
        boolean vecB = b.dim() == 1;
        Tensor a2 = vecA ? a.unsqueeze(0) : a;
        Tensor b2 = vecB ? b.unsqueeze(1) : b;
        Tensor out = batched("matmul", a2, b2, true);
        if (vecA) {
            out = out.squeeze(-2);
        }
        if (vecB) {
            out = out.squeeze(-1);
        }
        return out;
    }

    static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3 || b.dim() != 3 || a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("bmm: expected [B, M, K] and [B, K, N] with the same B, got "
                    + Arrays.toString(a.shapeRef()) + " and " + Arrays.toString(b.shapeRef()));
        }
        return batched("bmm", a, b, false);
    }

    /** a [..., M, K] x b [..., K, N] with broadcast batch dims. */
    private static Tensor batched(String op, Tensor a, Tensor b, boolean broadcast) {
        int[] as = a.shapeRef();
        int[] bs = b.shapeRef();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException(op + ": inner dimensions differ: " + Arrays.toString(as) + " x "
                    + Arrays.toString(bs) + " (" + k + " vs " + bs[bs.length - 2] + ")");
        }
        int[] aBatch = Arrays.copyOf(as, as.length - 2);
        int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = broadcast ? Strided.broadcastShapes(op, aBatch, bBatch) : aBatch;
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] c = new float[Tensor.numel(outShape)];
        Tensor out = new Tensor(c, outShape);
        if (c.length == 0) {
            return out;
        }
        // common case in layers: [..., M, K] x [K, N] with contiguous a is one big GEMM of (batch*M) rows
        if (bBatch.length == 0 && a.isContiguous()) {
            Operand ob = Operand.of(b);
            int rows = c.length / n;
            Kernels.get().sgemm(false, ob.trans(), rows, n, k, 1f, a.storage(), a.offset(), Math.max(1, k),
                    ob.t().storage(), ob.t().offset(), ob.ld(), 0f, c, 0, n);
            return out;
        }
        Operand oa = Operand.of(a);
        Operand ob = Operand.of(b);
        int[] aStr = batchStrides(op, oa.t(), batch);
        int[] bStr = batchStrides(op, ob.t(), batch);
        int count = Tensor.numel(batch);
        int[] idx = new int[batch.length];
        for (int i = 0; i < count; i++) {
            int ao = oa.t().offset();
            int bo = ob.t().offset();
            for (int d = 0; d < batch.length; d++) {
                ao += idx[d] * aStr[d];
                bo += idx[d] * bStr[d];
            }
            Kernels.get().sgemm(oa.trans(), ob.trans(), m, n, k, 1f, oa.t().storage(), ao, oa.ld(),
                    ob.t().storage(), bo, ob.ld(), 0f, c, i * m * n, n);
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Strides of t's batch dims broadcast to {@code batch} (0 where t has size 1 or lacks the dim). */
    private static int[] batchStrides(String op, Tensor t, int[] batch) {
        int r = t.dim() - 2;
        int[] shape = Arrays.copyOf(t.shapeRef(), r);
        int[] strides = Arrays.copyOf(t.stridesRef(), r);
        return Strided.broadcastStrides(op, new Tensor(t.storage(), t.offset(), shape, strides), batch);
    }
}
