package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * Binary cross-entropy on probabilities p in [0, 1]: {@code -(t log p + (1-t) log(1-p))}, each log clamped at -100
 * as PyTorch does so p = 0 or 1 gives a finite loss. Prefer {@link BceWithLogitsOp}, which is stable.
 */
final class BceOp extends Op {
    private static final double LOG_FLOOR = -100;
    private static final double EPS = 1e-12;

    private final Reduction reduction;

    private BceOp(Tensor input, Tensor target, Reduction reduction) {
        super("bce", input, target);
        this.reduction = reduction;
    }

    static Tensor apply(Tensor input, Tensor target, Reduction reduction) {
        MseLossOp.checkSameShape("binary_cross_entropy", input, target);
        float[] p = input.data();
        float[] t = target.data();
        double[] terms = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("binary_cross_entropy: input " + i + " is " + p[i]
                        + ", not a probability in [0, 1]; apply sigmoid first or use bceWithLogits");
            }
            double lp = Math.max(Math.log(p[i]), LOG_FLOOR);
            double lq = Math.max(Math.log1p(-p[i]), LOG_FLOOR);
            terms[i] = -(t[i] * lp + (1 - t[i]) * lq);
        }
        Tensor loss = reduction.reduce(terms, input.shape());
        return recording(input, target) ? record(loss, new BceOp(input, target, reduction)) : loss;
    }

    @Override
    public void backward(Tensor dOut) {
        Tensor input = inputs().get(0);
        Tensor target = inputs().get(1);
        float[] p = input.data();
        float[] t = target.data();
        float[] scale = reduction.termScales(dOut, p.length);
        if (wants(target)) {
            float[] dt = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                dt[i] = (float) (-scale[i] * (Math.max(Math.log(p[i]), LOG_FLOOR)
                        - Math.max(Math.log1p(-p[i]), LOG_FLOOR)));
            }
            send(target, new Tensor(dt, target.shape()));
        }
        if (wants(input)) {
            float[] dp = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                double pi = p[i];
                dp[i] = (float) (scale[i] * (pi - t[i]) / Math.max(pi * (1 - pi), EPS));
            }
            send(input, new Tensor(dp, input.shape()));
        }
    }
}
