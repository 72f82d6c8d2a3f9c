package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward weight for a single vector of output channels (16 or 48 channels per group, the CIFAR ResNet widths)
 * when the kernel is three taps wide with dilation 1, the common 3x3 case. Written out like the other micro-kernels
 * so that C2 keeps every accumulator and broadcast in a register.
 */
final class SimdConvWeightRows {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    /** Kernel rows per call, three columns each. */
    static final int ROWS = 6;

    private SimdConvWeightRows() {}

    /** Whether every kernel row is three adjacent taps: shifts t, t+1, t+2 differ by one. */
    static boolean applies(SimdConvLayout l) {
        if (l.taps % 3 != 0) {
            return false;
        }
        for (int t = 0; t < l.taps; t += 3) {
            if (l.shifts[t + 1] != l.shifts[t] + 1 || l.shifts[t + 2] != l.shifts[t] + 2) {
                return false;
            }
        }
        return true;
    }

    /**
     * One vector of output channels × six kernel rows of three adjacent taps (kernel width 3, dilation 1): 18
     * columns {@code off[cb + 3r] + k}, k = 0..2. Adjacent taps read adjacent x, so with four positions per step a
     * kernel row needs six broadcasts for twelve FMAs instead of twelve for twelve, which makes this case
     * FMA-bound rather than load-bound: measured 200 GFLOP/s per core in L1 against 140 for
     * {@link SimdConvWeightMicro#weightT1}.
     */
    static void weightRows6(float[] dyT, int ldy, int yb, float[] x, int[] off, int cb, int xg, int q0, int q1,
            float[] acc, int ab, int lda) {
        int o0 = xg + off[cb + 0];
        int o1 = xg + off[cb + 3];
        int o2 = xg + off[cb + 6];
        int o3 = xg + off[cb + 9];
        int o4 = xg + off[cb + 12];
        int o5 = xg + off[cb + 15];
        FloatVector a00 = FloatVector.fromArray(S, acc, ab + 0 * lda);
        FloatVector a01 = FloatVector.fromArray(S, acc, ab + 1 * lda);
        FloatVector a02 = FloatVector.fromArray(S, acc, ab + 2 * lda);
        FloatVector a10 = FloatVector.fromArray(S, acc, ab + 3 * lda);
        FloatVector a11 = FloatVector.fromArray(S, acc, ab + 4 * lda);
        FloatVector a12 = FloatVector.fromArray(S, acc, ab + 5 * lda);
        FloatVector a20 = FloatVector.fromArray(S, acc, ab + 6 * lda);
        FloatVector a21 = FloatVector.fromArray(S, acc, ab + 7 * lda);
        FloatVector a22 = FloatVector.fromArray(S, acc, ab + 8 * lda);
        FloatVector a30 = FloatVector.fromArray(S, acc, ab + 9 * lda);
        FloatVector a31 = FloatVector.fromArray(S, acc, ab + 10 * lda);
        FloatVector a32 = FloatVector.fromArray(S, acc, ab + 11 * lda);
        FloatVector a40 = FloatVector.fromArray(S, acc, ab + 12 * lda);
        FloatVector a41 = FloatVector.fromArray(S, acc, ab + 13 * lda);
        FloatVector a42 = FloatVector.fromArray(S, acc, ab + 14 * lda);
        FloatVector a50 = FloatVector.fromArray(S, acc, ab + 15 * lda);
        FloatVector a51 = FloatVector.fromArray(S, acc, ab + 16 * lda);
        FloatVector a52 = FloatVector.fromArray(S, acc, ab + 17 * lda);
        int q = q0;
        for (; q + 4 <= q1; q += 4) {
            int yo = q * ldy + yb;
            FloatVector d0 = FloatVector.fromArray(S, dyT, yo + 0 * ldy);
            FloatVector d1 = FloatVector.fromArray(S, dyT, yo + 1 * ldy);
            FloatVector d2 = FloatVector.fromArray(S, dyT, yo + 2 * ldy);
            FloatVector d3 = FloatVector.fromArray(S, dyT, yo + 3 * ldy);
            int p0 = o0 + q;
            FloatVector b00 = FloatVector.broadcast(S, x[p0 + 0]);
            FloatVector b01 = FloatVector.broadcast(S, x[p0 + 1]);
            FloatVector b02 = FloatVector.broadcast(S, x[p0 + 2]);
            FloatVector b03 = FloatVector.broadcast(S, x[p0 + 3]);
            FloatVector b04 = FloatVector.broadcast(S, x[p0 + 4]);
            FloatVector b05 = FloatVector.broadcast(S, x[p0 + 5]);
            a00 = d0.fma(b00, a00);
            a01 = d0.fma(b01, a01);
            a02 = d0.fma(b02, a02);
            a00 = d1.fma(b01, a00);
            a01 = d1.fma(b02, a01);
            a02 = d1.fma(b03, a02);
            a00 = d2.fma(b02, a00);
            a01 = d2.fma(b03, a01);
            a02 = d2.fma(b04, a02);
            a00 = d3.fma(b03, a00);
            a01 = d3.fma(b04, a01);
            a02 = d3.fma(b05, a02);
            int p1 = o1 + q;
            FloatVector b10 = FloatVector.broadcast(S, x[p1 + 0]);
            FloatVector b11 = FloatVector.broadcast(S, x[p1 + 1]);
            FloatVector b12 = FloatVector.broadcast(S, x[p1 + 2]);
            FloatVector b13 = FloatVector.broadcast(S, x[p1 + 3]);
            FloatVector b14 = FloatVector.broadcast(S, x[p1 + 4]);
            FloatVector b15 = FloatVector.broadcast(S, x[p1 + 5]);
            a10 = d0.fma(b10, a10);
            a11 = d0.fma(b11, a11);
            a12 = d0.fma(b12, a12);
            a10 = d1.fma(b11, a10);
            a11 = d1.fma(b12, a11);
            a12 = d1.fma(b13, a12);
            a10 = d2.fma(b12, a10);
            a11 = d2.fma(b13, a11);
            a12 = d2.fma(b14, a12);
            a10 = d3.fma(b13, a10);
            a11 = d3.fma(b14, a11);
            a12 = d3.fma(b15, a12);
            int p2 = o2 + q;
            FloatVector b20 = FloatVector.broadcast(S, x[p2 + 0]);
            FloatVector b21 = FloatVector.broadcast(S, x[p2 + 1]);
            FloatVector b22 = FloatVector.broadcast(S, x[p2 + 2]);
            FloatVector b23 = FloatVector.broadcast(S, x[p2 + 3]);
            FloatVector b24 = FloatVector.broadcast(S, x[p2 + 4]);
            FloatVector b25 = FloatVector.broadcast(S, x[p2 + 5]);
            a20 = d0.fma(b20, a20);
            a21 = d0.fma(b21, a21);
            a22 = d0.fma(b22, a22);
            a20 = d1.fma(b21, a20);
            a21 = d1.fma(b22, a21);
            a22 = d1.fma(b23, a22);
            a20 = d2.fma(b22, a20);
            a21 = d2.fma(b23, a21);
            a22 = d2.fma(b24, a22);
            a20 = d3.fma(b23, a20);
            a21 = d3.fma(b24, a21);
            a22 = d3.fma(b25, a22);
            int p3 = o3 + q;
            FloatVector b30 = FloatVector.broadcast(S, x[p3 + 0]);
            FloatVector b31 = FloatVector.broadcast(S, x[p3 + 1]);
            FloatVector b32 = FloatVector.broadcast(S, x[p3 + 2]);
            FloatVector b33 = FloatVector.broadcast(S, x[p3 + 3]);
            FloatVector b34 = FloatVector.broadcast(S, x[p3 + 4]);
            FloatVector b35 = FloatVector.broadcast(S, x[p3 + 5]);
            a30 = d0.fma(b30, a30);
            a31 = d0.fma(b31, a31);
            a32 = d0.fma(b32, a32);
            a30 = d1.fma(b31, a30);
            a31 = d1.fma(b32, a31);
            a32 = d1.fma(b33, a32);
            a30 = d2.fma(b32, a30);
            a31 = d2.fma(b33, a31);
            a32 = d2.fma(b34, a32);
            a30 = d3.fma(b33, a30);
            a31 = d3.fma(b34, a31);
            a32 = d3.fma(b35, a32);
            int p4 = o4 + q;
            FloatVector b40 = FloatVector.broadcast(S, x[p4 + 0]);
            FloatVector b41 = FloatVector.broadcast(S, x[p4 + 1]);
            FloatVector b42 = FloatVector.broadcast(S, x[p4 + 2]);
            FloatVector b43 = FloatVector.broadcast(S, x[p4 + 3]);
            FloatVector b44 = FloatVector.broadcast(S, x[p4 + 4]);
            FloatVector b45 = FloatVector.broadcast(S, x[p4 + 5]);
            a40 = d0.fma(b40, a40);
            a41 = d0.fma(b41, a41);
            a42 = d0.fma(b42, a42);
            a40 = d1.fma(b41, a40);
            a41 = d1.fma(b42, a41);
            a42 = d1.fma(b43, a42);
            a40 = d2.fma(b42, a40);
            a41 = d2.fma(b43, a41);
            a42 = d2.fma(b44, a42);
            a40 = d3.fma(b43, a40);
            a41 = d3.fma(b44, a41);
            a42 = d3.fma(b45, a42);
            int p5 = o5 + q;
            FloatVector b50 = FloatVector.broadcast(S, x[p5 + 0]);
            FloatVector b51 = FloatVector.broadcast(S, x[p5 + 1]);
            FloatVector b52 = FloatVector.broadcast(S, x[p5 + 2]);
            FloatVector b53 = FloatVector.broadcast(S, x[p5 + 3]);
            FloatVector b54 = FloatVector.broadcast(S, x[p5 + 4]);
            FloatVector b55 = FloatVector.broadcast(S, x[p5 + 5]);
            a50 = d0.fma(b50, a50);
            a51 = d0.fma(b51, a51);
            a52 = d0.fma(b52, a52);
            a50 = d1.fma(b51, a50);
            a51 = d1.fma(b52, a51);
            a52 = d1.fma(b53, a52);
            a50 = d2.fma(b52, a50);
            a51 = d2.fma(b53, a51);
            a52 = d2.fma(b54, a52);
            a50 = d3.fma(b53, a50);
            a51 = d3.fma(b54, a51);
            a52 = d3.fma(b55, a52);
        }
        for (; q < q1; q++) {
            FloatVector d = FloatVector.fromArray(S, dyT, q * ldy + yb);
            a00 = d.fma(FloatVector.broadcast(S, x[o0 + q + 0]), a00);
            a01 = d.fma(FloatVector.broadcast(S, x[o0 + q + 1]), a01);
            a02 = d.fma(FloatVector.broadcast(S, x[o0 + q + 2]), a02);
            a10 = d.fma(FloatVector.broadcast(S, x[o1 + q + 0]), a10);
            a11 = d.fma(FloatVector.broadcast(S, x[o1 + q + 1]), a11);
            a12 = d.fma(FloatVector.broadcast(S, x[o1 + q + 2]), a12);
            a20 = d.fma(FloatVector.broadcast(S, x[o2 + q + 0]), a20);
            a21 = d.fma(FloatVector.broadcast(S, x[o2 + q + 1]), a21);
            a22 = d.fma(FloatVector.broadcast(S, x[o2 + q + 2]), a22);
            a30 = d.fma(FloatVector.broadcast(S, x[o3 + q + 0]), a30);
            a31 = d.fma(FloatVector.broadcast(S, x[o3 + q + 1]), a31);
            a32 = d.fma(FloatVector.broadcast(S, x[o3 + q + 2]), a32);
            a40 = d.fma(FloatVector.broadcast(S, x[o4 + q + 0]), a40);
            a41 = d.fma(FloatVector.broadcast(S, x[o4 + q + 1]), a41);
            a42 = d.fma(FloatVector.broadcast(S, x[o4 + q + 2]), a42);
            a50 = d.fma(FloatVector.broadcast(S, x[o5 + q + 0]), a50);
            a51 = d.fma(FloatVector.broadcast(S, x[o5 + q + 1]), a51);
            a52 = d.fma(FloatVector.broadcast(S, x[o5 + q + 2]), a52);
        }
        // stores written out: a helper call would exceed C2's inlining budget and box the vectors
        a00.intoArray(acc, ab + 0 * lda);
        a01.intoArray(acc, ab + 1 * lda);
        a02.intoArray(acc, ab + 2 * lda);
        a10.intoArray(acc, ab + 3 * lda);
        a11.intoArray(acc, ab + 4 * lda);
        a12.intoArray(acc, ab + 5 * lda);
        a20.intoArray(acc, ab + 6 * lda);
        a21.intoArray(acc, ab + 7 * lda);
        a22.intoArray(acc, ab + 8 * lda);
        a30.intoArray(acc, ab + 9 * lda);
        a31.intoArray(acc, ab + 10 * lda);
        a32.intoArray(acc, ab + 11 * lda);
        a40.intoArray(acc, ab + 12 * lda);
        a41.intoArray(acc, ab + 13 * lda);
        a42.intoArray(acc, ab + 14 * lda);
        a50.intoArray(acc, ab + 15 * lda);
        a51.intoArray(acc, ab + 16 * lda);
        a52.intoArray(acc, ab + 17 * lda);
    }
}
