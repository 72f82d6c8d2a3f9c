package dev.fovea.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Partial-vector loads and stores at every offset near both ends of an array, where the vector reaches past the
 * array (the scalar fallback) and where it does not (the masked intrinsic): the same lanes, zeros elsewhere, and
 * nothing outside [lo, hi) written.
 */
class SimdMaskedTest {
    private static final int VL = SimdConvLayout.VL;

    @Test
    void loadsAndStoresMatchLaneByLaneCopies() {
        int n = 3 * VL + 5;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i + 1;
        }
        for (int off = -VL; off <= n; off++) {
            for (int lo = 0; lo <= VL; lo++) {
                for (int hi = lo; hi <= VL; hi++) {
                    if (hi > lo && (off + lo < 0 || off + hi > n)) {
                        continue; // lanes outside the array are the caller's error
                    }
                    String at = "off " + off + " lanes [" + lo + ", " + hi + ")";
                    FloatVector v = SimdMasked.load(a, off, SimdConvLayout.SPECIES.indexInRange(-lo, hi - lo), lo, hi);
                    float[] lanes = v.toArray();
                    for (int i = 0; i < VL; i++) {
                        assertEquals(i >= lo && i < hi ? a[off + i] : 0f, lanes[i], "load " + at + " lane " + i);
                    }
                    float[] b = new float[n];
                    SimdMasked.store(FloatVector.broadcast(SimdConvLayout.SPECIES, -7f), b, off,
                            SimdConvLayout.SPECIES.indexInRange(-lo, hi - lo), lo, hi);
                    for (int j = 0; j < n; j++) {
                        boolean inside = j - off >= lo && j - off < hi;
                        assertEquals(inside ? -7f : 0f, b[j], "store " + at + " element " + j);
                    }
                }
            }
        }
    }
}
