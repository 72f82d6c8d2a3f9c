package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;
import dev.fovea.tensor.Rng;

/**
 * Channel dropout: in training each (sample, channel) plane of [N, C, *] is zeroed with probability {@code p},
 * and the survivors are scaled by {@code 1/(1-p)} so the expected value is unchanged. Backward applies the same
 * per-plane factors.
 */
final class Dropout2dOp extends Op {
    private final Tensor input;
    private final float[] factor;
    private final int planeSize;

    private Dropout2dOp(Tensor input, float[] factor, int planeSize) {
        super("dropout2d", input);
        this.input = input;
        this.factor = factor;
        this.planeSize = planeSize;
    }

    static Tensor apply(Tensor x, double p, boolean training, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout2d: p must be in [0, 1], got " + p);
        }
        if (x.dim() < 3) {
            throw new IllegalArgumentException("dropout2d: expected an input [N, C, *] of rank >= 3, got shape "
                    + Arrays.toString(x.shape()));
        }
        if (!training || p == 0) {
            return x;
        }
        int planes = x.size(0) * x.size(1);
        int planeSize = x.numel() / Math.max(1, planes);
        float keep = (float) (p == 1 ? 0 : 1 / (1 - p));
        float[] factor = new float[planes];
        for (int i = 0; i < planes; i++) {
            factor[i] = rng.nextDouble() < p ? 0f : keep;
        }
        float[] out = scale(x.data(), factor, planeSize);
        Tensor y = new Tensor(out, x.shape());
        return recording(x) ? record(y, new Dropout2dOp(x, factor, planeSize)) : y;
    }

    private static float[] scale(float[] in, float[] factor, int planeSize) {
        float[] out = new float[in.length];
        for (int pl = 0; pl < factor.length; pl++) {
            float f = factor[pl];
            if (f == 0f) {
                continue;
            }
            for (int i = pl * planeSize, end = i + planeSize; i < end; i++) {
                out[i] = in[i] * f;
            }
        }
        return out;
    }

    @Override
    public void backward(Tensor dOut) {
        if (wants(input)) {
            send(input, new Tensor(scale(dOut.data(), factor, planeSize), input.shape()));
        }
    }
}
