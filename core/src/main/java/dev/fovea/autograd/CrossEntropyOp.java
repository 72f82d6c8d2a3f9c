package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy fused with log-softmax: logits [N, C], integer targets [N], optional label smoothing ε:
 * {@code loss_i = (1-ε)(-logp[i, t_i]) + ε mean_c(-logp[i, c])}. Targets equal to {@code ignoreIndex} add
 * nothing and do not count towards the mean. Backward is {@code scale_i (softmax - (1-ε) onehot - ε/C)} from the
 * saved probabilities, one pass, no softmax graph.
 */
final class CrossEntropyOp extends Op {
    /** PyTorch's default ignore_index: no valid class has it. */
    static final int NO_IGNORE = -100;

    private final float[] prob;
    private final int[] target;
    private final int c;
    private final Reduction reduction;
    private final float smoothing;
    private final int ignoreIndex;
    private final int count;

    private CrossEntropyOp(Tensor logits, float[] prob, int[] target, Reduction reduction, float smoothing,
            int ignoreIndex, int count) {
        super("cross_entropy", logits);
        this.prob = prob;
        this.target = target;
        this.c = logits.size(1);
        this.reduction = reduction;
        this.smoothing = smoothing;
        this.ignoreIndex = ignoreIndex;
        this.count = count;
    }

    static Tensor apply(Tensor logits, int[] target, Reduction reduction, float labelSmoothing, int ignoreIndex) {
        int[] shape = logits.shape();
        int count = checkTargets("cross_entropy", shape, target, ignoreIndex);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        int n = shape[0];
        int c = shape[1];
        float[] x = logits.data();
        // softmax probabilities in one exp per element; log p is only needed at the target and summed over the
        // row (for smoothing), and both follow from the row's max and log-sum-exp
        float[] prob = new float[x.length];
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            int row = i * c;
            float max = Float.NEGATIVE_INFINITY;
            double rowSum = 0;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, x[row + k]);
                rowSum += x[row + k];
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                float e = (float) Math.exp(x[row + k] - max);
                prob[row + k] = e;
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int k = 0; k < c; k++) {
                prob[row + k] *= inv;
            }
            if (target[i] == ignoreIndex) {
                continue;
            }
            double lse = max + Math.log(sum);
            double nll = lse - x[row + target[i]];
            double meanNll = lse - rowSum / c;
            terms[i] = (1 - labelSmoothing) * nll + labelSmoothing * meanNll;
        }
        Tensor loss = reduction.reduce(terms, new int[] {n}, count);
        return recording(logits)
                ? record(loss, new CrossEntropyOp(logits, prob, target.clone(), reduction, labelSmoothing,
                        ignoreIndex, count))
                : loss;
    }

    /** Input [N, C] and N targets, each in [0, C) or equal to ignoreIndex; returns how many are not ignored. */
    static int checkTargets(String op, int[] shape, int[] target, int ignoreIndex) {
        if (shape.length != 2) {
            throw new IllegalArgumentException(op + ": expected input [N, C], got shape " + Arrays.toString(shape)
                    + "; flatten extra dims first");
        }
        if (target.length != shape[0]) {
            throw new IllegalArgumentException(op + ": expected " + shape[0] + " targets for input "
                    + Arrays.toString(shape) + ", got " + target.length);
        }
        int count = 0;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == ignoreIndex) {
                continue;
            }
            if (target[i] < 0 || target[i] >= shape[1]) {
                throw new IllegalArgumentException(op + ": target " + i + " is " + target[i] + ", outside the "
                        + shape[1] + " classes [0, " + shape[1] + ")"
                        + (ignoreIndex != NO_IGNORE ? " and not the ignore_index " + ignoreIndex : ""));
            }
            count++;
        }
        return count;
    }

    @Override
    public void backward(Tensor dOut) {
        int n = target.length;
        float[] scale = reduction.termScales(dOut, n, count);
        float[] dx = new float[prob.length];
        float uniform = smoothing / c;
        float hit = 1 - smoothing;
        for (int i = 0; i < n; i++) {
            if (target[i] == ignoreIndex) {
                continue;
            }
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
