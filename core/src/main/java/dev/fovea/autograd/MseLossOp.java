package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/** Mean squared error {@code (input - target)²}, averaged or summed over all elements; both inputs differentiable. */
final class MseLossOp extends Op {
    private final float[] diff;
    private final Reduction reduction;

    private MseLossOp(Tensor input, Tensor target, float[] diff, Reduction reduction) {
        super("mse_loss", input, target);
        this.diff = diff;
        this.reduction = reduction;
    }

    static Tensor apply(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("mse_loss", input, target);
        float[] a = input.data();
        float[] b = target.data();
        float[] diff = new float[a.length];
        double[] terms = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = a[i] - b[i];
            terms[i] = (double) diff[i] * diff[i];
        }
        Tensor loss = reduction.reduce(terms, input.shape());
        return recording(input, target) ? record(loss, new MseLossOp(input, target, diff, reduction)) : loss;
    }

    static void checkSameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": input and target must have the same shape, got "
                    + Arrays.toString(input.shape()) + " and " + Arrays.toString(target.shape()));
        }
    }

    @Override
    public void backward(Tensor dOut) {
        float[] scale = reduction.termScales(dOut, diff.length);
        float[] d = new float[diff.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2f * scale[i] * diff[i];
        }
        Tensor input = inputs().get(0);
        Tensor target = inputs().get(1);
        if (wants(target)) {
            float[] dt = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                dt[i] = -d[i];
            }
            send(target, new Tensor(dt, target.shape()));
        }
        send(input, new Tensor(d, input.shape()));
    }
}
