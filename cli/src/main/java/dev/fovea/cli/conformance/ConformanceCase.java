package dev.fovea.cli.conformance;

import java.util.Map;

/**
 * One parsed and validated case file (FORMAT.md section 2). {@code gradOutput} is null for ops without a backward
 * pass (the optimizers); {@code grads} is then empty.
 */
record ConformanceCase(String op, String file, Map<String, Object> attrs, Map<String, CaseTensor> inputs,
        CaseTensor gradOutput, Map<String, CaseTensor> outputs, Map<String, CaseTensor> grads, double rtol,
        double atol) {}
