package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/** Negative log-likelihood of log-probabilities [N, C] at integer targets: {@code loss_i = -input[i, t_i]}. */
final class NllLossOp extends Op {
    private final int[] target;
    private final int c;
    private final Reduction reduction;

    private NllLossOp(Tensor input, int[] target, int c, Reduction reduction) {
        super("nll_loss", input);
        this.target = target;
        this.c = c;
        this.reduction = reduction;
    }

    static Tensor apply(Tensor input, int[] target, Reduction reduction) {
        int[] shape = input.shape();
        CrossEntropyOp.checkTargets("nll_loss", shape, target);
        int n = shape[0];
        int c = shape[1];
        float[] x = input.data();
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            terms[i] = -x[i * c + target[i]];
        }
        Tensor loss = reduction.reduce(terms, new int[] {n});
        return recording(input) ? record(loss, new NllLossOp(input, target.clone(), c, reduction)) : loss;
    }

    @Override
    public void backward(Tensor dOut) {
        int n = target.length;
        float[] scale = reduction.termScales(dOut, n);
        float[] dx = new float[n * c];
        for (int i = 0; i < n; i++) {
            dx[i * c + target[i]] = -scale[i];
        }
        send(inputs().get(0), new Tensor(dx, n, c));
    }
}
