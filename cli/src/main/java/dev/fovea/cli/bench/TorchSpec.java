package dev.fovea.cli.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PyTorch counterpart of a {@link BenchCase}: a {@code kind} that {@code bench/torch_bench.py} dispatches on
 * (one Python function per kind) and its parameters (numbers, strings, booleans or lists of them), sent as JSON.
 * Example: {@code TorchSpec.of("sgemm", "m", 1024, "n", 1024, "k", 1024, "transA", false, "transB", false)}.
 */
public record TorchSpec(String kind, Map<String, Object> params) {
    public TorchSpec {
        if (kind == null || !kind.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("TorchSpec: kind must be a lower-case identifier, got " + kind);
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Builds a spec from alternating names and values. */
    public static TorchSpec of(String kind, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("TorchSpec.of(" + kind + "): expected name/value pairs, got "
                    + namesAndValues.length + " arguments");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new TorchSpec(kind, params);
    }
}
