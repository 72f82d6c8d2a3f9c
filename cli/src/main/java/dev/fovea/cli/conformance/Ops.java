package dev.fovea.cli.conformance;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ops this runner knows how to drive, by FORMAT.md name. An op missing here is reported as "not available"
 * and counts as a failure.
 */
final class Ops {
    private Ops() {}

    static Map<String, OpRunner> all() {
        Map<String, OpRunner> ops = new TreeMap<>();
        OptimizerOps.register(ops);
        LayerOps.register(ops);
        ElementwiseOps.register(ops);
        ModelOps.register(ops);
        return Collections.unmodifiableMap(ops);
    }
}
