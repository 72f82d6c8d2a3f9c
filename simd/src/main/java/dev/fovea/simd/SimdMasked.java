package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Partial-vector loads and stores (lanes [lo, hi) of one vector) that stay on the intrinsic. A masked
 * {@code fromArray}/{@code intoArray} whose vector would reach past either end of the array, even on lanes the mask
 * leaves out, runs the Vector API's lane-by-lane index checks instead, which are never compiled on these rare
 * calls: about 50 microseconds each, 6% of a 256-channel 14x14 convolution at batch 1 for the one masked store at
 * the end of its output. Those calls go through a small array here.
 */
final class SimdMasked {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;

    private SimdMasked() {}

    /**
     * Lanes [lo, hi) from {@code a[off + lane]}, zero elsewhere (0 <= lo <= hi <= VL); {@code m} is the mask of those
     * lanes ({@code S.indexInRange(-lo, hi - lo)}), made once by callers that use it many times.
     */
    static FloatVector load(float[] a, int off, VectorMask<Float> m, int lo, int hi) {
        if (off >= 0 && off <= a.length - VL) {
            return FloatVector.fromArray(S, a, off, m);
        }
        float[] tmp = new float[VL];
        if (hi > lo) {
            // with no lanes, off may lie past the end of the array (a row's trailing vector of padding)
            System.arraycopy(a, off + lo, tmp, lo, hi - lo);
        }
        return FloatVector.fromArray(S, tmp, 0);
    }

    /** Lanes [lo, hi) of {@code v} into {@code a[off + lane]}, the other elements untouched; {@code m} as for load. */
    static void store(FloatVector v, float[] a, int off, VectorMask<Float> m, int lo, int hi) {
        if (off >= 0 && off <= a.length - VL) {
            v.intoArray(a, off, m);
            return;
        }
        if (hi > lo) {
            float[] tmp = new float[VL];
            v.intoArray(tmp, 0);
            System.arraycopy(tmp, lo, a, off + lo, hi - lo);
        }
    }
}
