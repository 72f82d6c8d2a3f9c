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
    private static final int VL = SimdConvLayout.VL;
    /** Kernel rows per call, three columns each. */
    static final int ROWS = 6;

    private SimdConvWeightRows() {}

    /** Whether every kernel row is three adjacent taps: shifts t, t+1, t+2 differ by one. */
    static boolean applies(SimdConvLayout l) {
        return SimdConvTriples.applies(l);
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

    /**
     * Two vectors of output channels × three kernel rows of three adjacent taps (nine columns {@code off[cb + 3r]
     * + k}), two positions per step: each kernel row needs four broadcasts for twelve FMAs, against six for twelve
     * in {@link SimdConvWeightMicro#weightT2}.
     */
    static void weightRows3x2(float[] dyT, int ldy, int yb, float[] x, int[] off, int cb, int xg, int q0, int q1,
            float[] acc, int ab, int lda) {
        int o0 = xg + off[cb + 0];
        int o1 = xg + off[cb + 3];
        int o2 = xg + off[cb + 6];
        FloatVector a000 = FloatVector.fromArray(S, acc, ab + 0 * lda);
        FloatVector a001 = FloatVector.fromArray(S, acc, ab + 0 * lda + VL);
        FloatVector a010 = FloatVector.fromArray(S, acc, ab + 1 * lda);
        FloatVector a011 = FloatVector.fromArray(S, acc, ab + 1 * lda + VL);
        FloatVector a020 = FloatVector.fromArray(S, acc, ab + 2 * lda);
        FloatVector a021 = FloatVector.fromArray(S, acc, ab + 2 * lda + VL);
        FloatVector a100 = FloatVector.fromArray(S, acc, ab + 3 * lda);
        FloatVector a101 = FloatVector.fromArray(S, acc, ab + 3 * lda + VL);
        FloatVector a110 = FloatVector.fromArray(S, acc, ab + 4 * lda);
        FloatVector a111 = FloatVector.fromArray(S, acc, ab + 4 * lda + VL);
        FloatVector a120 = FloatVector.fromArray(S, acc, ab + 5 * lda);
        FloatVector a121 = FloatVector.fromArray(S, acc, ab + 5 * lda + VL);
        FloatVector a200 = FloatVector.fromArray(S, acc, ab + 6 * lda);
        FloatVector a201 = FloatVector.fromArray(S, acc, ab + 6 * lda + VL);
        FloatVector a210 = FloatVector.fromArray(S, acc, ab + 7 * lda);
        FloatVector a211 = FloatVector.fromArray(S, acc, ab + 7 * lda + VL);
        FloatVector a220 = FloatVector.fromArray(S, acc, ab + 8 * lda);
        FloatVector a221 = FloatVector.fromArray(S, acc, ab + 8 * lda + VL);
        int q = q0;
        for (; q + 2 <= q1; q += 2) {
            int yo = q * ldy + yb;
            FloatVector d00 = FloatVector.fromArray(S, dyT, yo);
            FloatVector d01 = FloatVector.fromArray(S, dyT, yo + VL);
            FloatVector d10 = FloatVector.fromArray(S, dyT, yo + ldy);
            FloatVector d11 = FloatVector.fromArray(S, dyT, yo + ldy + VL);
            int p0 = o0 + q;
            FloatVector b00 = FloatVector.broadcast(S, x[p0 + 0]);
            FloatVector b01 = FloatVector.broadcast(S, x[p0 + 1]);
            FloatVector b02 = FloatVector.broadcast(S, x[p0 + 2]);
            FloatVector b03 = FloatVector.broadcast(S, x[p0 + 3]);
            a000 = d00.fma(b00, a000);
            a001 = d01.fma(b00, a001);
            a010 = d00.fma(b01, a010);
            a011 = d01.fma(b01, a011);
            a020 = d00.fma(b02, a020);
            a021 = d01.fma(b02, a021);
            a000 = d10.fma(b01, a000);
            a001 = d11.fma(b01, a001);
            a010 = d10.fma(b02, a010);
            a011 = d11.fma(b02, a011);
            a020 = d10.fma(b03, a020);
            a021 = d11.fma(b03, a021);
            int p1 = o1 + q;
            FloatVector b10 = FloatVector.broadcast(S, x[p1 + 0]);
            FloatVector b11 = FloatVector.broadcast(S, x[p1 + 1]);
            FloatVector b12 = FloatVector.broadcast(S, x[p1 + 2]);
            FloatVector b13 = FloatVector.broadcast(S, x[p1 + 3]);
            a100 = d00.fma(b10, a100);
            a101 = d01.fma(b10, a101);
            a110 = d00.fma(b11, a110);
            a111 = d01.fma(b11, a111);
            a120 = d00.fma(b12, a120);
            a121 = d01.fma(b12, a121);
            a100 = d10.fma(b11, a100);
            a101 = d11.fma(b11, a101);
            a110 = d10.fma(b12, a110);
            a111 = d11.fma(b12, a111);
            a120 = d10.fma(b13, a120);
            a121 = d11.fma(b13, a121);
            int p2 = o2 + q;
            FloatVector b20 = FloatVector.broadcast(S, x[p2 + 0]);
            FloatVector b21 = FloatVector.broadcast(S, x[p2 + 1]);
            FloatVector b22 = FloatVector.broadcast(S, x[p2 + 2]);
            FloatVector b23 = FloatVector.broadcast(S, x[p2 + 3]);
            a200 = d00.fma(b20, a200);
            a201 = d01.fma(b20, a201);
            a210 = d00.fma(b21, a210);
            a211 = d01.fma(b21, a211);
            a220 = d00.fma(b22, a220);
            a221 = d01.fma(b22, a221);
            a200 = d10.fma(b21, a200);
            a201 = d11.fma(b21, a201);
            a210 = d10.fma(b22, a210);
            a211 = d11.fma(b22, a211);
            a220 = d10.fma(b23, a220);
            a221 = d11.fma(b23, a221);
        }
        if (q < q1) {
            int yo = q * ldy + yb;
            FloatVector d0 = FloatVector.fromArray(S, dyT, yo);
            FloatVector d1 = FloatVector.fromArray(S, dyT, yo + VL);
            FloatVector c00 = FloatVector.broadcast(S, x[o0 + q + 0]);
            a000 = d0.fma(c00, a000);
            a001 = d1.fma(c00, a001);
            FloatVector c01 = FloatVector.broadcast(S, x[o0 + q + 1]);
            a010 = d0.fma(c01, a010);
            a011 = d1.fma(c01, a011);
            FloatVector c02 = FloatVector.broadcast(S, x[o0 + q + 2]);
            a020 = d0.fma(c02, a020);
            a021 = d1.fma(c02, a021);
            FloatVector c10 = FloatVector.broadcast(S, x[o1 + q + 0]);
            a100 = d0.fma(c10, a100);
            a101 = d1.fma(c10, a101);
            FloatVector c11 = FloatVector.broadcast(S, x[o1 + q + 1]);
            a110 = d0.fma(c11, a110);
            a111 = d1.fma(c11, a111);
            FloatVector c12 = FloatVector.broadcast(S, x[o1 + q + 2]);
            a120 = d0.fma(c12, a120);
            a121 = d1.fma(c12, a121);
            FloatVector c20 = FloatVector.broadcast(S, x[o2 + q + 0]);
            a200 = d0.fma(c20, a200);
            a201 = d1.fma(c20, a201);
            FloatVector c21 = FloatVector.broadcast(S, x[o2 + q + 1]);
            a210 = d0.fma(c21, a210);
            a211 = d1.fma(c21, a211);
            FloatVector c22 = FloatVector.broadcast(S, x[o2 + q + 2]);
            a220 = d0.fma(c22, a220);
            a221 = d1.fma(c22, a221);
        }
        // stores written out: a helper call would exceed C2's inlining budget and box the vectors
        a000.intoArray(acc, ab + 0 * lda);
        a001.intoArray(acc, ab + 0 * lda + VL);
        a010.intoArray(acc, ab + 1 * lda);
        a011.intoArray(acc, ab + 1 * lda + VL);
        a020.intoArray(acc, ab + 2 * lda);
        a021.intoArray(acc, ab + 2 * lda + VL);
        a100.intoArray(acc, ab + 3 * lda);
        a101.intoArray(acc, ab + 3 * lda + VL);
        a110.intoArray(acc, ab + 4 * lda);
        a111.intoArray(acc, ab + 4 * lda + VL);
        a120.intoArray(acc, ab + 5 * lda);
        a121.intoArray(acc, ab + 5 * lda + VL);
        a200.intoArray(acc, ab + 6 * lda);
        a201.intoArray(acc, ab + 6 * lda + VL);
        a210.intoArray(acc, ab + 7 * lda);
        a211.intoArray(acc, ab + 7 * lda + VL);
        a220.intoArray(acc, ab + 8 * lda);
        a221.intoArray(acc, ab + 8 * lda + VL);
    }
}
