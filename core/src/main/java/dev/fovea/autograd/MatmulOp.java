package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Matrix product with PyTorch's matmul rules (1-D operands as vectors, broadcast batch dims); also bmm.
 * Backward: dA = dOut·Bᵀ, dB = Aᵀ·dOut, summed over broadcast batch dims. The transposes are strided views that
 * sgemm reads through its transpose flags, never copies.
 */
final class MatmulOp extends Op {
    private MatmulOp(String name, Tensor a, Tensor b) {
        super(name, a, b);
    }

    static Tensor apply(String name, Tensor a, Tensor b) {
        Tensor out = name.equals("bmm") ? a.bmm(b) : a.matmul(b);
        return recording(a, b) ? record(out, new MatmulOp(name, a, b)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor a = inputs().get(0);
        Tensor b = inputs().get(1);
        Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = b.dim() == 1 ? b.unsqueeze(1) : b;
        int[] outShape = outShape(a2.shape(), b2.shape());
        Tensor g = dOut.reshape(outShape);
        if (wants(a)) {
            Tensor da = g.matmul(b2.transpose(-1, -2)).sumToSize(a2.shape());
            send(a, da.reshape(a.shape()));
        }
        if (wants(b)) {
            Tensor db = a2.transpose(-1, -2).matmul(g).sumToSize(b2.shape());
            send(b, db.reshape(b.shape()));
        }
    }

    private static int[] outShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank - 2; i++) {
            int ia = i - (rank - a.length);
            int ib = i - (rank - b.length);
            int da = ia >= 0 ? a[ia] : 1;
            int db = ib >= 0 ? b[ib] : 1;
            out[i] = da == 1 ? db : da;
        }
        out[rank - 2] = a[a.length - 2];
        out[rank - 1] = b[b.length - 1];
        return out;
    }

    @Override
    public String toString() {
        return name() + Arrays.toString(outShape(inputs().get(0).shape(), inputs().get(1).shape()));
    }
}
