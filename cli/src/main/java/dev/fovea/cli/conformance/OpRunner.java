package dev.fovea.cli.conformance;

import dev.fovea.tensor.Tensor;
import java.util.Map;

/**
 * Runs one op of the format through Fovea's public API: reads attributes and inputs from the context and returns
 * the outputs by name, the primary output under {@code "y"} (the one the upstream gradient is applied to).
 */
@FunctionalInterface
interface OpRunner {
    Map<String, Tensor> run(CaseContext c);
}
