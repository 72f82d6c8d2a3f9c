package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * Binary cross-entropy on logits, in the stable form {@code max(z,0) - z t + log(1 + exp(-|z|))}; soft targets
 * allowed. d/dz = σ(z) - t, d/dt = -z.
 */
final class BceWithLogitsOp extends Op {
    private final Reduction reduction;

    private BceWithLogitsOp(Tensor logits, Tensor target, Reduction reduction) {
        super("bce_with_logits", logits, target);
        this.reduction = reduction;
    }

    static Tensor apply(Tensor logits, Tensor target, Reduction reduction) {
        MseLossOp.checkSameShape("bce_with_logits", logits, target);
        float[] z = logits.data();
        float[] t = target.data();
        double[] terms = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double v = z[i];
            terms[i] = Math.max(v, 0) - v * t[i] + Math.log1p(Math.exp(-Math.abs(v)));
        }
        Tensor loss = reduction.reduce(terms, logits.shape());
        return recording(logits, target) ? record(loss, new BceWithLogitsOp(logits, target, reduction)) : loss;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor logits = inputs().get(0);
        Tensor target = inputs().get(1);
        float[] z = logits.data();
        float[] t = target.data();
        float[] scale = reduction.termScales(dOut, z.length);
        if (wants(target)) {
            float[] dt = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                dt[i] = -scale[i] * z[i];
            }
            send(target, new Tensor(dt, target.shape()));
        }
        if (wants(logits)) {
            float[] dz = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                dz[i] = scale[i] * (PointwiseOp.sigmoid(z[i]) - t[i]);
            }
            send(logits, new Tensor(dz, logits.shape()));
        }
    }
}
