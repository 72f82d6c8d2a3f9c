package dev.fovea.simd;

/**
 * Grow-only scratch buffers, one set per thread, so convolution and pooling never allocate per call once warm.
 * Two holders exist: {@link #worker()} for the loop bodies that run on pool threads, and {@link #caller()} for
 * buffers the calling thread shares with its workers (packed weights, per-chunk partial sums); they are distinct
 * so a body that runs inline on the calling thread never clobbers what the caller handed it.
 */
final class SimdConvWorkspace {
    private static final ThreadLocal<SimdConvWorkspace> WORKER = ThreadLocal.withInitial(SimdConvWorkspace::new);
    private static final ThreadLocal<SimdConvWorkspace> CALLER = ThreadLocal.withInitial(SimdConvWorkspace::new);

    private float[] source = new float[0];
    private float[] wide = new float[0];
    private float[] weights = new float[0];
    private int[] offsets = new int[0];
    private float[] zeros = new float[0];
    private float[] padded = new float[0];
    private float[][] partials = new float[0][];
    private float[][] biasPartials = new float[0][];

    static SimdConvWorkspace worker() {
        return WORKER.get();
    }

    static SimdConvWorkspace caller() {
        return CALLER.get();
    }

    float[] source(int n) {
        if (source.length < n) {
            source = new float[grow(n)];
        }
        return source;
    }

    float[] wide(int n) {
        if (wide.length < n) {
            wide = new float[grow(n)];
        }
        return wide;
    }

    float[] weights(int n) {
        if (weights.length < n) {
            weights = new float[grow(n)];
        }
        return weights;
    }

    /** A zero-padded copy of an image (contents unspecified). */
    float[] padded(int n) {
        if (padded.length < n) {
            padded = new float[grow(n)];
        }
        return padded;
    }

    /** At least n zeros; callers must not write into it. */
    float[] zeros(int n) {
        if (zeros.length < n) {
            zeros = new float[grow(n)];
        }
        return zeros;
    }

    int[] offsets(int n) {
        if (offsets.length < n) {
            offsets = new int[grow(n)];
        }
        return offsets;
    }

    /** Per-chunk partial-sum buffer {@code chunk}, at least n floats (contents unspecified). */
    float[] partial(int chunk, int n) {
        if (partials.length <= chunk) {
            partials = java.util.Arrays.copyOf(partials, chunk + 1);
        }
        if (partials[chunk] == null || partials[chunk].length < n) {
            partials[chunk] = new float[grow(n)];
        }
        return partials[chunk];
    }

    float[] biasPartial(int chunk, int n) {
        if (biasPartials.length <= chunk) {
            biasPartials = java.util.Arrays.copyOf(biasPartials, chunk + 1);
        }
        if (biasPartials[chunk] == null || biasPartials[chunk].length < n) {
            biasPartials[chunk] = new float[grow(n)];
        }
        return biasPartials[chunk];
    }

    /** A little headroom so slowly growing sizes do not reallocate every call. */
    private static int grow(int n) {
        return (int) Math.min(Integer.MAX_VALUE - 8, n + (n >> 3) + 64);
    }
}
