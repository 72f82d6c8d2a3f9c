package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities [N, C] at integer targets: {@code loss_i = -input[i, t_i]};
 * targets equal to {@code ignoreIndex} add nothing and do not count towards the mean.
 */
final class NllLossOp extends Op {
    private final int[] target;
    private final int c;
    private final Reduction reduction;
    private final int ignoreIndex;
    private final int count;

    private NllLossOp(Tensor input, int[] target, Reduction reduction, int ignoreIndex, int count) {
        super("nll_loss", input);
        this.target = target;
        this.c = input.size(1);
        this.reduction = reduction;
        this.ignoreIndex = ignoreIndex;
        this.count = count;
    }

    static Tensor apply(Tensor input, int[] target, Reduction reduction, int ignoreIndex) {
        int[] shape = input.shape();
        int count = CrossEntropyOp.checkTargets("nll_loss", shape, target, ignoreIndex);
        int n = shape[0];
        int c = shape[1];
        float[] x = input.data();
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            terms[i] = target[i] == ignoreIndex ? 0 : -x[i * c + target[i]];
        }
        Tensor loss = reduction.reduce(terms, new int[] {n}, count);
        return recording(input)
                ? record(loss, new NllLossOp(input, target.clone(), reduction, ignoreIndex, count))
                : loss;
    }

    @Override
    public void backward(Tensor dOut) {
        int n = target.length;
        float[] scale = reduction.termScales(dOut, n, count);
        float[] dx = new float[n * c];
        for (int i = 0; i < n; i++) {
            if (target[i] != ignoreIndex) {
                dx[i * c + target[i]] = -scale[i];
            }
        }
        send(inputs().get(0), new Tensor(dx, n, c));
    }
}
