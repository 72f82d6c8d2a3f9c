package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy fused with log-softmax: logits [N, C], integer targets [N], optional label smoothing ε:
 * {@code loss_i = (1-ε)(-logp[i, t_i]) + ε mean_c(-logp[i, c])}. Backward is
 * {@code scale_i (softmax - (1-ε) onehot - ε/C)} from the saved probabilities, one pass, no softmax graph.
 */
final class CrossEntropyOp extends Op {
    private final float[] prob;
    private final int[] target;
    private final int c;
    private final Reduction reduction;
    private final float smoothing;

    private CrossEntropyOp(Tensor logits, float[] prob, int[] target, int c, Reduction reduction, float smoothing) {
        super("cross_entropy", logits);
        this.prob = prob;
        this.target = target;
        this.c = c;
        this.reduction = reduction;
        this.smoothing = smoothing;
    }

    static Tensor apply(Tensor logits, int[] target, Reduction reduction, float labelSmoothing) {
        int[] shape = logits.shape();
        checkTargets("cross_entropy", shape, target);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        int n = shape[0];
        int c = shape[1];
        float[] x = logits.data();
        float[] logp = new float[x.length];
        SoftmaxKernel.forward(x, logp, n, c, 1, true);
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            int row = i * c;
            double nll = -logp[row + target[i]];
            double all = 0;
            if (labelSmoothing > 0) {
                for (int k = 0; k < c; k++) {
                    all -= logp[row + k];
                }
            }
            terms[i] = (1 - labelSmoothing) * nll + labelSmoothing * all / c;
        }
        Tensor loss = reduction.reduce(terms, new int[] {n});
        if (!recording(logits)) {
            return loss;
        }
        for (int i = 0; i < logp.length; i++) {
            logp[i] = (float) Math.exp(logp[i]);
        }
        return record(loss, new CrossEntropyOp(logits, logp, target.clone(), c, reduction, labelSmoothing));
    }

    /** Logits [N, C] and N targets in [0, C). */
    static void checkTargets(String op, int[] shape, int[] target) {
        if (shape.length != 2) {
            throw new IllegalArgumentException(op + ": expected input [N, C], got shape " + Arrays.toString(shape)
                    + "; flatten extra dims first");
        }
        if (target.length != shape[0]) {
            throw new IllegalArgumentException(op + ": expected " + shape[0] + " targets for input "
                    + Arrays.toString(shape) + ", got " + target.length);
        }
        for (int i = 0; i < target.length; i++) {
            if (target[i] < 0 || target[i] >= shape[1]) {
                throw new IllegalArgumentException(op + ": target " + i + " is " + target[i] + ", outside the "
                        + shape[1] + " classes [0, " + shape[1] + ")");
            }
        }
    }

    @Override
    public void backward(Tensor dOut) {
        int n = target.length;
        float[] scale = reduction.termScales(dOut, n);
        float[] dx = new float[prob.length];
        float uniform = smoothing / c;
        float hit = 1 - smoothing;
        for (int i = 0; i < n; i++) {
            int row = i * c;
            float s = scale[i];
            for (int k = 0; k < c; k++) {
                dx[row + k] = s * (prob[row + k] - uniform);
            }
            dx[row + target[i]] -= s * hit;
        }
        send(inputs().get(0), new Tensor(dx, n, c));
    }
}
