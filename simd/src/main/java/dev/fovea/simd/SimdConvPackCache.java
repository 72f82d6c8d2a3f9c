package dev.fovea.simd;

import dev.fovea.tensor.StorageVersions;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * Packed convolution weights, kept between calls. Repacking a layer's weights on every forward took about 13% of
 * ResNet-18 inference at batch 1 (and most of a 512-channel 7x7 layer), while the weights of a model in eval mode
 * never change. An entry is keyed on the weight array's identity and a layout, and is valid while the array's
 * {@link StorageVersions version} is the one it was packed at: every in-place write (optimizer step, in-place op,
 * {@code load_state_dict}, initialisation) bumps the version, so the next call repacks and training always sees
 * the current weights.
 *
 * <p>Bounded: keys are weak (an entry goes when its weight array is collected) and an array keeps at most
 * {@link #LAYOUTS_PER_ARRAY} layouts (forward and backward data of one layer need two), the oldest replaced first.
 * A stale entry is repacked in place into its own buffer, so training does not allocate a new one per step.
 */
final class SimdConvPackCache {
    /** -Dfovea.conv.packCache=false packs on every call (for measuring the cache). */
    static final boolean ENABLED = !"false".equals(System.getProperty("fovea.conv.packCache"));
    private static final int LAYOUTS_PER_ARRAY = 4;

    /**
     * What a packed buffer depends on besides the weight values: the packing scheme ({@code kind}) and every
     * dimension it reads. Records compare by value, so equal layouts from different calls find the same entry.
     */
    record Layout(int kind, int groups, int srcCg, int dstCg, int k0, int k1, int k2, int s0, int s1, int s2) {}

    private static final class Entry {
        final Layout layout;
        long version;
        float[] packed;

        Entry(Layout layout) {
            this.layout = layout;
        }
    }

    private static final Map<float[], Entry[]> CACHE = new WeakHashMap<>();

    private SimdConvPackCache() {}

    /**
     * The weights {@code w} packed by {@code pack} into {@code floats} floats for {@code layout}: from the cache when
     * the values have not changed since, else packed now (and remembered). Callers only read the result.
     */
    static float[] packed(float[] w, Layout layout, int floats, Consumer<float[]> pack) {
        if (!ENABLED) {
            float[] wp = SimdConvWorkspace.caller().weights(floats);
            pack.accept(wp);
            return wp;
        }
        long version = StorageVersions.get(w);
        Entry e;
        synchronized (CACHE) {
            e = entry(w, layout);
            if (e.packed != null && e.version == version && e.packed.length == floats) {
                return e.packed;
            }
        }
        // pack outside the lock: two threads racing here write identical values
        float[] wp = e.packed != null && e.packed.length == floats ? e.packed : new float[floats];
        pack.accept(wp);
        synchronized (CACHE) {
            e.packed = wp;
            e.version = version;
        }
        return wp;
    }

    /** The entry for (w, layout), created (replacing the oldest layout of w when full) if absent. */
    private static Entry entry(float[] w, Layout layout) {
        Entry[] es = CACHE.get(w);
        if (es == null) {
            es = new Entry[LAYOUTS_PER_ARRAY];
            CACHE.put(w, es);
        }
        for (Entry e : es) {
            if (e != null && e.layout.equals(layout)) {
                return e;
            }
        }
        // not present: shift the others down, the new one goes first and the oldest falls off the end
        System.arraycopy(es, 0, es, 1, es.length - 1);
        es[0] = new Entry(layout);
        return es[0];
    }

    /** Number of weight arrays with cached layouts (tests check the bound). */
    static int size() {
        synchronized (CACHE) {
            return CACHE.size();
        }
    }
}
