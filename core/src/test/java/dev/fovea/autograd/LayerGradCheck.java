package dev.fovea.autograd;

import static org.junit.jupiter.api.Assertions.fail;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Central-difference gradient check for the layer ops: compares the analytic vector-Jacobian product of a random
 * upstream gradient with {@code (L(x + h) - L(x - h)) / 2h}, where {@code L = sum(y * r)}, for (a sample of) every
 * element of every input.
 */
final class LayerGradCheck {
    private LayerGradCheck() {}

    static Tensor random(long seed, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return new Tensor(d, shape);
    }

    /** Values spread apart (no ties within 0.05), for max pooling. */
    static Tensor distinct(long seed, int... shape) {
        int n = Tensor.numel(shape);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Rng rng = new Rng(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (perm[i] - n / 2f) * 0.05f;
        }
        return new Tensor(d, shape);
    }

    static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(name, 1e-2, 2e-2, 2e-3, f, inputs);
    }

    static void check(String name, double h, double rtol, double atol, Function<Tensor[], Tensor> f,
            Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i] == null ? null : Tensor.of(inputs[i].toArray(), inputs[i].shape()).requiresGrad(true);
        }
        Tensor y = f.apply(leaves);
        Tensor r = random(99, y.shape());
        y.backward(r);
        float[] rv = r.toArray();
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i] == null) {
                continue;
            }
            Tensor g = leaves[i].grad();
            if (g == null) {
                fail(name + ": input " + i + " got no gradient");
            }
            float[] analytic = g.toArray();
            float[] x = leaves[i].storage();
            int step = Math.max(1, x.length / 80);
            for (int j = 0; j < x.length; j += step) {
                float saved = x[j];
                x[j] = (float) (saved + h);
                double lp = loss(f, leaves, rv);
                x[j] = (float) (saved - h);
                double lm = loss(f, leaves, rv);
                x[j] = saved;
                double numeric = (lp - lm) / (2 * h);
                if (Math.abs(analytic[j] - numeric) > atol + rtol * Math.abs(numeric)) {
                    fail(name + ": input " + i + " " + Arrays.toString(leaves[i].shape()) + " element " + j
                            + ": analytic " + analytic[j] + " vs numeric " + numeric);
                }
            }
        }
    }

    private static double loss(Function<Tensor[], Tensor> f, Tensor[] leaves, float[] r) {
        try (var scope = GradMode.noGrad()) {
            float[] y = f.apply(leaves).toArray();
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) y[i] * r[i];
            }
            return s;
        }
    }
}
