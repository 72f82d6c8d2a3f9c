package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner loop of the channel-vectorised convolution ({@link SimdConvChannels}): eight consecutive output positions
 * × two vectors of output channels, 16 accumulators in named locals. Each step (source channel, tap) loads two
 * weight vectors and broadcasts eight source values, so no position is ever computed only to be dropped.
 */
final class SimdConvChannelsMicro {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;
    /** Positions per call. */
    static final int POS = 8;
    /** Output channels per call: two vectors. */
    static final int CO = 2 * VL;

    private SimdConvChannelsMicro() {}

    /**
     * {@code t[tb + r*ld + c] += Σ_{s in [s0, s1)} x[xb + offs[s] + r] * w[wb + s*CO + c]} for r < 8, c < CO.
     */
    static void tile8x2(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] t, int tb,
            int ld) {
        FloatVector a00 = FloatVector.fromArray(S, t, tb), a01 = FloatVector.fromArray(S, t, tb + VL);
        FloatVector a10 = FloatVector.fromArray(S, t, tb + ld), a11 = FloatVector.fromArray(S, t, tb + ld + VL);
        FloatVector a20 = FloatVector.fromArray(S, t, tb + 2 * ld);
        FloatVector a21 = FloatVector.fromArray(S, t, tb + 2 * ld + VL);
        FloatVector a30 = FloatVector.fromArray(S, t, tb + 3 * ld);
        FloatVector a31 = FloatVector.fromArray(S, t, tb + 3 * ld + VL);
        FloatVector a40 = FloatVector.fromArray(S, t, tb + 4 * ld);
        FloatVector a41 = FloatVector.fromArray(S, t, tb + 4 * ld + VL);
        FloatVector a50 = FloatVector.fromArray(S, t, tb + 5 * ld);
        FloatVector a51 = FloatVector.fromArray(S, t, tb + 5 * ld + VL);
        FloatVector a60 = FloatVector.fromArray(S, t, tb + 6 * ld);
        FloatVector a61 = FloatVector.fromArray(S, t, tb + 6 * ld + VL);
        FloatVector a70 = FloatVector.fromArray(S, t, tb + 7 * ld);
        FloatVector a71 = FloatVector.fromArray(S, t, tb + 7 * ld + VL);
        for (int s = s0; s < s1; s++) {
            int xo = xb + offs[s];
            int wo = wb + s * CO;
            FloatVector w0 = FloatVector.fromArray(S, w, wo);
            FloatVector w1 = FloatVector.fromArray(S, w, wo + VL);
            FloatVector b = FloatVector.broadcast(S, x[xo]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            b = FloatVector.broadcast(S, x[xo + 1]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(S, x[xo + 2]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            b = FloatVector.broadcast(S, x[xo + 3]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            b = FloatVector.broadcast(S, x[xo + 4]);
            a40 = w0.fma(b, a40);
            a41 = w1.fma(b, a41);
            b = FloatVector.broadcast(S, x[xo + 5]);
            a50 = w0.fma(b, a50);
            a51 = w1.fma(b, a51);
            b = FloatVector.broadcast(S, x[xo + 6]);
            a60 = w0.fma(b, a60);
            a61 = w1.fma(b, a61);
            b = FloatVector.broadcast(S, x[xo + 7]);
            a70 = w0.fma(b, a70);
            a71 = w1.fma(b, a71);
        }
        a00.intoArray(t, tb);
        a01.intoArray(t, tb + VL);
        a10.intoArray(t, tb + ld);
        a11.intoArray(t, tb + ld + VL);
        a20.intoArray(t, tb + 2 * ld);
        a21.intoArray(t, tb + 2 * ld + VL);
        a30.intoArray(t, tb + 3 * ld);
        a31.intoArray(t, tb + 3 * ld + VL);
        a40.intoArray(t, tb + 4 * ld);
        a41.intoArray(t, tb + 4 * ld + VL);
        a50.intoArray(t, tb + 5 * ld);
        a51.intoArray(t, tb + 5 * ld + VL);
        a60.intoArray(t, tb + 6 * ld);
        a61.intoArray(t, tb + 6 * ld + VL);
        a70.intoArray(t, tb + 7 * ld);
        a71.intoArray(t, tb + 7 * ld + VL);
    }

    /**
     * As {@link #tile8x2} for kernels three taps wide (dilation 1, stride 1), a kernel row per iteration: steps s,
     * s+1, s+2 are taps kx = 0, 1, 2 of one source channel and kernel row, reading {@code x[xo + r + kx]}, so the ten
     * source values {@code x[xo .. xo+9]} feed all 48 FMAs of the row (8 positions × 3 taps × 2 vectors): ten
     * broadcasts instead of 24, and one offset per row. {@code s0} and {@code s1} are multiples of 3.
     */
    static void tile8x2Row3(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] t, int tb,
            int ld) {
        FloatVector a00 = FloatVector.fromArray(S, t, tb);
        FloatVector a01 = FloatVector.fromArray(S, t, tb + VL);
        FloatVector a10 = FloatVector.fromArray(S, t, tb + ld);
        FloatVector a11 = FloatVector.fromArray(S, t, tb + ld + VL);
        FloatVector a20 = FloatVector.fromArray(S, t, tb + 2 * ld);
        FloatVector a21 = FloatVector.fromArray(S, t, tb + 2 * ld + VL);
        FloatVector a30 = FloatVector.fromArray(S, t, tb + 3 * ld);
        FloatVector a31 = FloatVector.fromArray(S, t, tb + 3 * ld + VL);
        FloatVector a40 = FloatVector.fromArray(S, t, tb + 4 * ld);
        FloatVector a41 = FloatVector.fromArray(S, t, tb + 4 * ld + VL);
        FloatVector a50 = FloatVector.fromArray(S, t, tb + 5 * ld);
        FloatVector a51 = FloatVector.fromArray(S, t, tb + 5 * ld + VL);
        FloatVector a60 = FloatVector.fromArray(S, t, tb + 6 * ld);
        FloatVector a61 = FloatVector.fromArray(S, t, tb + 6 * ld + VL);
        FloatVector a70 = FloatVector.fromArray(S, t, tb + 7 * ld);
        FloatVector a71 = FloatVector.fromArray(S, t, tb + 7 * ld + VL);
        for (int s = s0; s < s1; s += 3) {
            int xo = xb + offs[s];
            int wo = wb + s * CO;
            FloatVector w00 = FloatVector.fromArray(S, w, wo);
            FloatVector w01 = FloatVector.fromArray(S, w, wo + VL);
            FloatVector w10 = FloatVector.fromArray(S, w, wo + CO);
            FloatVector w11 = FloatVector.fromArray(S, w, wo + CO + VL);
            FloatVector w20 = FloatVector.fromArray(S, w, wo + 2 * CO);
            FloatVector w21 = FloatVector.fromArray(S, w, wo + 2 * CO + VL);
            FloatVector b = FloatVector.broadcast(S, x[xo]);
            a00 = w00.fma(b, a00);
            a01 = w01.fma(b, a01);
            b = FloatVector.broadcast(S, x[xo + 1]);
            a10 = w00.fma(b, a10);
            a11 = w01.fma(b, a11);
            a00 = w10.fma(b, a00);
            a01 = w11.fma(b, a01);
            b = FloatVector.broadcast(S, x[xo + 2]);
            a20 = w00.fma(b, a20);
            a21 = w01.fma(b, a21);
            a10 = w10.fma(b, a10);
            a11 = w11.fma(b, a11);
            a00 = w20.fma(b, a00);
            a01 = w21.fma(b, a01);
            b = FloatVector.broadcast(S, x[xo + 3]);
            a30 = w00.fma(b, a30);
            a31 = w01.fma(b, a31);
            a20 = w10.fma(b, a20);
            a21 = w11.fma(b, a21);
            a10 = w20.fma(b, a10);
            a11 = w21.fma(b, a11);
            b = FloatVector.broadcast(S, x[xo + 4]);
            a40 = w00.fma(b, a40);
            a41 = w01.fma(b, a41);
            a30 = w10.fma(b, a30);
            a31 = w11.fma(b, a31);
            a20 = w20.fma(b, a20);
            a21 = w21.fma(b, a21);
            b = FloatVector.broadcast(S, x[xo + 5]);
            a50 = w00.fma(b, a50);
            a51 = w01.fma(b, a51);
            a40 = w10.fma(b, a40);
            a41 = w11.fma(b, a41);
            a30 = w20.fma(b, a30);
            a31 = w21.fma(b, a31);
            b = FloatVector.broadcast(S, x[xo + 6]);
            a60 = w00.fma(b, a60);
            a61 = w01.fma(b, a61);
            a50 = w10.fma(b, a50);
            a51 = w11.fma(b, a51);
            a40 = w20.fma(b, a40);
            a41 = w21.fma(b, a41);
            b = FloatVector.broadcast(S, x[xo + 7]);
            a70 = w00.fma(b, a70);
            a71 = w01.fma(b, a71);
            a60 = w10.fma(b, a60);
            a61 = w11.fma(b, a61);
            a50 = w20.fma(b, a50);
            a51 = w21.fma(b, a51);
            b = FloatVector.broadcast(S, x[xo + 8]);
            a70 = w10.fma(b, a70);
            a71 = w11.fma(b, a71);
            a60 = w20.fma(b, a60);
            a61 = w21.fma(b, a61);
            b = FloatVector.broadcast(S, x[xo + 9]);
            a70 = w20.fma(b, a70);
            a71 = w21.fma(b, a71);
        }
        a00.intoArray(t, tb);
        a01.intoArray(t, tb + VL);
        a10.intoArray(t, tb + ld);
        a11.intoArray(t, tb + ld + VL);
        a20.intoArray(t, tb + 2 * ld);
        a21.intoArray(t, tb + 2 * ld + VL);
        a30.intoArray(t, tb + 3 * ld);
        a31.intoArray(t, tb + 3 * ld + VL);
        a40.intoArray(t, tb + 4 * ld);
        a41.intoArray(t, tb + 4 * ld + VL);
        a50.intoArray(t, tb + 5 * ld);
        a51.intoArray(t, tb + 5 * ld + VL);
        a60.intoArray(t, tb + 6 * ld);
        a61.intoArray(t, tb + 6 * ld + VL);
        a70.intoArray(t, tb + 7 * ld);
        a71.intoArray(t, tb + 7 * ld + VL);
    }

    /**
     * As {@link #tile8x2} for outputs two source positions apart (stride 2), with the offsets written out: C2 then
     * addresses the broadcasts with constant displacements, where {@link #tile8x2Strided}'s offsets in registers ran
     * 20% slower per call (125-131 against 159-164 GFLOP/s per core at stride 1, L1-resident).
     */
    static void tile8x2Stride2(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] t, int tb,
            int ld) {
        FloatVector a00 = FloatVector.fromArray(S, t, tb), a01 = FloatVector.fromArray(S, t, tb + VL);
        FloatVector a10 = FloatVector.fromArray(S, t, tb + ld), a11 = FloatVector.fromArray(S, t, tb + ld + VL);
        FloatVector a20 = FloatVector.fromArray(S, t, tb + 2 * ld);
        FloatVector a21 = FloatVector.fromArray(S, t, tb + 2 * ld + VL);
        FloatVector a30 = FloatVector.fromArray(S, t, tb + 3 * ld);
        FloatVector a31 = FloatVector.fromArray(S, t, tb + 3 * ld + VL);
        FloatVector a40 = FloatVector.fromArray(S, t, tb + 4 * ld);
        FloatVector a41 = FloatVector.fromArray(S, t, tb + 4 * ld + VL);
        FloatVector a50 = FloatVector.fromArray(S, t, tb + 5 * ld);
        FloatVector a51 = FloatVector.fromArray(S, t, tb + 5 * ld + VL);
        FloatVector a60 = FloatVector.fromArray(S, t, tb + 6 * ld);
        FloatVector a61 = FloatVector.fromArray(S, t, tb + 6 * ld + VL);
        FloatVector a70 = FloatVector.fromArray(S, t, tb + 7 * ld);
        FloatVector a71 = FloatVector.fromArray(S, t, tb + 7 * ld + VL);
        for (int s = s0; s < s1; s++) {
            int xo = xb + offs[s];
            int wo = wb + s * CO;
            FloatVector w0 = FloatVector.fromArray(S, w, wo);
            FloatVector w1 = FloatVector.fromArray(S, w, wo + VL);
            FloatVector b = FloatVector.broadcast(S, x[xo]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            b = FloatVector.broadcast(S, x[xo + 2]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(S, x[xo + 4]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            b = FloatVector.broadcast(S, x[xo + 6]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            b = FloatVector.broadcast(S, x[xo + 8]);
            a40 = w0.fma(b, a40);
            a41 = w1.fma(b, a41);
            b = FloatVector.broadcast(S, x[xo + 10]);
            a50 = w0.fma(b, a50);
            a51 = w1.fma(b, a51);
            b = FloatVector.broadcast(S, x[xo + 12]);
            a60 = w0.fma(b, a60);
            a61 = w1.fma(b, a61);
            b = FloatVector.broadcast(S, x[xo + 14]);
            a70 = w0.fma(b, a70);
            a71 = w1.fma(b, a71);
        }
        a00.intoArray(t, tb);
        a01.intoArray(t, tb + VL);
        a10.intoArray(t, tb + ld);
        a11.intoArray(t, tb + ld + VL);
        a20.intoArray(t, tb + 2 * ld);
        a21.intoArray(t, tb + 2 * ld + VL);
        a30.intoArray(t, tb + 3 * ld);
        a31.intoArray(t, tb + 3 * ld + VL);
        a40.intoArray(t, tb + 4 * ld);
        a41.intoArray(t, tb + 4 * ld + VL);
        a50.intoArray(t, tb + 5 * ld);
        a51.intoArray(t, tb + 5 * ld + VL);
        a60.intoArray(t, tb + 6 * ld);
        a61.intoArray(t, tb + 6 * ld + VL);
        a70.intoArray(t, tb + 7 * ld);
        a71.intoArray(t, tb + 7 * ld + VL);
    }

    /**
     * As {@link #tile8x2} for outputs {@code st} source positions apart (strided convolution on the padded planes of
     * its stride-1 layout): broadcasts are scalar loads, so the stride costs nothing in the loop.
     */
    static void tile8x2Strided(float[] x, int xb, int st, int[] offs, int s0, int s1, float[] w, int wb, float[] t,
            int tb, int ld) {
        FloatVector a00 = FloatVector.fromArray(S, t, tb), a01 = FloatVector.fromArray(S, t, tb + VL);
        FloatVector a10 = FloatVector.fromArray(S, t, tb + ld), a11 = FloatVector.fromArray(S, t, tb + ld + VL);
        FloatVector a20 = FloatVector.fromArray(S, t, tb + 2 * ld);
        FloatVector a21 = FloatVector.fromArray(S, t, tb + 2 * ld + VL);
        FloatVector a30 = FloatVector.fromArray(S, t, tb + 3 * ld);
        FloatVector a31 = FloatVector.fromArray(S, t, tb + 3 * ld + VL);
        FloatVector a40 = FloatVector.fromArray(S, t, tb + 4 * ld);
        FloatVector a41 = FloatVector.fromArray(S, t, tb + 4 * ld + VL);
        FloatVector a50 = FloatVector.fromArray(S, t, tb + 5 * ld);
        FloatVector a51 = FloatVector.fromArray(S, t, tb + 5 * ld + VL);
        FloatVector a60 = FloatVector.fromArray(S, t, tb + 6 * ld);
        FloatVector a61 = FloatVector.fromArray(S, t, tb + 6 * ld + VL);
        FloatVector a70 = FloatVector.fromArray(S, t, tb + 7 * ld);
        FloatVector a71 = FloatVector.fromArray(S, t, tb + 7 * ld + VL);
        int i1 = st, i2 = 2 * st, i3 = 3 * st, i4 = 4 * st, i5 = 5 * st, i6 = 6 * st, i7 = 7 * st;
        for (int s = s0; s < s1; s++) {
            int xo = xb + offs[s];
            int wo = wb + s * CO;
            FloatVector w0 = FloatVector.fromArray(S, w, wo);
            FloatVector w1 = FloatVector.fromArray(S, w, wo + VL);
            FloatVector b = FloatVector.broadcast(S, x[xo]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            b = FloatVector.broadcast(S, x[xo + i1]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(S, x[xo + i2]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            b = FloatVector.broadcast(S, x[xo + i3]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            b = FloatVector.broadcast(S, x[xo + i4]);
            a40 = w0.fma(b, a40);
            a41 = w1.fma(b, a41);
            b = FloatVector.broadcast(S, x[xo + i5]);
            a50 = w0.fma(b, a50);
            a51 = w1.fma(b, a51);
            b = FloatVector.broadcast(S, x[xo + i6]);
            a60 = w0.fma(b, a60);
            a61 = w1.fma(b, a61);
            b = FloatVector.broadcast(S, x[xo + i7]);
            a70 = w0.fma(b, a70);
            a71 = w1.fma(b, a71);
        }
        a00.intoArray(t, tb);
        a01.intoArray(t, tb + VL);
        a10.intoArray(t, tb + ld);
        a11.intoArray(t, tb + ld + VL);
        a20.intoArray(t, tb + 2 * ld);
        a21.intoArray(t, tb + 2 * ld + VL);
        a30.intoArray(t, tb + 3 * ld);
        a31.intoArray(t, tb + 3 * ld + VL);
        a40.intoArray(t, tb + 4 * ld);
        a41.intoArray(t, tb + 4 * ld + VL);
        a50.intoArray(t, tb + 5 * ld);
        a51.intoArray(t, tb + 5 * ld + VL);
        a60.intoArray(t, tb + 6 * ld);
        a61.intoArray(t, tb + 6 * ld + VL);
        a70.intoArray(t, tb + 7 * ld);
        a71.intoArray(t, tb + 7 * ld + VL);
    }

    /** Positions per call of {@link #tile10x1}. */
    static final int POS_NARROW = 10;

    /**
     * Ten consecutive positions × one vector of output channels, for layers with at most 16 output channels on
     * rows of ten outputs (LeNet-5's second convolution): weights [step][VL], otherwise as {@link #tile8x2}.
     */
    static void tile10x1(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] t, int tb,
            int ld) {
        FloatVector a0 = FloatVector.fromArray(S, t, tb);
        FloatVector a1 = FloatVector.fromArray(S, t, tb + 1 * ld);
        FloatVector a2 = FloatVector.fromArray(S, t, tb + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, t, tb + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, t, tb + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, t, tb + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, t, tb + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, t, tb + 7 * ld);
        FloatVector a8 = FloatVector.fromArray(S, t, tb + 8 * ld);
        FloatVector a9 = FloatVector.fromArray(S, t, tb + 9 * ld);
        for (int s = s0; s < s1; s++) {
            int xo = xb + offs[s];
            FloatVector w0 = FloatVector.fromArray(S, w, wb + s * VL);
            a0 = w0.fma(FloatVector.broadcast(S, x[xo]), a0);
            a1 = w0.fma(FloatVector.broadcast(S, x[xo + 1]), a1);
            a2 = w0.fma(FloatVector.broadcast(S, x[xo + 2]), a2);
            a3 = w0.fma(FloatVector.broadcast(S, x[xo + 3]), a3);
            a4 = w0.fma(FloatVector.broadcast(S, x[xo + 4]), a4);
            a5 = w0.fma(FloatVector.broadcast(S, x[xo + 5]), a5);
            a6 = w0.fma(FloatVector.broadcast(S, x[xo + 6]), a6);
            a7 = w0.fma(FloatVector.broadcast(S, x[xo + 7]), a7);
            a8 = w0.fma(FloatVector.broadcast(S, x[xo + 8]), a8);
            a9 = w0.fma(FloatVector.broadcast(S, x[xo + 9]), a9);
        }
        a0.intoArray(t, tb);
        a1.intoArray(t, tb + 1 * ld);
        a2.intoArray(t, tb + 2 * ld);
        a3.intoArray(t, tb + 3 * ld);
        a4.intoArray(t, tb + 4 * ld);
        a5.intoArray(t, tb + 5 * ld);
        a6.intoArray(t, tb + 6 * ld);
        a7.intoArray(t, tb + 7 * ld);
        a8.intoArray(t, tb + 8 * ld);
        a9.intoArray(t, tb + 9 * ld);
    }

    /** Positions per call of {@link #tile16x1}. */
    static final int POS_WIDE = 16;

    /**
     * Sixteen consecutive source positions × one vector of destination channels, {@code t[tb + r*ld + c]}: for
     * passes with 16 destination channels (backward data of a strided layer with 16 input channels, whose
     * positions land {@code ld} floats apart in t). Per step one weight load and sixteen broadcasts feed sixteen
     * FMAs.
     */
    static void tile16x1(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] t, int tb,
            int ld) {
        FloatVector a0 = FloatVector.fromArray(S, t, tb);
        FloatVector a1 = FloatVector.fromArray(S, t, tb + 1 * ld);
        FloatVector a2 = FloatVector.fromArray(S, t, tb + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, t, tb + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, t, tb + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, t, tb + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, t, tb + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, t, tb + 7 * ld);
        FloatVector a8 = FloatVector.fromArray(S, t, tb + 8 * ld);
        FloatVector a9 = FloatVector.fromArray(S, t, tb + 9 * ld);
        FloatVector a10 = FloatVector.fromArray(S, t, tb + 10 * ld);
        FloatVector a11 = FloatVector.fromArray(S, t, tb + 11 * ld);
        FloatVector a12 = FloatVector.fromArray(S, t, tb + 12 * ld);
        FloatVector a13 = FloatVector.fromArray(S, t, tb + 13 * ld);
        FloatVector a14 = FloatVector.fromArray(S, t, tb + 14 * ld);
        FloatVector a15 = FloatVector.fromArray(S, t, tb + 15 * ld);
        for (int s = s0; s < s1; s++) {
            int xo = xb + offs[s];
            FloatVector w0 = FloatVector.fromArray(S, w, wb + s * VL);
            a0 = w0.fma(FloatVector.broadcast(S, x[xo]), a0);
            a1 = w0.fma(FloatVector.broadcast(S, x[xo + 1]), a1);
            a2 = w0.fma(FloatVector.broadcast(S, x[xo + 2]), a2);
            a3 = w0.fma(FloatVector.broadcast(S, x[xo + 3]), a3);
            a4 = w0.fma(FloatVector.broadcast(S, x[xo + 4]), a4);
            a5 = w0.fma(FloatVector.broadcast(S, x[xo + 5]), a5);
            a6 = w0.fma(FloatVector.broadcast(S, x[xo + 6]), a6);
            a7 = w0.fma(FloatVector.broadcast(S, x[xo + 7]), a7);
            a8 = w0.fma(FloatVector.broadcast(S, x[xo + 8]), a8);
            a9 = w0.fma(FloatVector.broadcast(S, x[xo + 9]), a9);
            a10 = w0.fma(FloatVector.broadcast(S, x[xo + 10]), a10);
            a11 = w0.fma(FloatVector.broadcast(S, x[xo + 11]), a11);
            a12 = w0.fma(FloatVector.broadcast(S, x[xo + 12]), a12);
            a13 = w0.fma(FloatVector.broadcast(S, x[xo + 13]), a13);
            a14 = w0.fma(FloatVector.broadcast(S, x[xo + 14]), a14);
            a15 = w0.fma(FloatVector.broadcast(S, x[xo + 15]), a15);
        }
        a0.intoArray(t, tb);
        a1.intoArray(t, tb + 1 * ld);
        a2.intoArray(t, tb + 2 * ld);
        a3.intoArray(t, tb + 3 * ld);
        a4.intoArray(t, tb + 4 * ld);
        a5.intoArray(t, tb + 5 * ld);
        a6.intoArray(t, tb + 6 * ld);
        a7.intoArray(t, tb + 7 * ld);
        a8.intoArray(t, tb + 8 * ld);
        a9.intoArray(t, tb + 9 * ld);
        a10.intoArray(t, tb + 10 * ld);
        a11.intoArray(t, tb + 11 * ld);
        a12.intoArray(t, tb + 12 * ld);
        a13.intoArray(t, tb + 13 * ld);
        a14.intoArray(t, tb + 14 * ld);
        a15.intoArray(t, tb + 15 * ld);
    }
}
