package dev.fovea.tensor;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Version counters of storage arrays, PyTorch's {@code tensor._version}: every in-place write into a storage
 * array (in-place tensor ops, optimizer steps, initialisers, {@code load_state_dict}, running statistics) bumps
 * its counter, so data derived from the array (packed convolution weights, folded batch norm factors) can be
 * cached under (array identity, version) and is recomputed exactly when the values may have changed.
 *
 * <p>Keyed by the array itself rather than by a {@link Tensor}: views and any other tensor wrapping the same
 * array share one counter, and kernels (which only see {@code float[]}) can ask directly. Only arrays someone
 * asked about are tracked; bumping an untracked array is a no-op, since no cache can hold data derived from it.
 * Keys are weak, so tracking never keeps an array alive.
 *
 * <p>Code that writes into {@link Tensor#storage()} or {@link Tensor#data()} of a tensor it does not own must
 * call {@link #bump} (or {@link Tensor#bumpVersion()}) afterwards.
 */
public final class StorageVersions {
    /** Array to a one-element counter; WeakHashMap compares arrays by identity, as arrays do not override equals. */
    private static final Map<float[], long[]> COUNTERS = new WeakHashMap<>();

    private StorageVersions() {}

    /** The current version of {@code storage}, starting to track it (at 0) on first use. */
    public static long get(float[] storage) {
        synchronized (COUNTERS) {
            long[] c = COUNTERS.get(storage);
            if (c == null) {
                c = new long[1];
                COUNTERS.put(storage, c);
            }
            return c[0];
        }
    }

    /** Records an in-place write into {@code storage}: caches of data derived from it are stale from now on. */
    public static void bump(float[] storage) {
        synchronized (COUNTERS) {
            long[] c = COUNTERS.get(storage);
            if (c != null) {
                c[0]++;
            }
        }
    }
}
