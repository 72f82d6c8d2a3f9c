package dev.fovea.kernel;

import java.util.ServiceLoader;

/**
 * Chooses the active {@link Kernels} once: {@code -Dfovea.kernels=scalar|simd}, else the SIMD implementation when
 * its module is on the class path (found through {@link ServiceLoader}), else the scalar reference.
 */
final class KernelsSelection {
    static final Kernels ACTIVE = choose(System.getProperty("fovea.kernels", ""));

    private KernelsSelection() {}

    static Kernels choose(String wanted) {
        if (wanted.equals("scalar")) {
            return new ScalarKernels();
        }
        try {
            for (Kernels k : ServiceLoader.load(Kernels.class)) {
                if (wanted.isEmpty() || wanted.equals(k.name())) {
                    return k;
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            // the SIMD module is present but the JVM lacks --add-modules jdk.incubator.vector
            if (!wanted.isEmpty()) {
                throw new IllegalStateException("fovea.kernels=" + wanted + ": could not load it (" + e
                        + "); run the JVM with --add-modules jdk.incubator.vector", e);
            }
            System.err.println("fovea: SIMD kernels unavailable (" + e.getMessage()
                    + "); using the scalar reference. Add --add-modules jdk.incubator.vector to the JVM options.");
        }
        if (wanted.isEmpty()) {
            return new ScalarKernels();
        }
        throw new IllegalStateException("fovea.kernels=" + wanted + ": no such kernel implementation on the class"
                + " path (expected 'scalar' or 'simd'; 'simd' needs fovea-simd and --add-modules jdk.incubator.vector)");
    }
}
