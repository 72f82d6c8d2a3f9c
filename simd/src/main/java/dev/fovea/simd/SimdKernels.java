package dev.fovea.simd;

import dev.fovea.kernel.ScalarKernels;

/**
 * The fast {@link dev.fovea.kernel.Kernels}: Vector API species from {@code SPECIES_PREFERRED} and all cores.
 * Primitives not (yet) overridden here fall back to the scalar reference they are tested against.
 */
public final class SimdKernels extends ScalarKernels {

    @Override
    public String name() {
        return "simd";
    }
}
