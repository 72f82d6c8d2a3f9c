package dev.fovea.nn;

import java.util.Arrays;

/**
 * Convolution padding: explicit symmetric amounts per spatial dimension, {@code same} (output size equals input
 * size at stride 1; an odd total puts the extra cell at the end, as PyTorch does) or {@code valid} (none).
 */
public record Padding(Mode mode, int[] values) {
    public enum Mode { EXPLICIT, SAME, VALID }

    public Padding {
        if (mode == null) {
            throw new IllegalArgumentException("padding: mode must not be null");
        }
        values = values == null ? new int[0] : values.clone();
        for (int v : values) {
            if (v < 0) {
                throw new IllegalArgumentException("padding: expected amounts >= 0, got " + Arrays.toString(values));
            }
        }
        if (mode == Mode.EXPLICIT && values.length == 0) {
            throw new IllegalArgumentException("padding: explicit padding needs at least one amount");
        }
    }

    /** Symmetric padding; one value applies to every spatial dimension. */
    public static Padding of(int... values) {
        return new Padding(Mode.EXPLICIT, values);
    }

    public static Padding same() {
        return new Padding(Mode.SAME, null);
    }

    public static Padding valid() {
        return new Padding(Mode.VALID, null);
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    /** {@code {padBegin, padEnd}} for the given kernel and dilation (one entry per spatial dimension). */
    int[][] resolve(int[] kernel, int[] dilation) {
        int d = kernel.length;
        int[] begin = new int[d];
        int[] end = new int[d];
        for (int i = 0; i < d; i++) {
            switch (mode) {
                case EXPLICIT -> {
                    begin[i] = values.length == 1 ? values[0] : values[i];
                    end[i] = begin[i];
                }
                case SAME -> {
                    int total = dilation[i] * (kernel[i] - 1);
                    begin[i] = total / 2;
                    end[i] = total - begin[i];
                }
                case VALID -> { }
            }
        }
        return new int[][] {begin, end};
    }

    @Override
    public String toString() {
        return switch (mode) {
            case EXPLICIT -> Arrays.toString(values);
            case SAME -> "'same'";
            case VALID -> "'valid'";
        };
    }
}
