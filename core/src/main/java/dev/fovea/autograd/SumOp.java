package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/** Sum (or, with {@code mean}, average) over dims; backward broadcasts dOut back over the reduced dims. */
final class SumOp extends Op {
    private final int[] inShape;
    private final int[] keptShape;
    private final float scale;

    private SumOp(String name, Tensor x, int[] keptShape, float scale) {
        super(name, x);
        this.inShape = x.shape();
        this.keptShape = keptShape;
        this.scale = scale;
    }

    /** Sum over {@code dims} (empty: all dims). */
    static Tensor apply(Tensor x, int[] dims, boolean keepdim, boolean mean) {
        String name = mean ? "mean" : "sum";
        Tensor kept = x.sum(dims, true);
        float scale = 1f;
        if (mean) {
            int count = kept.numel() == 0 ? 0 : x.numel() / kept.numel();
            scale = 1f / count;
            kept.mulInPlace(scale);
        }
        Tensor out = keepdim ? kept : kept.reshape(reducedShape(x.shape(), dims, name));
        return recording(x) ? record(out, new SumOp(name, x, kept.shape(), scale)) : out;
    }

    private static int[] reducedShape(int[] shape, int[] dims, String op) {
        boolean[] mask = new boolean[shape.length];
        if (dims.length == 0) {
            Arrays.fill(mask, true);
        }
        for (int d : dims) {
            mask[Tensor.normalizeDim(d, shape.length, op)] = true;
        }
        int n = 0;
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i]) {
                out[n++] = shape[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor g = dOut.reshape(keptShape).expand(inShape);
        Tensor dx = Tensor.zeros(inShape);
        dx.copyFrom(g);
        if (scale != 1f) {
            dx.mulInPlace(scale);
        }
        send(inputs().get(0), dx);
    }
}
