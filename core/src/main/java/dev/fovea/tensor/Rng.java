package dev.fovea.tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A seeded random number generator: xoshiro256** (Blackman and Vigna) seeded through SplitMix64, with normal
 * deviates from the Box-Muller transform. It is small, fast and has a 256-bit state that {@link #state()} and
 * {@link #setState(long[])} save and restore exactly, so a resumed training run draws the same numbers as an
 * uninterrupted one (including a cached second Box-Muller deviate).
 *
 * <p>It is a {@link RandomGenerator}, so it plugs into APIs that take one. Not thread-safe: give each thread or
 * data-loader worker its own, e.g. from {@link #fork()}.
 */
public final class Rng implements RandomGenerator {
    /** Length of the array {@link #state()} returns. */
    public static final int STATE_LENGTH = 6;

    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private boolean hasSpare;
    private double spare;

    public Rng(long seed) {
        reseed(seed);
    }

    /** Restarts the sequence as if this generator had just been created with {@code seed}. */
    public void reseed(long seed) {
        long x = seed;
        // SplitMix64 spreads any seed (even 0) over the four state words; xoshiro must not start all-zero
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
        hasSpare = false;
        spare = 0;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 uniformly random bits. */
    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 24 random bits (every float32 step of that range). */
    @Override
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound); unbiased (rejection sampling on the 32-bit multiply-shift). */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long r = nextLong() >>> 32;
            long m = r * bound;
            if ((m & 0xFFFFFFFFL) >= threshold) {
                return (int) (m >>> 32);
            }
        }
    }

    /** Uniform in [low, high). */
    @Override
    public int nextInt(int low, int high) {
        if (high <= low) {
            throw new IllegalArgumentException("Rng.nextInt: expected low < high, got [" + low + ", " + high + ")");
        }
        return low + nextInt(high - low);
    }

    /** A standard normal deviate (mean 0, standard deviation 1). */
    @Override
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        // Box-Muller: 1 - u keeps the log argument in (0, 1]
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        double theta = 2.0 * Math.PI * u2;
        spare = r * Math.sin(theta);
        hasSpare = true;
        return r * Math.cos(theta);
    }

    /** A new generator seeded from this one's stream: for workers that need independent sequences. */
    public Rng fork() {
        return new Rng(nextLong());
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A random permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** The complete state, for checkpoints: {@link #STATE_LENGTH} longs. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
    }

    /** Restores a state from {@link #state()}; the sequence continues exactly where that one was taken. */
    public void setState(long[] state) {
        if (state == null || state.length != STATE_LENGTH) {
            throw new IllegalArgumentException("Rng.setState: expected " + STATE_LENGTH + " longs from state(), got "
                    + (state == null ? "null" : state.length));
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("Rng.setState: an all-zero xoshiro state is invalid"
                    + " (corrupt checkpoint?)");
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        hasSpare = state[4] != 0;
        spare = Double.longBitsToDouble(state[5]);
    }

    @Override
    public String toString() {
        return "Rng" + Arrays.toString(state());
    }
}
