package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.List;

/** Concatenation along a dim; each input's gradient is its own slice of dOut. */
final class ConcatOp extends Op {
    private final int dim;

    private ConcatOp(List<Tensor> parts, int dim) {
        super("concat", parts.toArray(new Tensor[0]));
        this.dim = dim;
    }

    static Tensor apply(List<Tensor> parts, int dim) {
        Tensor out = Tensor.concat(parts, dim);
        int d = Tensor.normalizeDim(dim, out.dim(), "concat");
        return recording(parts.toArray(new Tensor[0])) ? record(out, new ConcatOp(parts, d)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        int at = 0;
        for (Tensor p : inputs()) {
            int len = p.size(dim);
            if (wants(p)) {
                // a view into dOut: accumulateGrad copies views, so no buffer is shared
                send(p, dOut.narrow(dim, at, len));
            }
            at += len;
        }
    }
}
