package dev.fovea.simd;

import static dev.fovea.simd.SimdGemmMicro.L;
import static dev.fovea.simd.SimdGemmMicro.S;

import jdk.incubator.vector.FloatVector;

/**
 * 16 x 16 block transposes for packing a transposed B: four rounds of two-source lane selects (each swaps the
 * off-diagonal b x b blocks of every 2b x 2b block, b = 8, 4, 2, 1), 64 selects per 256 floats instead of one
 * scalar load and store per float. Only used when vectors have 16 lanes (AVX-512); the caller falls back to scalar
 * copies otherwise. The rounds are written out longhand: sixteen vectors in an array would be boxed.
 */
final class SimdGemmTranspose {
    /** Whether {@link #transpose16} can be used on this machine. */
    static final boolean AVAILABLE = L == 16;

    // Static finals, not instance fields: C2 then knows their exact vector class when it compiles the transposes.
    // With instance fields it relies on type profiles, and a compile made before they settled left the lane
    // selects un-intrinsified (measured: one JVM run in three packed 30x slower).
    private static final FloatVector LO8 = AVAILABLE ? select(8, false) : null;
    private static final FloatVector HI8 = AVAILABLE ? select(8, true) : null;
    private static final FloatVector LO4 = AVAILABLE ? select(4, false) : null;
    private static final FloatVector HI4 = AVAILABLE ? select(4, true) : null;
    private static final FloatVector LO2 = AVAILABLE ? select(2, false) : null;
    private static final FloatVector HI2 = AVAILABLE ? select(2, true) : null;
    private static final FloatVector LO1 = AVAILABLE ? select(1, false) : null;
    private static final FloatVector HI1 = AVAILABLE ? select(1, true) : null;

    private SimdGemmTranspose() {}

    /**
     * Lane indices for one round: within every 2b-lane block, the low (or high) b lanes of the first source followed
     * by the low (or high) b lanes of the second (indices 16 and up select from the second source).
     */
    private static FloatVector select(int b, boolean high) {
        float[] idx = new float[16];
        for (int l = 0; l < 16; l++) {
            int base = l / (2 * b) * 2 * b + (high ? b : 0);
            int w = l % (2 * b);
            idx[l] = w < b ? base + w : 16 + base + (w - b);
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    /**
     * Writes the transpose of the 16 x 16 block at {@code b[s]} (rows {@code ldb} apart) to {@code dst[d]} (rows
     * {@code dStride} apart): row p of the output is column p of the input.
     */
    static void transpose16(float[] b, int s, int ldb, float[] dst, int d, int dStride) {
        FloatVector lo8 = LO8, hi8 = HI8, lo4 = LO4, hi4 = HI4, lo2 = LO2, hi2 = HI2, lo1 = LO1, hi1 = HI1;
        FloatVector r0 = FloatVector.fromArray(S, b, s);
        FloatVector r1 = FloatVector.fromArray(S, b, s + 1 * ldb);
        FloatVector r2 = FloatVector.fromArray(S, b, s + 2 * ldb);
        FloatVector r3 = FloatVector.fromArray(S, b, s + 3 * ldb);
        FloatVector r4 = FloatVector.fromArray(S, b, s + 4 * ldb);
        FloatVector r5 = FloatVector.fromArray(S, b, s + 5 * ldb);
        FloatVector r6 = FloatVector.fromArray(S, b, s + 6 * ldb);
        FloatVector r7 = FloatVector.fromArray(S, b, s + 7 * ldb);
        FloatVector r8 = FloatVector.fromArray(S, b, s + 8 * ldb);
        FloatVector r9 = FloatVector.fromArray(S, b, s + 9 * ldb);
        FloatVector r10 = FloatVector.fromArray(S, b, s + 10 * ldb);
        FloatVector r11 = FloatVector.fromArray(S, b, s + 11 * ldb);
        FloatVector r12 = FloatVector.fromArray(S, b, s + 12 * ldb);
        FloatVector r13 = FloatVector.fromArray(S, b, s + 13 * ldb);
        FloatVector r14 = FloatVector.fromArray(S, b, s + 14 * ldb);
        FloatVector r15 = FloatVector.fromArray(S, b, s + 15 * ldb);
        FloatVector t0_0 = lo8.selectFrom(r0, r8);
        FloatVector t0_8 = hi8.selectFrom(r0, r8);
        FloatVector t0_1 = lo8.selectFrom(r1, r9);
        FloatVector t0_9 = hi8.selectFrom(r1, r9);
        FloatVector t0_2 = lo8.selectFrom(r2, r10);
        FloatVector t0_10 = hi8.selectFrom(r2, r10);
        FloatVector t0_3 = lo8.selectFrom(r3, r11);
        FloatVector t0_11 = hi8.selectFrom(r3, r11);
        FloatVector t0_4 = lo8.selectFrom(r4, r12);
        FloatVector t0_12 = hi8.selectFrom(r4, r12);
        FloatVector t0_5 = lo8.selectFrom(r5, r13);
        FloatVector t0_13 = hi8.selectFrom(r5, r13);
        FloatVector t0_6 = lo8.selectFrom(r6, r14);
        FloatVector t0_14 = hi8.selectFrom(r6, r14);
        FloatVector t0_7 = lo8.selectFrom(r7, r15);
        FloatVector t0_15 = hi8.selectFrom(r7, r15);
        FloatVector t1_0 = lo4.selectFrom(t0_0, t0_4);
        FloatVector t1_4 = hi4.selectFrom(t0_0, t0_4);
        FloatVector t1_1 = lo4.selectFrom(t0_1, t0_5);
        FloatVector t1_5 = hi4.selectFrom(t0_1, t0_5);
        FloatVector t1_2 = lo4.selectFrom(t0_2, t0_6);
        FloatVector t1_6 = hi4.selectFrom(t0_2, t0_6);
        FloatVector t1_3 = lo4.selectFrom(t0_3, t0_7);
        FloatVector t1_7 = hi4.selectFrom(t0_3, t0_7);
        FloatVector t1_8 = lo4.selectFrom(t0_8, t0_12);
        FloatVector t1_12 = hi4.selectFrom(t0_8, t0_12);
        FloatVector t1_9 = lo4.selectFrom(t0_9, t0_13);
        FloatVector t1_13 = hi4.selectFrom(t0_9, t0_13);
        FloatVector t1_10 = lo4.selectFrom(t0_10, t0_14);
        FloatVector t1_14 = hi4.selectFrom(t0_10, t0_14);
        FloatVector t1_11 = lo4.selectFrom(t0_11, t0_15);
        FloatVector t1_15 = hi4.selectFrom(t0_11, t0_15);
        FloatVector t2_0 = lo2.selectFrom(t1_0, t1_2);
        FloatVector t2_2 = hi2.selectFrom(t1_0, t1_2);
        FloatVector t2_1 = lo2.selectFrom(t1_1, t1_3);
        FloatVector t2_3 = hi2.selectFrom(t1_1, t1_3);
        FloatVector t2_4 = lo2.selectFrom(t1_4, t1_6);
        FloatVector t2_6 = hi2.selectFrom(t1_4, t1_6);
        FloatVector t2_5 = lo2.selectFrom(t1_5, t1_7);
        FloatVector t2_7 = hi2.selectFrom(t1_5, t1_7);
        FloatVector t2_8 = lo2.selectFrom(t1_8, t1_10);
        FloatVector t2_10 = hi2.selectFrom(t1_8, t1_10);
        FloatVector t2_9 = lo2.selectFrom(t1_9, t1_11);
        FloatVector t2_11 = hi2.selectFrom(t1_9, t1_11);
        FloatVector t2_12 = lo2.selectFrom(t1_12, t1_14);
        FloatVector t2_14 = hi2.selectFrom(t1_12, t1_14);
        FloatVector t2_13 = lo2.selectFrom(t1_13, t1_15);
        FloatVector t2_15 = hi2.selectFrom(t1_13, t1_15);
        FloatVector t3_0 = lo1.selectFrom(t2_0, t2_1);
        FloatVector t3_1 = hi1.selectFrom(t2_0, t2_1);
        FloatVector t3_2 = lo1.selectFrom(t2_2, t2_3);
        FloatVector t3_3 = hi1.selectFrom(t2_2, t2_3);
        FloatVector t3_4 = lo1.selectFrom(t2_4, t2_5);
        FloatVector t3_5 = hi1.selectFrom(t2_4, t2_5);
        FloatVector t3_6 = lo1.selectFrom(t2_6, t2_7);
        FloatVector t3_7 = hi1.selectFrom(t2_6, t2_7);
        FloatVector t3_8 = lo1.selectFrom(t2_8, t2_9);
        FloatVector t3_9 = hi1.selectFrom(t2_8, t2_9);
        FloatVector t3_10 = lo1.selectFrom(t2_10, t2_11);
        FloatVector t3_11 = hi1.selectFrom(t2_10, t2_11);
        FloatVector t3_12 = lo1.selectFrom(t2_12, t2_13);
        FloatVector t3_13 = hi1.selectFrom(t2_12, t2_13);
        FloatVector t3_14 = lo1.selectFrom(t2_14, t2_15);
        FloatVector t3_15 = hi1.selectFrom(t2_14, t2_15);
        t3_0.intoArray(dst, d + 0 * dStride);
        t3_1.intoArray(dst, d + 1 * dStride);
        t3_2.intoArray(dst, d + 2 * dStride);
        t3_3.intoArray(dst, d + 3 * dStride);
        t3_4.intoArray(dst, d + 4 * dStride);
        t3_5.intoArray(dst, d + 5 * dStride);
        t3_6.intoArray(dst, d + 6 * dStride);
        t3_7.intoArray(dst, d + 7 * dStride);
        t3_8.intoArray(dst, d + 8 * dStride);
        t3_9.intoArray(dst, d + 9 * dStride);
        t3_10.intoArray(dst, d + 10 * dStride);
        t3_11.intoArray(dst, d + 11 * dStride);
        t3_12.intoArray(dst, d + 12 * dStride);
        t3_13.intoArray(dst, d + 13 * dStride);
        t3_14.intoArray(dst, d + 14 * dStride);
        t3_15.intoArray(dst, d + 15 * dStride);
    }

    /**
     * Transposes the 12 x 16 block at {@code a[s]} (12 rows of A, {@code lda} apart, 16 k values each), scales it by
     * alpha and writes it as 16 k steps of a 12-row A micro-panel: k step q goes to {@code dst[d + 12 q ..]}. The
     * stores are whole 16-lane vectors written in increasing q, so lanes 12-15 of each one land on the next k step
     * and are overwritten by it; the last one spills 4 floats past the block, which the caller either overwrites
     * next or leaves in buffer slack. No masks: a mask passed in as an argument has no exact class for C2.
     */
    static void transpose12IntoPanel(float[] a, int s, int lda, float alpha, float[] dst, int d) {
        FloatVector lo8 = LO8, hi8 = HI8, lo4 = LO4, hi4 = HI4, lo2 = LO2, hi2 = HI2, lo1 = LO1, hi1 = HI1;
        FloatVector zero = FloatVector.zero(S);
        FloatVector r0 = FloatVector.fromArray(S, a, s + 0 * lda);
        FloatVector r1 = FloatVector.fromArray(S, a, s + 1 * lda);
        FloatVector r2 = FloatVector.fromArray(S, a, s + 2 * lda);
        FloatVector r3 = FloatVector.fromArray(S, a, s + 3 * lda);
        FloatVector r4 = FloatVector.fromArray(S, a, s + 4 * lda);
        FloatVector r5 = FloatVector.fromArray(S, a, s + 5 * lda);
        FloatVector r6 = FloatVector.fromArray(S, a, s + 6 * lda);
        FloatVector r7 = FloatVector.fromArray(S, a, s + 7 * lda);
        FloatVector r8 = FloatVector.fromArray(S, a, s + 8 * lda);
        FloatVector r9 = FloatVector.fromArray(S, a, s + 9 * lda);
        FloatVector r10 = FloatVector.fromArray(S, a, s + 10 * lda);
        FloatVector r11 = FloatVector.fromArray(S, a, s + 11 * lda);
        FloatVector t0_0 = lo8.selectFrom(r0, r8);
        FloatVector t0_8 = hi8.selectFrom(r0, r8);
        FloatVector t0_1 = lo8.selectFrom(r1, r9);
        FloatVector t0_9 = hi8.selectFrom(r1, r9);
        FloatVector t0_2 = lo8.selectFrom(r2, r10);
        FloatVector t0_10 = hi8.selectFrom(r2, r10);
        FloatVector t0_3 = lo8.selectFrom(r3, r11);
        FloatVector t0_11 = hi8.selectFrom(r3, r11);
        FloatVector t0_4 = lo8.selectFrom(r4, zero);
        FloatVector t0_12 = hi8.selectFrom(r4, zero);
        FloatVector t0_5 = lo8.selectFrom(r5, zero);
        FloatVector t0_13 = hi8.selectFrom(r5, zero);
        FloatVector t0_6 = lo8.selectFrom(r6, zero);
        FloatVector t0_14 = hi8.selectFrom(r6, zero);
        FloatVector t0_7 = lo8.selectFrom(r7, zero);
        FloatVector t0_15 = hi8.selectFrom(r7, zero);
        FloatVector t1_0 = lo4.selectFrom(t0_0, t0_4);
        FloatVector t1_4 = hi4.selectFrom(t0_0, t0_4);
        FloatVector t1_1 = lo4.selectFrom(t0_1, t0_5);
        FloatVector t1_5 = hi4.selectFrom(t0_1, t0_5);
        FloatVector t1_2 = lo4.selectFrom(t0_2, t0_6);
        FloatVector t1_6 = hi4.selectFrom(t0_2, t0_6);
        FloatVector t1_3 = lo4.selectFrom(t0_3, t0_7);
        FloatVector t1_7 = hi4.selectFrom(t0_3, t0_7);
        FloatVector t1_8 = lo4.selectFrom(t0_8, t0_12);
        FloatVector t1_12 = hi4.selectFrom(t0_8, t0_12);
        FloatVector t1_9 = lo4.selectFrom(t0_9, t0_13);
        FloatVector t1_13 = hi4.selectFrom(t0_9, t0_13);
        FloatVector t1_10 = lo4.selectFrom(t0_10, t0_14);
        FloatVector t1_14 = hi4.selectFrom(t0_10, t0_14);
        FloatVector t1_11 = lo4.selectFrom(t0_11, t0_15);
        FloatVector t1_15 = hi4.selectFrom(t0_11, t0_15);
        FloatVector t2_0 = lo2.selectFrom(t1_0, t1_2);
        FloatVector t2_2 = hi2.selectFrom(t1_0, t1_2);
        FloatVector t2_1 = lo2.selectFrom(t1_1, t1_3);
        FloatVector t2_3 = hi2.selectFrom(t1_1, t1_3);
        FloatVector t2_4 = lo2.selectFrom(t1_4, t1_6);
        FloatVector t2_6 = hi2.selectFrom(t1_4, t1_6);
        FloatVector t2_5 = lo2.selectFrom(t1_5, t1_7);
        FloatVector t2_7 = hi2.selectFrom(t1_5, t1_7);
        FloatVector t2_8 = lo2.selectFrom(t1_8, t1_10);
        FloatVector t2_10 = hi2.selectFrom(t1_8, t1_10);
        FloatVector t2_9 = lo2.selectFrom(t1_9, t1_11);
        FloatVector t2_11 = hi2.selectFrom(t1_9, t1_11);
        FloatVector t2_12 = lo2.selectFrom(t1_12, t1_14);
        FloatVector t2_14 = hi2.selectFrom(t1_12, t1_14);
        FloatVector t2_13 = lo2.selectFrom(t1_13, t1_15);
        FloatVector t2_15 = hi2.selectFrom(t1_13, t1_15);
        FloatVector t3_0 = lo1.selectFrom(t2_0, t2_1);
        FloatVector t3_1 = hi1.selectFrom(t2_0, t2_1);
        FloatVector t3_2 = lo1.selectFrom(t2_2, t2_3);
        FloatVector t3_3 = hi1.selectFrom(t2_2, t2_3);
        FloatVector t3_4 = lo1.selectFrom(t2_4, t2_5);
        FloatVector t3_5 = hi1.selectFrom(t2_4, t2_5);
        FloatVector t3_6 = lo1.selectFrom(t2_6, t2_7);
        FloatVector t3_7 = hi1.selectFrom(t2_6, t2_7);
        FloatVector t3_8 = lo1.selectFrom(t2_8, t2_9);
        FloatVector t3_9 = hi1.selectFrom(t2_8, t2_9);
        FloatVector t3_10 = lo1.selectFrom(t2_10, t2_11);
        FloatVector t3_11 = hi1.selectFrom(t2_10, t2_11);
        FloatVector t3_12 = lo1.selectFrom(t2_12, t2_13);
        FloatVector t3_13 = hi1.selectFrom(t2_12, t2_13);
        FloatVector t3_14 = lo1.selectFrom(t2_14, t2_15);
        FloatVector t3_15 = hi1.selectFrom(t2_14, t2_15);
        t3_0.mul(alpha).intoArray(dst, d + 0 * 12);
        t3_1.mul(alpha).intoArray(dst, d + 1 * 12);
        t3_2.mul(alpha).intoArray(dst, d + 2 * 12);
        t3_3.mul(alpha).intoArray(dst, d + 3 * 12);
        t3_4.mul(alpha).intoArray(dst, d + 4 * 12);
        t3_5.mul(alpha).intoArray(dst, d + 5 * 12);
        t3_6.mul(alpha).intoArray(dst, d + 6 * 12);
        t3_7.mul(alpha).intoArray(dst, d + 7 * 12);
        t3_8.mul(alpha).intoArray(dst, d + 8 * 12);
        t3_9.mul(alpha).intoArray(dst, d + 9 * 12);
        t3_10.mul(alpha).intoArray(dst, d + 10 * 12);
        t3_11.mul(alpha).intoArray(dst, d + 11 * 12);
        t3_12.mul(alpha).intoArray(dst, d + 12 * 12);
        t3_13.mul(alpha).intoArray(dst, d + 13 * 12);
        t3_14.mul(alpha).intoArray(dst, d + 14 * 12);
        t3_15.mul(alpha).intoArray(dst, d + 15 * 12);
    }
}
