package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (groups = in_channels, any channel multiplier), stride 1. With one input channel per
 * group there is nothing to block over channels, so each pass is a stencil over one plane at a time in the wide
 * layout of {@link SimdConvLayout}: the padded plane, the wide output and the weights all sit in L1, and the only
 * traffic to memory is reading the input and writing the output once.
 */
final class SimdConvDepthwise {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;

    private SimdConvDepthwise() {}

    /**
     * Forward (layout from input to output, {@code w} as stored) or backward data (layout from dOut to dInput,
     * {@code w} flipped per channel by the caller). Output channel {@code c*m + j} of the layout reads source
     * channel {@code c} in forward; in backward data destination channel c sums source channels {@code c*m + j}.
     */
    static void run(SimdConvLayout l, float[] src, float[] w, float[] bias, float[] dst, boolean backwardData) {
        int taps = l.taps;
        int end = l.planeEnd();
        int bufFloats = l.planeBufferFloats();
        // planes are independent: split (image, channel) pairs, so even a single image uses every thread
        int channels = backwardData ? l.dstC : l.srcC;
        Parallel.forRange(l.batch * channels, (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            float[] xb = ws.source(bufFloats);
            float[] yw = ws.wide(bufFloats);
            for (int i = from; i < to; i++) {
                int n = i / channels;
                int c = i % channels;
                if (!backwardData) {
                    int m = l.dstCg;
                    l.packPlane(src, n * l.srcC + c, xb);
                    for (int j = 0; j < m; j++) {
                        int co = c * m + j;
                        stencil(xb, l.shifts, taps, w, co * taps, bias == null ? 0f : bias[co], yw, end, false);
                        l.unpackPlane(yw, n * l.dstC + co, dst);
                    }
                } else {
                    int m = l.srcCg;
                    for (int j = 0; j < m; j++) {
                        int co = c * m + j;
                        l.packPlane(src, n * l.srcC + co, xb);
                        stencil(xb, l.shifts, taps, w, co * taps, 0f, yw, end, j > 0);
                    }
                    l.unpackPlane(yw, n * l.dstC + c, dst);
                }
            }
        });
    }

    /** y[q] (+)= bias + Σ_t w[t] * x[q + shift[t]] for q in [0, end), two vectors per step. */
    private static void stencil(float[] x, int[] shifts, int taps, float[] w, int wOff, float bias, float[] y,
            int end, boolean accumulate) {
        FloatVector b = FloatVector.broadcast(S, bias);
        for (int q = 0; q < end; q += 2 * VL) {
            FloatVector a0 = accumulate ? FloatVector.fromArray(S, y, q) : b;
            FloatVector a1 = accumulate ? FloatVector.fromArray(S, y, q + VL) : b;
            for (int t = 0; t < taps; t++) {
                FloatVector wv = FloatVector.broadcast(S, w[wOff + t]);
                int xo = q + shifts[t];
                a0 = FloatVector.fromArray(S, x, xo).fma(wv, a0);
                a1 = FloatVector.fromArray(S, x, xo + VL).fma(wv, a1);
            }
            a0.intoArray(y, q);
            a1.intoArray(y, q + VL);
        }
    }

    /** Backward weight and bias (layout from input to output, as for forward). */
    static void weight(SimdConvLayout l, float[] x, float[] dy, float[] dw, float[] db) {
        int taps = l.taps;
        int m = l.dstCg;
        int wFloats = l.dstC * taps;
        int end = l.planeEnd();
        int vecEnd = (end + VL - 1) / VL * VL;
        int bufFloats = l.planeBufferFloats();
        int chunks = Math.min(Parallel.threads(), l.batch);
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        for (int c = 0; c < chunks; c++) {
            cw.partial(c, wFloats);
            cw.biasPartial(c, l.dstC);
        }
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            float[] xb = ws.source(bufFloats);
            float[] dyw = ws.wide(bufFloats);
            for (int chunk = c0; chunk < c1; chunk++) {
                float[] pw = cw.partial(chunk, wFloats);
                float[] pb = cw.biasPartial(chunk, l.dstC);
                Arrays.fill(pw, 0, wFloats, 0f);
                Arrays.fill(pb, 0, l.dstC, 0f);
                int from = (int) ((long) l.batch * chunk / chunks);
                int to = (int) ((long) l.batch * (chunk + 1) / chunks);
                for (int n = from; n < to; n++) {
                    for (int c = 0; c < l.srcC; c++) {
                        l.packPlane(x, n * l.srcC + c, xb);
                        for (int j = 0; j < m; j++) {
                            int co = c * m + j;
                            l.packWidePlane(dy, n * l.dstC + co, dyw);
                            taps(dyw, xb, l.shifts, taps, vecEnd, pw, co * taps);
                            pb[co] += SimdConv.sum(dy, (n * l.dstC + co) * l.outSpatial, l.outSpatial);
                        }
                    }
                }
            }
        });
        Arrays.fill(dw, 0, wFloats, 0f);
        for (int c = 0; c < chunks; c++) {
            float[] pw = cw.partial(c, wFloats);
            for (int i = 0; i < wFloats; i++) {
                dw[i] += pw[i];
            }
        }
        if (db != null) {
            Arrays.fill(db, 0, l.dstC, 0f);
            for (int c = 0; c < chunks; c++) {
                float[] pb = cw.biasPartial(c, l.dstC);
                for (int co = 0; co < l.dstC; co++) {
                    db[co] += pb[co];
                }
            }
        }
    }

    /** pw[at + t] += Σ_q dy[q] * x[q + shift[t]], four taps per pass so four FMA chains run side by side. */
    private static void taps(float[] dy, float[] x, int[] shifts, int taps, int end, float[] pw, int at) {
        int t = 0;
        for (; t + 4 <= taps; t += 4) {
            int s0 = shifts[t];
            int s1 = shifts[t + 1];
            int s2 = shifts[t + 2];
            int s3 = shifts[t + 3];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int q = 0; q < end; q += VL) {
                FloatVector d = FloatVector.fromArray(S, dy, q);
                a0 = d.fma(FloatVector.fromArray(S, x, q + s0), a0);
                a1 = d.fma(FloatVector.fromArray(S, x, q + s1), a1);
                a2 = d.fma(FloatVector.fromArray(S, x, q + s2), a2);
                a3 = d.fma(FloatVector.fromArray(S, x, q + s3), a3);
            }
            pw[at + t] += SimdConvLayout.sumLanes(a0);
            pw[at + t + 1] += SimdConvLayout.sumLanes(a1);
            pw[at + t + 2] += SimdConvLayout.sumLanes(a2);
            pw[at + t + 3] += SimdConvLayout.sumLanes(a3);
        }
        for (; t < taps; t++) {
            int s0 = shifts[t];
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            int q = 0;
            for (; q + 2 * VL <= end; q += 2 * VL) {
                a0 = FloatVector.fromArray(S, dy, q).fma(FloatVector.fromArray(S, x, q + s0), a0);
                a1 = FloatVector.fromArray(S, dy, q + VL).fma(FloatVector.fromArray(S, x, q + VL + s0), a1);
            }
            for (; q < end; q += VL) {
                a0 = FloatVector.fromArray(S, dy, q).fma(FloatVector.fromArray(S, x, q + s0), a0);
            }
            pw[at + t] += SimdConvLayout.sumLanes(a0.add(a1));
        }
    }
}
