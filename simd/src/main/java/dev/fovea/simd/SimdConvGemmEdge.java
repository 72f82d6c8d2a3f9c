package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Micro-kernels for the last few positions of {@link SimdConvGemm}: 1 or 4 rows of C by one 32-column B panel.
 * ResNet planes (7x7, 14x14, 28x28, 56x56) leave 1 or 4 positions after whole 12-row panels; a zero-padded 6-row
 * panel for them took a fifth of a 512-channel 7x7 layer for one fiftieth of its work. These read A panels of
 * height 1 or 4 and keep at least 8 independent accumulators so the FMA latency stays hidden. Also the epilogue
 * that writes a transposed row of C into the output.
 */
final class SimdConvGemmEdge {
    private static final VectorSpecies<Float> S = SimdGemmMicro.S;
    private static final int L = SimdGemmMicro.L;

    private SimdConvGemmEdge() {}

    /** Rows the last A panel is packed with when {@code rows} positions are left: 1, 4, 6 or 12. */
    static int panelHeight(int rows) {
        return rows <= 1 ? 1 : rows <= 4 ? 4 : rows <= 6 ? 6 : 12;
    }

    /** C = beta * C + A B for one row: A has 1 float per k step, B 2 vectors; k unrolled by 4 for 8 chains. */
    static void tile1x2(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float beta) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector s0 = zero, s1 = zero, t0 = zero, t1 = zero, u0 = zero, u1 = zero, v0 = zero, v1 = zero;
        int p = 0;
        for (; p + 4 <= kc; p += 4) {
            int bi = bOff + p * (2 * L);
            int ai = aOff + p;
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            s0 = a0.fma(FloatVector.fromArray(S, b, bi), s0);
            s1 = a0.fma(FloatVector.fromArray(S, b, bi + L), s1);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            t0 = a1.fma(FloatVector.fromArray(S, b, bi + 2 * L), t0);
            t1 = a1.fma(FloatVector.fromArray(S, b, bi + 3 * L), t1);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            u0 = a2.fma(FloatVector.fromArray(S, b, bi + 4 * L), u0);
            u1 = a2.fma(FloatVector.fromArray(S, b, bi + 5 * L), u1);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            v0 = a3.fma(FloatVector.fromArray(S, b, bi + 6 * L), v0);
            v1 = a3.fma(FloatVector.fromArray(S, b, bi + 7 * L), v1);
        }
        for (; p < kc; p++) {
            int bi = bOff + p * (2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[aOff + p]);
            s0 = a0.fma(FloatVector.fromArray(S, b, bi), s0);
            s1 = a0.fma(FloatVector.fromArray(S, b, bi + L), s1);
        }
        s0 = s0.add(t0).add(u0.add(v0));
        s1 = s1.add(t1).add(u1.add(v1));
        store(s0, c, cOff, beta);
        store(s1, c, cOff + L, beta);
    }

    /** C = beta * C + A B for four rows (A has 4 floats per k step) by 2 vectors of B. */
    static void tile4x2(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
            float beta) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c0_0 = zero, c0_1 = zero, c1_0 = zero, c1_1 = zero;
        FloatVector c2_0 = zero, c2_1 = zero, c3_0 = zero, c3_1 = zero;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 4;
            int bi = bOff + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c0_0 = a0.fma(b0, c0_0); c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c1_0 = a1.fma(b0, c1_0); c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c2_0 = a2.fma(b0, c2_0); c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c3_0 = a3.fma(b0, c3_0); c3_1 = a3.fma(b1, c3_1);
        }
        store(c0_0, c, cOff, beta);
        store(c0_1, c, cOff + L, beta);
        store(c1_0, c, cOff + ldc, beta);
        store(c1_1, c, cOff + ldc + L, beta);
        store(c2_0, c, cOff + 2 * ldc, beta);
        store(c2_1, c, cOff + 2 * ldc + L, beta);
        store(c3_0, c, cOff + 3 * ldc, beta);
        store(c3_1, c, cOff + 3 * ldc + L, beta);
    }

    /**
     * {@code y[at + q] = relu?(t[from + q] + bias + residual[at + q])} for q below {@code n} (at most one vector): a
     * row of the output after the transpose; {@code m} is {@code indexInRange(0, n)}, made once per block of rows.
     */
    static void epilogue(float[] t, int from, float bias, float[] residual, boolean relu, float[] y, int at, int n,
            VectorMask<Float> m) {
        FloatVector v = FloatVector.fromArray(S, t, from).add(bias);
        if (residual != null) {
            v = v.add(SimdMasked.load(residual, at, m, 0, n));
        }
        if (relu) {
            v = v.max(0f);
        }
        SimdMasked.store(v, y, at, m, 0, n);
    }

    private static void store(FloatVector v, float[] c, int off, float beta) {
        if (beta == 0f) {
            v.intoArray(c, off);
        } else {
            FloatVector.fromArray(S, c, off).fma(FloatVector.broadcast(S, beta), v).intoArray(c, off);
        }
    }
}
