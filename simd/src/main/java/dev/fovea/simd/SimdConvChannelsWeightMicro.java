package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward-weight kernels of the channel-vectorised convolution ({@link SimdConvChannelsWeight}), per tap: a block of
 * steps (source channel, tap) × vectors of output channels, summed over output positions whose dOut comes as
 * [position][channel] rows. Every accumulator is its own local so C2 keeps it in a register. Kernel rows of three
 * neighbouring taps take {@link SimdConvTriples}'s row-step kernels instead.
 */
final class SimdConvChannelsWeightMicro {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;

    private SimdConvChannelsWeightMicro() {}

    /**
     * Backward weight, eight steps × two vectors of output channels: {@code t[tb + i*ld + c] += Σ_p
     * x[o_i + base(p)] * dyT[p*ld + yb + c]} over the positions of {@code rows} output rows of {@code width}
     * positions, row k starting at source offset {@code rowBase[k]} with positions {@code st} apart (the stride of
     * a strided convolution on its stride-1 padded planes), positions numbered from {@code p0}.
     */
    static void weight8x2(float[] x, int[] rowBase, int rows, int width, int st, int o0, int o1, int o2, int o3,
            int o4, int o5, int o6, int o7, float[] dyT, int p0, int yb, float[] t, int tb, int ld) {
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
        int yo = p0 * ld + yb;
        for (int k = 0; k < rows; k++) {
            int rb = rowBase[k];
            for (int i = 0, r = rb; i < width; i++, r += st, yo += ld) {
                FloatVector d0 = FloatVector.fromArray(S, dyT, yo);
                FloatVector d1 = FloatVector.fromArray(S, dyT, yo + VL);
                FloatVector b = FloatVector.broadcast(S, x[o0 + r]);
                a00 = d0.fma(b, a00);
                a01 = d1.fma(b, a01);
                b = FloatVector.broadcast(S, x[o1 + r]);
                a10 = d0.fma(b, a10);
                a11 = d1.fma(b, a11);
                b = FloatVector.broadcast(S, x[o2 + r]);
                a20 = d0.fma(b, a20);
                a21 = d1.fma(b, a21);
                b = FloatVector.broadcast(S, x[o3 + r]);
                a30 = d0.fma(b, a30);
                a31 = d1.fma(b, a31);
                b = FloatVector.broadcast(S, x[o4 + r]);
                a40 = d0.fma(b, a40);
                a41 = d1.fma(b, a41);
                b = FloatVector.broadcast(S, x[o5 + r]);
                a50 = d0.fma(b, a50);
                a51 = d1.fma(b, a51);
                b = FloatVector.broadcast(S, x[o6 + r]);
                a60 = d0.fma(b, a60);
                a61 = d1.fma(b, a61);
                b = FloatVector.broadcast(S, x[o7 + r]);
                a70 = d0.fma(b, a70);
                a71 = d1.fma(b, a71);
            }
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
     * As {@link #weight8x2} with six steps × four vectors of output channels (24 accumulators): per position four
     * dOut loads and six broadcasts feed 24 FMAs, for layers with 64 or more output channels.
     */
    static void weight6x4(float[] x, int[] rowBase, int rows, int width, int st, int o0, int o1, int o2, int o3,
            int o4, int o5, float[] dyT, int p0, int yb, float[] t, int tb, int ld) {
        FloatVector a00 = FloatVector.fromArray(S, t, tb + 0 * ld + 0 * VL);
        FloatVector a01 = FloatVector.fromArray(S, t, tb + 0 * ld + 1 * VL);
        FloatVector a02 = FloatVector.fromArray(S, t, tb + 0 * ld + 2 * VL);
        FloatVector a03 = FloatVector.fromArray(S, t, tb + 0 * ld + 3 * VL);
        FloatVector a10 = FloatVector.fromArray(S, t, tb + 1 * ld + 0 * VL);
        FloatVector a11 = FloatVector.fromArray(S, t, tb + 1 * ld + 1 * VL);
        FloatVector a12 = FloatVector.fromArray(S, t, tb + 1 * ld + 2 * VL);
        FloatVector a13 = FloatVector.fromArray(S, t, tb + 1 * ld + 3 * VL);
        FloatVector a20 = FloatVector.fromArray(S, t, tb + 2 * ld + 0 * VL);
        FloatVector a21 = FloatVector.fromArray(S, t, tb + 2 * ld + 1 * VL);
        FloatVector a22 = FloatVector.fromArray(S, t, tb + 2 * ld + 2 * VL);
        FloatVector a23 = FloatVector.fromArray(S, t, tb + 2 * ld + 3 * VL);
        FloatVector a30 = FloatVector.fromArray(S, t, tb + 3 * ld + 0 * VL);
        FloatVector a31 = FloatVector.fromArray(S, t, tb + 3 * ld + 1 * VL);
        FloatVector a32 = FloatVector.fromArray(S, t, tb + 3 * ld + 2 * VL);
        FloatVector a33 = FloatVector.fromArray(S, t, tb + 3 * ld + 3 * VL);
        FloatVector a40 = FloatVector.fromArray(S, t, tb + 4 * ld + 0 * VL);
        FloatVector a41 = FloatVector.fromArray(S, t, tb + 4 * ld + 1 * VL);
        FloatVector a42 = FloatVector.fromArray(S, t, tb + 4 * ld + 2 * VL);
        FloatVector a43 = FloatVector.fromArray(S, t, tb + 4 * ld + 3 * VL);
        FloatVector a50 = FloatVector.fromArray(S, t, tb + 5 * ld + 0 * VL);
        FloatVector a51 = FloatVector.fromArray(S, t, tb + 5 * ld + 1 * VL);
        FloatVector a52 = FloatVector.fromArray(S, t, tb + 5 * ld + 2 * VL);
        FloatVector a53 = FloatVector.fromArray(S, t, tb + 5 * ld + 3 * VL);
        int yo = p0 * ld + yb;
        for (int k = 0; k < rows; k++) {
            int rb = rowBase[k];
            for (int i = 0, r = rb; i < width; i++, r += st, yo += ld) {
                FloatVector d0 = FloatVector.fromArray(S, dyT, yo);
                FloatVector d1 = FloatVector.fromArray(S, dyT, yo + VL);
                FloatVector d2 = FloatVector.fromArray(S, dyT, yo + 2 * VL);
                FloatVector d3 = FloatVector.fromArray(S, dyT, yo + 3 * VL);
                FloatVector b0 = FloatVector.broadcast(S, x[o0 + r]);
                a00 = d0.fma(b0, a00);
                a01 = d1.fma(b0, a01);
                a02 = d2.fma(b0, a02);
                a03 = d3.fma(b0, a03);
                FloatVector b1 = FloatVector.broadcast(S, x[o1 + r]);
                a10 = d0.fma(b1, a10);
                a11 = d1.fma(b1, a11);
                a12 = d2.fma(b1, a12);
                a13 = d3.fma(b1, a13);
                FloatVector b2 = FloatVector.broadcast(S, x[o2 + r]);
                a20 = d0.fma(b2, a20);
                a21 = d1.fma(b2, a21);
                a22 = d2.fma(b2, a22);
                a23 = d3.fma(b2, a23);
                FloatVector b3 = FloatVector.broadcast(S, x[o3 + r]);
                a30 = d0.fma(b3, a30);
                a31 = d1.fma(b3, a31);
                a32 = d2.fma(b3, a32);
                a33 = d3.fma(b3, a33);
                FloatVector b4 = FloatVector.broadcast(S, x[o4 + r]);
                a40 = d0.fma(b4, a40);
                a41 = d1.fma(b4, a41);
                a42 = d2.fma(b4, a42);
                a43 = d3.fma(b4, a43);
                FloatVector b5 = FloatVector.broadcast(S, x[o5 + r]);
                a50 = d0.fma(b5, a50);
                a51 = d1.fma(b5, a51);
                a52 = d2.fma(b5, a52);
                a53 = d3.fma(b5, a53);
            }
        }
        a00.intoArray(t, tb + 0 * ld + 0 * VL);
        a01.intoArray(t, tb + 0 * ld + 1 * VL);
        a02.intoArray(t, tb + 0 * ld + 2 * VL);
        a03.intoArray(t, tb + 0 * ld + 3 * VL);
        a10.intoArray(t, tb + 1 * ld + 0 * VL);
        a11.intoArray(t, tb + 1 * ld + 1 * VL);
        a12.intoArray(t, tb + 1 * ld + 2 * VL);
        a13.intoArray(t, tb + 1 * ld + 3 * VL);
        a20.intoArray(t, tb + 2 * ld + 0 * VL);
        a21.intoArray(t, tb + 2 * ld + 1 * VL);
        a22.intoArray(t, tb + 2 * ld + 2 * VL);
        a23.intoArray(t, tb + 2 * ld + 3 * VL);
        a30.intoArray(t, tb + 3 * ld + 0 * VL);
        a31.intoArray(t, tb + 3 * ld + 1 * VL);
        a32.intoArray(t, tb + 3 * ld + 2 * VL);
        a33.intoArray(t, tb + 3 * ld + 3 * VL);
        a40.intoArray(t, tb + 4 * ld + 0 * VL);
        a41.intoArray(t, tb + 4 * ld + 1 * VL);
        a42.intoArray(t, tb + 4 * ld + 2 * VL);
        a43.intoArray(t, tb + 4 * ld + 3 * VL);
        a50.intoArray(t, tb + 5 * ld + 0 * VL);
        a51.intoArray(t, tb + 5 * ld + 1 * VL);
        a52.intoArray(t, tb + 5 * ld + 2 * VL);
        a53.intoArray(t, tb + 5 * ld + 3 * VL);
    }
}
