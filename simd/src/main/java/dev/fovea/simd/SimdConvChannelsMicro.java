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
}
