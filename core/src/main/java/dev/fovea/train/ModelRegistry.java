package dev.fovea.train;

import dev.fovea.nn.Module;
import dev.fovea.tensor.Rng;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Models by name, each with the recipe it trains well with: the one place {@code fovea train MODEL},
 * {@code fovea eval} and {@code fovea predict} build models from. The built-in entries are {@code mlp} and
 * {@code lenet5} ({@link Models}); other modules (the zoo) add theirs through a {@link Provider} listed in
 * {@code META-INF/services/dev.fovea.train.ModelRegistry$Provider}, or by calling {@link #register}.
 */
public final class ModelRegistry {
    /** What a model is built for: input image shape, number of classes and free-form options. */
    public record Input(int channels, int height, int width, int classes, Map<String, String> options) {
        public Input {
            options = Map.copyOf(options);
        }

        public String option(String key, String fallback) {
            return options.getOrDefault(key, fallback);
        }
    }

    /** Builds a fresh model, drawing its initial weights (and any dropout masks later) from {@code rng}. */
    @FunctionalInterface
    public interface Factory {
        Module create(Input input, Rng rng);
    }

    /** A registered model: how to build it and how to train it by default. */
    public record Entry(String name, String description, Factory factory, Recipe recipe) {}

    /** A source of entries found through {@link ServiceLoader}. */
    public interface Provider {
        List<Entry> models();
    }

    private static final Map<String, Entry> ENTRIES = Collections.synchronizedMap(new LinkedHashMap<>());

    static {
        Models.registerBuiltins();
        for (Provider p : ServiceLoader.load(Provider.class)) {
            for (Entry e : p.models()) {
                register(e);
            }
        }
    }

    private ModelRegistry() {}

    /** Adds or replaces an entry. */
    public static void register(Entry entry) {
        ENTRIES.put(entry.name(), entry);
    }

    public static Entry get(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; available: " + names());
        }
        return e;
    }

    public static List<String> names() {
        synchronized (ENTRIES) {
            return new ArrayList<>(ENTRIES.keySet());
        }
    }

    public static Collection<Entry> all() {
        synchronized (ENTRIES) {
            return List.copyOf(ENTRIES.values());
        }
    }
}
