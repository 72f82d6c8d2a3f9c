package dev.fovea.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where datasets live. An offline data directory comes from an explicit option, else the {@code FOVEA_DATA}
 * environment variable, else the {@code fovea.data} system property; downloads go to a cache directory,
 * {@code FOVEA_CACHE} or {@code ~/.cache/fovea}.
 */
public final class DataPaths {
    private DataPaths() {}

    /** The offline data directory: {@code option} if given, else FOVEA_DATA, else -Dfovea.data; null if none. */
    public static Path dataRoot(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("FOVEA_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String prop = System.getProperty("fovea.data");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return null;
    }

    /**
     * Like {@link #dataRoot(Path)}, but when nothing is configured also looks for a {@code shared/datasets}
     * folder beside the working directory or any of its parents (the layout of a source checkout).
     */
    public static Path findDataRoot(Path option) {
        Path root = dataRoot(option);
        if (root != null) {
            return root;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The download cache: FOVEA_CACHE, else {@code ~/.cache/fovea}. */
    public static Path cacheDir() {
        String env = System.getenv("FOVEA_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String prop = System.getProperty("fovea.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "fovea");
    }
}
