package dev.fovea.autograd;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the survivors are scaled by
 * 1/(1-p), so evaluation needs no rescaling. The mask (0 or 1/(1-p) per element) is kept for backward.
 */
final class DropoutOp extends Op {
    private final float[] mask;

    private DropoutOp(Tensor x, float[] mask) {
        super("dropout", x);
        this.mask = mask;
    }

    static Tensor apply(Tensor x, float p, boolean training, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        }
        if (!training || p == 0f) {
            return x;
        }
        if (rng == null) {
            throw new IllegalArgumentException("dropout: training needs a random generator, got null; pass a seeded"
                    + " Rng (e.g. new Rng(seed)) so runs are reproducible");
        }
        float[] xs = x.data();
        float[] mask = new float[xs.length];
        float keep = p == 1f ? 0f : 1f / (1f - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() < p ? 0f : keep;
        }
        float[] ys = new float[xs.length];
        dev.fovea.kernel.Kernels.get().mul(xs.length, xs, 0, mask, 0, ys, 0);
        Tensor y = new Tensor(ys, x.shape());
        return recording(x) ? record(y, new DropoutOp(x, mask)) : y;
    }

    @Override
    public void backward(Tensor dOut) {
        float[] g = dOut.data();
        // the node owns dOut's buffer: overwrite it in place instead of allocating
        dev.fovea.kernel.Kernels.get().mul(g.length, g, 0, mask, 0, g, 0);
        send(inputs().get(0), new Tensor(g, inputs().get(0).shape()));
    }
}
