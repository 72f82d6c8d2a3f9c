package dev.fovea.autograd;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.function.Function;

/**
 * One gradient-check case: a differentiable function of some input tensors (every non-null input is a leaf that
 * requires grad; constants such as targets are captured by the function) and the finite-difference settings.
 * The function must be deterministic (seed any randomness inside it).
 *
 * @param eps central-difference step, in the inputs' units
 * @param rtol relative tolerance against the numeric gradient
 * @param atol absolute tolerance
 */
record GradCase(String name, Function<Tensor[], Tensor> fn, Tensor[] inputs, double eps, double rtol, double atol) {
    static final double EPS = 3e-3;
    static final double RTOL = 1e-2;
    static final double ATOL = 1e-3;

    static GradCase of(String name, Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return new GradCase(name, fn, inputs, EPS, RTOL, ATOL);
    }

    /** The same case with other finite-difference settings (e.g. larger eps for long reductions). */
    GradCase tolerance(double eps, double rtol, double atol) {
        return new GradCase(name, fn, inputs, eps, rtol, atol);
    }

    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- input generators (seeded)

    /** Uniform in [-1, 1). */
    static Tensor random(long seed, int... shape) {
        return Tensor.uniform(new Rng(seed), -1f, 1f, shape);
    }

    /** Uniform in [lo, hi). */
    static Tensor uniform(long seed, float lo, float hi, int... shape) {
        return Tensor.uniform(new Rng(seed), lo, hi, shape);
    }

    /** Uniform in ±[margin, 1): keeps kinks at 0 (relu, abs) out of the finite-difference stencil. */
    static Tensor awayFromZero(long seed, float margin, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            float m = margin + (1 - margin) * rng.nextFloat();
            d[i] = rng.nextFloat() < 0.5f ? -m : m;
        }
        return new Tensor(d, shape);
    }

    /** A shuffled ladder of values 0.05 apart: no ties, so max/argmax stay put under perturbation. */
    static Tensor distinct(long seed, int... shape) {
        int n = Tensor.numel(shape);
        int[] perm = new Rng(seed).permutation(n);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (perm[i] - n / 2f) * 0.05f;
        }
        return new Tensor(d, shape);
    }
}
