package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner loops of backward weight for layers with at least 16 output channels per group (generated-looking on
 * purpose: every accumulator is a named local so C2 keeps all of them in registers).
 */
final class SimdConvWeightMicro {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;
    /** Columns per call of weightT4/weightT2; weightT1 takes twice as many. */
    static final int COLS = 6;

    private SimdConvWeightMicro() {}

    /**
     * Backward weight vectorised over output channels: {@code acc[col][co] += Σ_q dyT[q][co] * x[off[col] + q]}
     * for q in [q0, q1), four vectors of channels × six columns = 24 accumulators that stay in registers for the
     * whole chunk. The x values are scalar broadcasts, so each q costs 4 vector loads for 24 FMAs, the same
     * balance as the forward kernel (and unlike a q-vectorised dot product, no horizontal sums).
     */
    static void weightT4(float[] dyT, int ldy, int yb, float[] x, int o0, int o1, int o2, int o3, int o4, int o5,
            int q0, int q1, float[] acc, int ab, int lda) {
        FloatVector a00 = FloatVector.fromArray(S, acc, ab);
        FloatVector a01 = FloatVector.fromArray(S, acc, ab + VL);
        FloatVector a02 = FloatVector.fromArray(S, acc, ab + 2 * VL);
        FloatVector a03 = FloatVector.fromArray(S, acc, ab + 3 * VL);
        FloatVector a10 = FloatVector.fromArray(S, acc, ab + lda);
        FloatVector a11 = FloatVector.fromArray(S, acc, ab + lda + VL);
        FloatVector a12 = FloatVector.fromArray(S, acc, ab + lda + 2 * VL);
        FloatVector a13 = FloatVector.fromArray(S, acc, ab + lda + 3 * VL);
        FloatVector a20 = FloatVector.fromArray(S, acc, ab + 2 * lda);
        FloatVector a21 = FloatVector.fromArray(S, acc, ab + 2 * lda + VL);
        FloatVector a22 = FloatVector.fromArray(S, acc, ab + 2 * lda + 2 * VL);
        FloatVector a23 = FloatVector.fromArray(S, acc, ab + 2 * lda + 3 * VL);
        FloatVector a30 = FloatVector.fromArray(S, acc, ab + 3 * lda);
        FloatVector a31 = FloatVector.fromArray(S, acc, ab + 3 * lda + VL);
        FloatVector a32 = FloatVector.fromArray(S, acc, ab + 3 * lda + 2 * VL);
        FloatVector a33 = FloatVector.fromArray(S, acc, ab + 3 * lda + 3 * VL);
        FloatVector a40 = FloatVector.fromArray(S, acc, ab + 4 * lda);
        FloatVector a41 = FloatVector.fromArray(S, acc, ab + 4 * lda + VL);
        FloatVector a42 = FloatVector.fromArray(S, acc, ab + 4 * lda + 2 * VL);
        FloatVector a43 = FloatVector.fromArray(S, acc, ab + 4 * lda + 3 * VL);
        FloatVector a50 = FloatVector.fromArray(S, acc, ab + 5 * lda);
        FloatVector a51 = FloatVector.fromArray(S, acc, ab + 5 * lda + VL);
        FloatVector a52 = FloatVector.fromArray(S, acc, ab + 5 * lda + 2 * VL);
        FloatVector a53 = FloatVector.fromArray(S, acc, ab + 5 * lda + 3 * VL);
        for (int q = q0; q < q1; q++) {
            int yo = q * ldy + yb;
            FloatVector d0 = FloatVector.fromArray(S, dyT, yo);
            FloatVector d1 = FloatVector.fromArray(S, dyT, yo + VL);
            FloatVector d2 = FloatVector.fromArray(S, dyT, yo + 2 * VL);
            FloatVector d3 = FloatVector.fromArray(S, dyT, yo + 3 * VL);
            FloatVector x0 = FloatVector.broadcast(S, x[o0 + q]);
            a00 = d0.fma(x0, a00);
            a01 = d1.fma(x0, a01);
            a02 = d2.fma(x0, a02);
            a03 = d3.fma(x0, a03);
            FloatVector x1 = FloatVector.broadcast(S, x[o1 + q]);
            a10 = d0.fma(x1, a10);
            a11 = d1.fma(x1, a11);
            a12 = d2.fma(x1, a12);
            a13 = d3.fma(x1, a13);
            FloatVector x2 = FloatVector.broadcast(S, x[o2 + q]);
            a20 = d0.fma(x2, a20);
            a21 = d1.fma(x2, a21);
            a22 = d2.fma(x2, a22);
            a23 = d3.fma(x2, a23);
            FloatVector x3 = FloatVector.broadcast(S, x[o3 + q]);
            a30 = d0.fma(x3, a30);
            a31 = d1.fma(x3, a31);
            a32 = d2.fma(x3, a32);
            a33 = d3.fma(x3, a33);
            FloatVector x4 = FloatVector.broadcast(S, x[o4 + q]);
            a40 = d0.fma(x4, a40);
            a41 = d1.fma(x4, a41);
            a42 = d2.fma(x4, a42);
            a43 = d3.fma(x4, a43);
            FloatVector x5 = FloatVector.broadcast(S, x[o5 + q]);
            a50 = d0.fma(x5, a50);
            a51 = d1.fma(x5, a51);
            a52 = d2.fma(x5, a52);
            a53 = d3.fma(x5, a53);
        }
        // stores written out: a helper call would exceed C2's inlining budget and box the vectors
        a00.intoArray(acc, ab);
        a01.intoArray(acc, ab + VL);
        a02.intoArray(acc, ab + 2 * VL);
        a03.intoArray(acc, ab + 3 * VL);
        a10.intoArray(acc, ab + lda);
        a11.intoArray(acc, ab + lda + VL);
        a12.intoArray(acc, ab + lda + 2 * VL);
        a13.intoArray(acc, ab + lda + 3 * VL);
        a20.intoArray(acc, ab + 2 * lda);
        a21.intoArray(acc, ab + 2 * lda + VL);
        a22.intoArray(acc, ab + 2 * lda + 2 * VL);
        a23.intoArray(acc, ab + 2 * lda + 3 * VL);
        a30.intoArray(acc, ab + 3 * lda);
        a31.intoArray(acc, ab + 3 * lda + VL);
        a32.intoArray(acc, ab + 3 * lda + 2 * VL);
        a33.intoArray(acc, ab + 3 * lda + 3 * VL);
        a40.intoArray(acc, ab + 4 * lda);
        a41.intoArray(acc, ab + 4 * lda + VL);
        a42.intoArray(acc, ab + 4 * lda + 2 * VL);
        a43.intoArray(acc, ab + 4 * lda + 3 * VL);
        a50.intoArray(acc, ab + 5 * lda);
        a51.intoArray(acc, ab + 5 * lda + VL);
        a52.intoArray(acc, ab + 5 * lda + 2 * VL);
        a53.intoArray(acc, ab + 5 * lda + 3 * VL);
    }

    /** 2 output-channel vectors × six (channel, tap) columns; see {@link #weightT4}. */
    static void weightT2(float[] dyT, int ldy, int yb, float[] x, int o0, int o1, int o2, int o3, int o4, int o5,
            int q0, int q1, float[] acc, int ab, int lda) {
        FloatVector a00 = FloatVector.fromArray(S, acc, ab);
        FloatVector a01 = FloatVector.fromArray(S, acc, ab + VL);
        FloatVector a10 = FloatVector.fromArray(S, acc, ab + lda);
        FloatVector a11 = FloatVector.fromArray(S, acc, ab + lda + VL);
        FloatVector a20 = FloatVector.fromArray(S, acc, ab + 2 * lda);
        FloatVector a21 = FloatVector.fromArray(S, acc, ab + 2 * lda + VL);
        FloatVector a30 = FloatVector.fromArray(S, acc, ab + 3 * lda);
        FloatVector a31 = FloatVector.fromArray(S, acc, ab + 3 * lda + VL);
        FloatVector a40 = FloatVector.fromArray(S, acc, ab + 4 * lda);
        FloatVector a41 = FloatVector.fromArray(S, acc, ab + 4 * lda + VL);
        FloatVector a50 = FloatVector.fromArray(S, acc, ab + 5 * lda);
        FloatVector a51 = FloatVector.fromArray(S, acc, ab + 5 * lda + VL);
        for (int q = q0; q < q1; q++) {
            int yo = q * ldy + yb;
            FloatVector d0 = FloatVector.fromArray(S, dyT, yo);
            FloatVector d1 = FloatVector.fromArray(S, dyT, yo + VL);
            FloatVector x0 = FloatVector.broadcast(S, x[o0 + q]);
            a00 = d0.fma(x0, a00);
            a01 = d1.fma(x0, a01);
            FloatVector x1 = FloatVector.broadcast(S, x[o1 + q]);
            a10 = d0.fma(x1, a10);
            a11 = d1.fma(x1, a11);
            FloatVector x2 = FloatVector.broadcast(S, x[o2 + q]);
            a20 = d0.fma(x2, a20);
            a21 = d1.fma(x2, a21);
            FloatVector x3 = FloatVector.broadcast(S, x[o3 + q]);
            a30 = d0.fma(x3, a30);
            a31 = d1.fma(x3, a31);
            FloatVector x4 = FloatVector.broadcast(S, x[o4 + q]);
            a40 = d0.fma(x4, a40);
            a41 = d1.fma(x4, a41);
            FloatVector x5 = FloatVector.broadcast(S, x[o5 + q]);
            a50 = d0.fma(x5, a50);
            a51 = d1.fma(x5, a51);
        }
        // stores written out: a helper call would exceed C2's inlining budget and box the vectors
        a00.intoArray(acc, ab);
        a01.intoArray(acc, ab + VL);
        a10.intoArray(acc, ab + lda);
        a11.intoArray(acc, ab + lda + VL);
        a20.intoArray(acc, ab + 2 * lda);
        a21.intoArray(acc, ab + 2 * lda + VL);
        a30.intoArray(acc, ab + 3 * lda);
        a31.intoArray(acc, ab + 3 * lda + VL);
        a40.intoArray(acc, ab + 4 * lda);
        a41.intoArray(acc, ab + 4 * lda + VL);
        a50.intoArray(acc, ab + 5 * lda);
        a51.intoArray(acc, ab + 5 * lda + VL);
    }

    /** One vector of output channels × twelve columns: enough accumulators to hide FMA latency. */
    static void weightT1(float[] dyT, int ldy, int yb, float[] x, int[] off, int cb, int xg, int q0, int q1,
            float[] acc, int ab, int lda) {
        int o0 = xg + off[cb + 0];
        int o1 = xg + off[cb + 1];
        int o2 = xg + off[cb + 2];
        int o3 = xg + off[cb + 3];
        int o4 = xg + off[cb + 4];
        int o5 = xg + off[cb + 5];
        int o6 = xg + off[cb + 6];
        int o7 = xg + off[cb + 7];
        int o8 = xg + off[cb + 8];
        int o9 = xg + off[cb + 9];
        int o10 = xg + off[cb + 10];
        int o11 = xg + off[cb + 11];
        FloatVector a0 = FloatVector.fromArray(S, acc, ab);
        FloatVector a1 = FloatVector.fromArray(S, acc, ab + lda);
        FloatVector a2 = FloatVector.fromArray(S, acc, ab + 2 * lda);
        FloatVector a3 = FloatVector.fromArray(S, acc, ab + 3 * lda);
        FloatVector a4 = FloatVector.fromArray(S, acc, ab + 4 * lda);
        FloatVector a5 = FloatVector.fromArray(S, acc, ab + 5 * lda);
        FloatVector a6 = FloatVector.fromArray(S, acc, ab + 6 * lda);
        FloatVector a7 = FloatVector.fromArray(S, acc, ab + 7 * lda);
        FloatVector a8 = FloatVector.fromArray(S, acc, ab + 8 * lda);
        FloatVector a9 = FloatVector.fromArray(S, acc, ab + 9 * lda);
        FloatVector a10 = FloatVector.fromArray(S, acc, ab + 10 * lda);
        FloatVector a11 = FloatVector.fromArray(S, acc, ab + 11 * lda);
        for (int q = q0; q < q1; q++) {
            FloatVector d = FloatVector.fromArray(S, dyT, q * ldy + yb);
            a0 = d.fma(FloatVector.broadcast(S, x[o0 + q]), a0);
            a1 = d.fma(FloatVector.broadcast(S, x[o1 + q]), a1);
            a2 = d.fma(FloatVector.broadcast(S, x[o2 + q]), a2);
            a3 = d.fma(FloatVector.broadcast(S, x[o3 + q]), a3);
            a4 = d.fma(FloatVector.broadcast(S, x[o4 + q]), a4);
            a5 = d.fma(FloatVector.broadcast(S, x[o5 + q]), a5);
            a6 = d.fma(FloatVector.broadcast(S, x[o6 + q]), a6);
            a7 = d.fma(FloatVector.broadcast(S, x[o7 + q]), a7);
            a8 = d.fma(FloatVector.broadcast(S, x[o8 + q]), a8);
            a9 = d.fma(FloatVector.broadcast(S, x[o9 + q]), a9);
            a10 = d.fma(FloatVector.broadcast(S, x[o10 + q]), a10);
            a11 = d.fma(FloatVector.broadcast(S, x[o11 + q]), a11);
        }
        a0.intoArray(acc, ab);
        a1.intoArray(acc, ab + lda);
        a2.intoArray(acc, ab + 2 * lda);
        a3.intoArray(acc, ab + 3 * lda);
        a4.intoArray(acc, ab + 4 * lda);
        a5.intoArray(acc, ab + 5 * lda);
        a6.intoArray(acc, ab + 6 * lda);
        a7.intoArray(acc, ab + 7 * lda);
        a8.intoArray(acc, ab + 8 * lda);
        a9.intoArray(acc, ab + 9 * lda);
        a10.intoArray(acc, ab + 10 * lda);
        a11.intoArray(acc, ab + 11 * lda);
    }
}
