package dev.fovea.tensor;

import java.util.Arrays;

/**
 * The bodies of {@link Tensor}'s factories that do more than wrap an array: tensors from nested rows, ranges,
 * the identity, and draws from a seeded {@link Rng}.
 */
final class Creation {
    private Creation() {}

    static Tensor full(float value, int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape);
    }

    static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length
                        + " values but row 0 has " + cols + "; rows must have equal length");
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(d, rows.length, cols);
    }

    static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)) {
            throw new IllegalArgumentException("arange: expected finite start, end and a non-zero step, got start="
                    + start + " end=" + end + " step=" + step);
        }
        int n = (int) Math.max(0, Math.ceil(((double) end - start) / step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (start + (double) i * step);
        }
        return new Tensor(d, n);
    }

    static Tensor eye(int n) {
        Tensor t = Tensor.zeros(n, n);
        float[] d = t.storage();
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1f;
        }
        return t;
    }

    static Tensor uniform(Rng rng, float low, float high, int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        float range = high - low;
        for (int i = 0; i < d.length; i++) {
            d[i] = low + range * rng.nextFloat();
        }
        return new Tensor(d, shape);
    }

    static Tensor normal(Rng rng, float mean, float std, int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + std * rng.nextGaussian());
        }
        return new Tensor(d, shape);
    }

    static Tensor randint(Rng rng, int low, int high, int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(low, high);
        }
        return new Tensor(d, shape);
    }
}
