package dev.fovea.nn;

import dev.fovea.kernel.Parallel;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Weight initialisation, in place, from a seeded {@link Rng}: the classic N(0, 1) of early MLP code,
 * Xavier/Glorot, He/Kaiming, LeCun, constants, and the defaults PyTorch gives each layer. Fans follow PyTorch: for
 * a weight [out, in, *kernel], {@code fan_in = in * prod(kernel)} and {@code fan_out = out * prod(kernel)}.
 *
 * <p>Layers built without an explicit generator draw from {@link #defaultGenerator()}, which starts from a fixed
 * seed, so a program that builds the same model twice in a fresh JVM gets the same weights; {@link #manualSeed}
 * restarts it (like {@code torch.manual_seed}).
 */
public final class Init {
    /** Which fan the Kaiming variance preserves: forward activations (fan_in) or backward gradients (fan_out). */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** The nonlinearity a Kaiming or Xavier init is scaled for (PyTorch's {@code calculate_gain}). */
    public enum Nonlinearity { LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    private static final long DEFAULT_SEED = 0x5EED_F0FEAL;
    private static Rng defaultGenerator = new Rng(DEFAULT_SEED);

    private Init() {}

    /** The generator layers use when none is given. Not thread-safe: build models on one thread. */
    public static synchronized Rng defaultGenerator() {
        return defaultGenerator;
    }

    /** Restarts the default generator from {@code seed}. */
    public static synchronized void manualSeed(long seed) {
        defaultGenerator = new Rng(seed);
    }

    // ---------------------------------------------------------------- fans and gains

    /** {@code {fan_in, fan_out}} of a weight of the given shape (rank 2 or more, as in PyTorch). */
    public static int[] fans(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("init: fan in and fan out need a weight with at least 2 dimensions,"
                    + " got shape " + Arrays.toString(shape));
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new int[] {shape[1] * receptive, shape[0] * receptive};
    }

    /** PyTorch's {@code calculate_gain}; {@code param} is the negative slope for LEAKY_RELU. */
    public static double gain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
            case SELU -> 3.0 / 4.0;
        };
    }

    // ---------------------------------------------------------------- distributions

    public static Tensor uniform(Tensor t, double low, double high, Rng rng) {
        if (!(high >= low)) {
            throw new IllegalArgumentException("init uniform: expected low <= high, got [" + low + ", " + high + ")");
        }
        double range = high - low;
        fill(t, rng, (d, from, to, r) -> {
            for (int i = from; i < to; i++) {
                d[i] = (float) (low + range * r.nextDouble());
            }
        });
        return t;
    }

    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("init normal: expected std >= 0, got " + std);
        }
        fill(t, rng, (d, from, to, r) -> {
            for (int i = from; i < to; i++) {
                d[i] = (float) (mean + std * Ziggurat.next(r));
            }
        });
        return t;
    }

    /** Fills storage elements {@code [from, to)} from {@code rng}. */
    @FunctionalInterface
    private interface BlockFill {
        void fill(float[] data, int from, int to, Rng rng);
    }

    private static final int BLOCK = 1 << 16;

    /**
     * Initialising a large model (VGG's 138M weights) one value at a time takes seconds, so big tensors are cut into
     * fixed blocks of 64K values, each drawn from its own generator seeded in order from {@code rng}, and filled in
     * parallel. The values depend only on the seed and the shape, never on the thread count.
     */
    private static void fill(Tensor t, Rng rng, BlockFill f) {
        requireContiguous(t);
        float[] d = t.storage();
        int off = t.offset();
        int n = t.numel();
        t.bumpVersion();
        if (n <= BLOCK) {
            f.fill(d, off, off + n, rng);
            return;
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        long[] seeds = new long[blocks];
        for (int b = 0; b < blocks; b++) {
            seeds[b] = rng.nextLong();
        }
        Parallel.forRange(blocks, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                int from = off + b * BLOCK;
                f.fill(d, from, Math.min(from + BLOCK, off + n), new Rng(seeds[b]));
            }
        });
    }

    /** N(0, 1) for every value, as in the classic MLP code ({@code np.random.randn}). */
    public static Tensor gaussian(Tensor t, Rng rng) {
        return normal(t, 0, 1, rng);
    }

    public static Tensor constant(Tensor t, float value) {
        requireContiguous(t);
        Arrays.fill(t.storage(), t.offset(), t.offset() + t.numel(), value);
        return t.bumpVersion();
    }

    private static void requireContiguous(Tensor t) {
        if (!t.isContiguous()) {
            throw new IllegalArgumentException("init: expected a contiguous tensor (a parameter), got shape "
                    + Arrays.toString(t.shape()) + " with strides " + Arrays.toString(t.strides()));
        }
    }

    public static Tensor zeros(Tensor t) {
        return constant(t, 0f);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1f);
    }

    // ---------------------------------------------------------------- variance-scaling schemes

    /** Glorot uniform: U(-a, a) with {@code a = gain * sqrt(6 / (fan_in + fan_out))}. */
    public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
        int[] f = fans(t.shape());
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(t, -a, a, rng);
    }

    /** Glorot normal: N(0, std²) with {@code std = gain * sqrt(2 / (fan_in + fan_out))}. */
    public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
        int[] f = fans(t.shape());
        return normal(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
    }

    /** He uniform: U(-b, b) with {@code b = gain * sqrt(3 / fan)}; {@code a} is the leaky-ReLU slope. */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity,
            Rng rng) {
        double std = gain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, rng);
    }

    /** He normal: N(0, std²) with {@code std = gain / sqrt(fan)}. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity,
            Rng rng) {
        return normal(t, 0, gain(nonlinearity, a) / Math.sqrt(fan(t, mode)), rng);
    }

    /** LeCun normal: N(0, 1/fan_in) (the "improved" init of classic MLP code, and SELU's). */
    public static Tensor lecunNormal(Tensor t, Rng rng) {
        return normal(t, 0, 1.0 / Math.sqrt(fans(t.shape())[0]), rng);
    }

    /** LeCun uniform: U(-b, b) with {@code b = sqrt(3 / fan_in)}. */
    public static Tensor lecunUniform(Tensor t, Rng rng) {
        double b = Math.sqrt(3.0 / fans(t.shape())[0]);
        return uniform(t, -b, b, rng);
    }

    private static int fan(Tensor t, FanMode mode) {
        int[] f = fans(t.shape());
        int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        if (fan == 0) {
            throw new IllegalArgumentException("init kaiming: fan is 0 for a weight of shape "
                    + Arrays.toString(t.shape()) + "; cannot initialise an empty tensor");
        }
        return fan;
    }

    // ---------------------------------------------------------------- PyTorch layer defaults

    /**
     * PyTorch's default for Linear and Conv weights: {@code kaiming_uniform(a = sqrt(5))}, which works out to
     * U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
     */
    public static Tensor defaultWeight(Tensor weight, Rng rng) {
        return kaimingUniform(weight, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }

    /** PyTorch's default bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in taken from the weight. */
    public static Tensor defaultBias(Tensor bias, int[] weightShape, Rng rng) {
        int fanIn = fans(weightShape)[0];
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0;
        return uniform(bias, -bound, bound, rng);
    }
}
