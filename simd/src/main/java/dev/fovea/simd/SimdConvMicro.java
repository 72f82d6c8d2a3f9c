package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked inner loops of the wide convolution (see {@link SimdConvLayout}). Accumulators live in named
 * locals so C2 keeps them in registers: 16 of the 32 AVX-512 registers, enough independent FMA chains to hide
 * FMA latency on both ports while leaving room for the loads.
 */
final class SimdConvMicro {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;

    private SimdConvMicro() {}

    /** Weights are packed [step][ROWS]: a block of up to six rows reads its row j at {@code wb + ROWS*s + j}. */
    static final int ROWS = 6;

    /**
     * One block of {@code rows} (at most {@link #ROWS}) output rows over all steps: six at once, or leftover rows in
     * blocks of four, two, then one. Rows are {@code ys} apart in y, and the block's weights start at {@code wb}.
     */
    static void forwardRows(int rows, float[] x, int xb, int[] offs, int steps, float[] w, int wb, float[] bias,
            int bb, float[] y, int yb, int ys) {
        if (rows == ROWS) {
            forward6(x, xb, offs, steps, w, wb, bias, bb, y, yb, ys);
            return;
        }
        int j = 0;
        if (rows - j >= 4) {
            forward4(x, xb, offs, steps, w, wb, bias, bb, y, yb, ys);
            j += 4;
        }
        if (rows - j >= 2) {
            forward2(x, xb, offs, steps, w, wb + j, bias, bb + j, y, yb + j * ys, ys);
            j += 2;
        }
        if (rows - j >= 1) {
            forward1(x, xb, offs, steps, w, wb + j, bias, bb + j, y, yb + j * ys);
        }
    }

    /**
     * The same over steps {@code [s0, s1)} only, starting from y instead of the bias when {@code acc} (channel
     * blocks after the first).
     */
    static void forwardRows(int rows, float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb,
            float[] bias, int bb, boolean acc, float[] y, int yb, int ys) {
        if (rows == ROWS) {
            forward6(x, xb, offs, s0, s1, w, wb, bias, bb, acc, y, yb, ys);
            return;
        }
        int j = 0;
        if (rows - j >= 4) {
            forward4(x, xb, offs, s0, s1, w, wb, bias, bb, acc, y, yb, ys);
            j += 4;
        }
        if (rows - j >= 2) {
            forward2(x, xb, offs, s0, s1, w, wb + j, bias, bb + j, acc, y, yb + j * ys, ys);
            j += 2;
        }
        if (rows - j >= 1) {
            forward1(x, xb, offs, s0, s1, w, wb + j, bias, bb + j, acc, y, yb + j * ys);
        }
    }

    /**
     * Six output rows × four vectors of positions: {@code y[r][0..TILE) = bias[r] + Σ_s w[s][r] * x[xb + offs[s]
     * + 0..TILE)}. Rows are {@code ys} apart in y. 24 accumulators + 4 loads + 1 weight = 29 of 32 registers;
     * measured 20% faster per core than four rows, since each broadcast weight feeds more FMAs.
     */
    static void forward6(float[] x, int xb, int[] offs, int steps, float[] w, int wb, float[] bias, int bb,
            float[] y, int yb, int ys) {
        forward6(x, xb, offs, 0, steps, w, wb, bias, bb, false, y, yb, ys);
    }

    /**
     * Steps [s0, s1) only; with {@code accumulate} the sums start from y instead of the bias, so a caller can split
     * the input channels into blocks whose source rows stay in L1 (see {@code SimdConv.wideUnits}).
     */
    static void forward6(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] bias,
            int bb, boolean accumulate, float[] y, int yb, int ys) {
        FloatVector a00, a01, a02, a03;
        FloatVector a10, a11, a12, a13;
        FloatVector a20, a21, a22, a23;
        FloatVector a30, a31, a32, a33;
        FloatVector a40, a41, a42, a43;
        FloatVector a50, a51, a52, a53;
        if (accumulate) {
            a00 = FloatVector.fromArray(S, y, yb);
            a01 = FloatVector.fromArray(S, y, yb + VL);
            a02 = FloatVector.fromArray(S, y, yb + 2 * VL);
            a03 = FloatVector.fromArray(S, y, yb + 3 * VL);
            a10 = FloatVector.fromArray(S, y, yb + ys);
            a11 = FloatVector.fromArray(S, y, yb + ys + VL);
            a12 = FloatVector.fromArray(S, y, yb + ys + 2 * VL);
            a13 = FloatVector.fromArray(S, y, yb + ys + 3 * VL);
            a20 = FloatVector.fromArray(S, y, yb + 2 * ys);
            a21 = FloatVector.fromArray(S, y, yb + 2 * ys + VL);
            a22 = FloatVector.fromArray(S, y, yb + 2 * ys + 2 * VL);
            a23 = FloatVector.fromArray(S, y, yb + 2 * ys + 3 * VL);
            a30 = FloatVector.fromArray(S, y, yb + 3 * ys);
            a31 = FloatVector.fromArray(S, y, yb + 3 * ys + VL);
            a32 = FloatVector.fromArray(S, y, yb + 3 * ys + 2 * VL);
            a33 = FloatVector.fromArray(S, y, yb + 3 * ys + 3 * VL);
            a40 = FloatVector.fromArray(S, y, yb + 4 * ys);
            a41 = FloatVector.fromArray(S, y, yb + 4 * ys + VL);
            a42 = FloatVector.fromArray(S, y, yb + 4 * ys + 2 * VL);
            a43 = FloatVector.fromArray(S, y, yb + 4 * ys + 3 * VL);
            a50 = FloatVector.fromArray(S, y, yb + 5 * ys);
            a51 = FloatVector.fromArray(S, y, yb + 5 * ys + VL);
            a52 = FloatVector.fromArray(S, y, yb + 5 * ys + 2 * VL);
            a53 = FloatVector.fromArray(S, y, yb + 5 * ys + 3 * VL);
        } else {
            a00 = biasVector(bias, bb);
            a01 = a00;
            a02 = a00;
            a03 = a00;
            a10 = biasVector(bias, bb + 1);
            a11 = a10;
            a12 = a10;
            a13 = a10;
            a20 = biasVector(bias, bb + 2);
            a21 = a20;
            a22 = a20;
            a23 = a20;
            a30 = biasVector(bias, bb + 3);
            a31 = a30;
            a32 = a30;
            a33 = a30;
            a40 = biasVector(bias, bb + 4);
            a41 = a40;
            a42 = a40;
            a43 = a40;
            a50 = biasVector(bias, bb + 5);
            a51 = a50;
            a52 = a50;
            a53 = a50;
        }
        for (int s = s0; s < s1; s++) {
            int xo = xb + offs[s];
            FloatVector x0 = FloatVector.fromArray(S, x, xo);
            FloatVector x1 = FloatVector.fromArray(S, x, xo + VL);
            FloatVector x2 = FloatVector.fromArray(S, x, xo + 2 * VL);
            FloatVector x3 = FloatVector.fromArray(S, x, xo + 3 * VL);
            int wo = wb + ROWS * s;
            FloatVector wv = FloatVector.broadcast(S, w[wo]);
            a00 = x0.fma(wv, a00);
            a01 = x1.fma(wv, a01);
            a02 = x2.fma(wv, a02);
            a03 = x3.fma(wv, a03);
            wv = FloatVector.broadcast(S, w[wo + 1]);
            a10 = x0.fma(wv, a10);
            a11 = x1.fma(wv, a11);
            a12 = x2.fma(wv, a12);
            a13 = x3.fma(wv, a13);
            wv = FloatVector.broadcast(S, w[wo + 2]);
            a20 = x0.fma(wv, a20);
            a21 = x1.fma(wv, a21);
            a22 = x2.fma(wv, a22);
            a23 = x3.fma(wv, a23);
            wv = FloatVector.broadcast(S, w[wo + 3]);
            a30 = x0.fma(wv, a30);
            a31 = x1.fma(wv, a31);
            a32 = x2.fma(wv, a32);
            a33 = x3.fma(wv, a33);
            wv = FloatVector.broadcast(S, w[wo + 4]);
            a40 = x0.fma(wv, a40);
            a41 = x1.fma(wv, a41);
            a42 = x2.fma(wv, a42);
            a43 = x3.fma(wv, a43);
            wv = FloatVector.broadcast(S, w[wo + 5]);
            a50 = x0.fma(wv, a50);
            a51 = x1.fma(wv, a51);
            a52 = x2.fma(wv, a52);
            a53 = x3.fma(wv, a53);
        }
        // stores written out: a helper call here exceeds C2's inlining node budget, and a vector passed to a
        // call that is not inlined gets boxed, which costs 10x
        a00.intoArray(y, yb);
        a01.intoArray(y, yb + VL);
        a02.intoArray(y, yb + 2 * VL);
        a03.intoArray(y, yb + 3 * VL);
        a10.intoArray(y, yb + ys);
        a11.intoArray(y, yb + ys + VL);
        a12.intoArray(y, yb + ys + 2 * VL);
        a13.intoArray(y, yb + ys + 3 * VL);
        a20.intoArray(y, yb + 2 * ys);
        a21.intoArray(y, yb + 2 * ys + VL);
        a22.intoArray(y, yb + 2 * ys + 2 * VL);
        a23.intoArray(y, yb + 2 * ys + 3 * VL);
        a30.intoArray(y, yb + 3 * ys);
        a31.intoArray(y, yb + 3 * ys + VL);
        a32.intoArray(y, yb + 3 * ys + 2 * VL);
        a33.intoArray(y, yb + 3 * ys + 3 * VL);
        a40.intoArray(y, yb + 4 * ys);
        a41.intoArray(y, yb + 4 * ys + VL);
        a42.intoArray(y, yb + 4 * ys + 2 * VL);
        a43.intoArray(y, yb + 4 * ys + 3 * VL);
        a50.intoArray(y, yb + 5 * ys);
        a51.intoArray(y, yb + 5 * ys + VL);
        a52.intoArray(y, yb + 5 * ys + 2 * VL);
        a53.intoArray(y, yb + 5 * ys + 3 * VL);
    }

    /** Four rows × four vectors, for a leftover block of four or five rows. */
    static void forward4(float[] x, int xb, int[] offs, int steps, float[] w, int wb, float[] bias, int bb,
            float[] y, int yb, int ys) {
        forward4(x, xb, offs, 0, steps, w, wb, bias, bb, false, y, yb, ys);
    }

    /** Steps [s0, s1), starting from y with {@code accumulate}, as for forward6. */
    static void forward4(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] bias,
            int bb, boolean accumulate, float[] y, int yb, int ys) {
        FloatVector a00, a01, a02, a03;
        FloatVector a10, a11, a12, a13;
        FloatVector a20, a21, a22, a23;
        FloatVector a30, a31, a32, a33;
        if (accumulate) {
            a00 = FloatVector.fromArray(S, y, yb);
            a01 = FloatVector.fromArray(S, y, yb + VL);
            a02 = FloatVector.fromArray(S, y, yb + 2 * VL);
            a03 = FloatVector.fromArray(S, y, yb + 3 * VL);
            a10 = FloatVector.fromArray(S, y, yb + ys);
            a11 = FloatVector.fromArray(S, y, yb + ys + VL);
            a12 = FloatVector.fromArray(S, y, yb + ys + 2 * VL);
            a13 = FloatVector.fromArray(S, y, yb + ys + 3 * VL);
            a20 = FloatVector.fromArray(S, y, yb + 2 * ys);
            a21 = FloatVector.fromArray(S, y, yb + 2 * ys + VL);
            a22 = FloatVector.fromArray(S, y, yb + 2 * ys + 2 * VL);
            a23 = FloatVector.fromArray(S, y, yb + 2 * ys + 3 * VL);
            a30 = FloatVector.fromArray(S, y, yb + 3 * ys);
            a31 = FloatVector.fromArray(S, y, yb + 3 * ys + VL);
            a32 = FloatVector.fromArray(S, y, yb + 3 * ys + 2 * VL);
            a33 = FloatVector.fromArray(S, y, yb + 3 * ys + 3 * VL);
        } else {
            a00 = biasVector(bias, bb);
            a01 = a00;
            a02 = a00;
            a03 = a00;
            a10 = biasVector(bias, bb + 1);
            a11 = a10;
            a12 = a10;
            a13 = a10;
            a20 = biasVector(bias, bb + 2);
            a21 = a20;
            a22 = a20;
            a23 = a20;
            a30 = biasVector(bias, bb + 3);
            a31 = a30;
            a32 = a30;
            a33 = a30;
        }
        for (int s = s0; s < s1; s++) {
            int xo = xb + offs[s];
            FloatVector x0 = FloatVector.fromArray(S, x, xo);
            FloatVector x1 = FloatVector.fromArray(S, x, xo + VL);
            FloatVector x2 = FloatVector.fromArray(S, x, xo + 2 * VL);
            FloatVector x3 = FloatVector.fromArray(S, x, xo + 3 * VL);
            int wo = wb + ROWS * s;
            FloatVector wv = FloatVector.broadcast(S, w[wo]);
            a00 = x0.fma(wv, a00);
            a01 = x1.fma(wv, a01);
            a02 = x2.fma(wv, a02);
            a03 = x3.fma(wv, a03);
            wv = FloatVector.broadcast(S, w[wo + 1]);
            a10 = x0.fma(wv, a10);
            a11 = x1.fma(wv, a11);
            a12 = x2.fma(wv, a12);
            a13 = x3.fma(wv, a13);
            wv = FloatVector.broadcast(S, w[wo + 2]);
            a20 = x0.fma(wv, a20);
            a21 = x1.fma(wv, a21);
            a22 = x2.fma(wv, a22);
            a23 = x3.fma(wv, a23);
            wv = FloatVector.broadcast(S, w[wo + 3]);
            a30 = x0.fma(wv, a30);
            a31 = x1.fma(wv, a31);
            a32 = x2.fma(wv, a32);
            a33 = x3.fma(wv, a33);
        }
        store4(a00, a01, a02, a03, y, yb);
        store4(a10, a11, a12, a13, y, yb + ys);
        store4(a20, a21, a22, a23, y, yb + 2 * ys);
        store4(a30, a31, a32, a33, y, yb + 3 * ys);
    }

    /** Two rows × four vectors (eight independent chains), for leftovers of two or three rows. */
    static void forward2(float[] x, int xb, int[] offs, int steps, float[] w, int wb, float[] bias, int bb,
            float[] y, int yb, int ys) {
        forward2(x, xb, offs, 0, steps, w, wb, bias, bb, false, y, yb, ys);
    }

    /** Steps [s0, s1), starting from y with {@code accumulate}, as for forward6. */
    static void forward2(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] bias,
            int bb, boolean accumulate, float[] y, int yb, int ys) {
        FloatVector a00, a01, a02, a03;
        FloatVector a10, a11, a12, a13;
        if (accumulate) {
            a00 = FloatVector.fromArray(S, y, yb);
            a01 = FloatVector.fromArray(S, y, yb + VL);
            a02 = FloatVector.fromArray(S, y, yb + 2 * VL);
            a03 = FloatVector.fromArray(S, y, yb + 3 * VL);
            a10 = FloatVector.fromArray(S, y, yb + ys);
            a11 = FloatVector.fromArray(S, y, yb + ys + VL);
            a12 = FloatVector.fromArray(S, y, yb + ys + 2 * VL);
            a13 = FloatVector.fromArray(S, y, yb + ys + 3 * VL);
        } else {
            a00 = biasVector(bias, bb);
            a01 = a00;
            a02 = a00;
            a03 = a00;
            a10 = biasVector(bias, bb + 1);
            a11 = a10;
            a12 = a10;
            a13 = a10;
        }
        for (int s = s0; s < s1; s++) {
            int xo = xb + offs[s];
            FloatVector x0 = FloatVector.fromArray(S, x, xo);
            FloatVector x1 = FloatVector.fromArray(S, x, xo + VL);
            FloatVector x2 = FloatVector.fromArray(S, x, xo + 2 * VL);
            FloatVector x3 = FloatVector.fromArray(S, x, xo + 3 * VL);
            int wo = wb + ROWS * s;
            FloatVector wv = FloatVector.broadcast(S, w[wo]);
            a00 = x0.fma(wv, a00);
            a01 = x1.fma(wv, a01);
            a02 = x2.fma(wv, a02);
            a03 = x3.fma(wv, a03);
            wv = FloatVector.broadcast(S, w[wo + 1]);
            a10 = x0.fma(wv, a10);
            a11 = x1.fma(wv, a11);
            a12 = x2.fma(wv, a12);
            a13 = x3.fma(wv, a13);
        }
        store4(a00, a01, a02, a03, y, yb);
        store4(a10, a11, a12, a13, y, yb + ys);
    }

    /** One row × four vectors, with two chains per vector so one row alone still hides FMA latency. */
    static void forward1(float[] x, int xb, int[] offs, int steps, float[] w, int wb, float[] bias, int bb,
            float[] y, int yb) {
        forward1(x, xb, offs, 0, steps, w, wb, bias, bb, false, y, yb);
    }

    /** Steps [s0, s1), starting from y with {@code accumulate}, as for forward6. */
    static void forward1(float[] x, int xb, int[] offs, int s0, int s1, float[] w, int wb, float[] bias,
            int bb, boolean accumulate, float[] y, int yb) {
        FloatVector a0, a1, a2, a3;
        if (accumulate) {
            a0 = FloatVector.fromArray(S, y, yb);
            a1 = FloatVector.fromArray(S, y, yb + VL);
            a2 = FloatVector.fromArray(S, y, yb + 2 * VL);
            a3 = FloatVector.fromArray(S, y, yb + 3 * VL);
        } else {
            a0 = biasVector(bias, bb);
            a1 = a0;
            a2 = a0;
            a3 = a0;
        }
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int s = s0;
        for (; s + 1 < s1; s += 2) {
            int xo = xb + offs[s];
            FloatVector w0 = FloatVector.broadcast(S, w[wb + ROWS * s]);
            a0 = FloatVector.fromArray(S, x, xo).fma(w0, a0);
            a1 = FloatVector.fromArray(S, x, xo + VL).fma(w0, a1);
            a2 = FloatVector.fromArray(S, x, xo + 2 * VL).fma(w0, a2);
            a3 = FloatVector.fromArray(S, x, xo + 3 * VL).fma(w0, a3);
            int xp = xb + offs[s + 1];
            FloatVector w1 = FloatVector.broadcast(S, w[wb + ROWS * s + ROWS]);
            c0 = FloatVector.fromArray(S, x, xp).fma(w1, c0);
            c1 = FloatVector.fromArray(S, x, xp + VL).fma(w1, c1);
            c2 = FloatVector.fromArray(S, x, xp + 2 * VL).fma(w1, c2);
            c3 = FloatVector.fromArray(S, x, xp + 3 * VL).fma(w1, c3);
        }
        if (s < s1) {
            int xo = xb + offs[s];
            FloatVector w0 = FloatVector.broadcast(S, w[wb + ROWS * s]);
            a0 = FloatVector.fromArray(S, x, xo).fma(w0, a0);
            a1 = FloatVector.fromArray(S, x, xo + VL).fma(w0, a1);
            a2 = FloatVector.fromArray(S, x, xo + 2 * VL).fma(w0, a2);
            a3 = FloatVector.fromArray(S, x, xo + 3 * VL).fma(w0, a3);
        }
        store4(a0.add(c0), a1.add(c1), a2.add(c2), a3.add(c3), y, yb);
    }

    /** Bias is never null here (callers pass zeros), so no branch can deoptimise the compiled kernel. */
    private static FloatVector biasVector(float[] bias, int c) {
        return FloatVector.broadcast(S, bias[c]);
    }

    private static void store4(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float[] y, int at) {
        v0.intoArray(y, at);
        v1.intoArray(y, at + VL);
        v2.intoArray(y, at + 2 * VL);
        v3.intoArray(y, at + 3 * VL);
    }

    /**
     * Backward weight, four dOut rows × four (channel, tap) columns: vector partial sums
     * {@code acc[r][c] += Σ_q dy[yb + r*ys + q] * x[colOff[c] + q]} over {@code q in [q0, q1)}, kept in
     * {@code acc} at {@code ab + (r*as + c)*VL} (reduced to scalars once at the end of the call).
     */
    static void weight4(float[] dy, int yb, int ys, float[] x, int c0, int c1, int c2, int c3, int q0, int q1,
            float[] acc, int ab, int as) {
        int r0 = ab;
        int r1 = ab + as * VL;
        int r2 = ab + 2 * as * VL;
        int r3 = ab + 3 * as * VL;
        FloatVector a00 = FloatVector.fromArray(S, acc, r0), a01 = FloatVector.fromArray(S, acc, r0 + VL);
        FloatVector a02 = FloatVector.fromArray(S, acc, r0 + 2 * VL), a03 = FloatVector.fromArray(S, acc, r0 + 3 * VL);
        FloatVector a10 = FloatVector.fromArray(S, acc, r1), a11 = FloatVector.fromArray(S, acc, r1 + VL);
        FloatVector a12 = FloatVector.fromArray(S, acc, r1 + 2 * VL), a13 = FloatVector.fromArray(S, acc, r1 + 3 * VL);
        FloatVector a20 = FloatVector.fromArray(S, acc, r2), a21 = FloatVector.fromArray(S, acc, r2 + VL);
        FloatVector a22 = FloatVector.fromArray(S, acc, r2 + 2 * VL), a23 = FloatVector.fromArray(S, acc, r2 + 3 * VL);
        FloatVector a30 = FloatVector.fromArray(S, acc, r3), a31 = FloatVector.fromArray(S, acc, r3 + VL);
        FloatVector a32 = FloatVector.fromArray(S, acc, r3 + 2 * VL), a33 = FloatVector.fromArray(S, acc, r3 + 3 * VL);
        int y0 = yb;
        int y1 = yb + ys;
        int y2 = yb + 2 * ys;
        int y3 = yb + 3 * ys;
        for (int q = q0; q < q1; q += VL) {
            FloatVector x0 = FloatVector.fromArray(S, x, c0 + q);
            FloatVector x1 = FloatVector.fromArray(S, x, c1 + q);
            FloatVector x2 = FloatVector.fromArray(S, x, c2 + q);
            FloatVector x3 = FloatVector.fromArray(S, x, c3 + q);
            FloatVector d = FloatVector.fromArray(S, dy, y0 + q);
            a00 = d.fma(x0, a00);
            a01 = d.fma(x1, a01);
            a02 = d.fma(x2, a02);
            a03 = d.fma(x3, a03);
            d = FloatVector.fromArray(S, dy, y1 + q);
            a10 = d.fma(x0, a10);
            a11 = d.fma(x1, a11);
            a12 = d.fma(x2, a12);
            a13 = d.fma(x3, a13);
            d = FloatVector.fromArray(S, dy, y2 + q);
            a20 = d.fma(x0, a20);
            a21 = d.fma(x1, a21);
            a22 = d.fma(x2, a22);
            a23 = d.fma(x3, a23);
            d = FloatVector.fromArray(S, dy, y3 + q);
            a30 = d.fma(x0, a30);
            a31 = d.fma(x1, a31);
            a32 = d.fma(x2, a32);
            a33 = d.fma(x3, a33);
        }
        store4(a00, a01, a02, a03, acc, r0);
        store4(a10, a11, a12, a13, acc, r1);
        store4(a20, a21, a22, a23, acc, r2);
        store4(a30, a31, a32, a33, acc, r3);
    }

    /**
     * Backward weight, six dOut rows × four columns (24 accumulators): the q-vectorised kernel for layers with
     * few output channels per group, where vectors over channels would be mostly empty.
     */
    static void weight6(float[] dy, int yb, int ys, float[] x, int c0, int c1, int c2, int c3, int q0, int q1,
            float[] acc, int ab, int as) {
        int rs = as * VL;
        FloatVector a00 = FloatVector.fromArray(S, acc, ab);
        FloatVector a01 = FloatVector.fromArray(S, acc, ab + VL);
        FloatVector a02 = FloatVector.fromArray(S, acc, ab + 2 * VL);
        FloatVector a03 = FloatVector.fromArray(S, acc, ab + 3 * VL);
        FloatVector a10 = FloatVector.fromArray(S, acc, ab + rs);
        FloatVector a11 = FloatVector.fromArray(S, acc, ab + rs + VL);
        FloatVector a12 = FloatVector.fromArray(S, acc, ab + rs + 2 * VL);
        FloatVector a13 = FloatVector.fromArray(S, acc, ab + rs + 3 * VL);
        FloatVector a20 = FloatVector.fromArray(S, acc, ab + 2 * rs);
        FloatVector a21 = FloatVector.fromArray(S, acc, ab + 2 * rs + VL);
        FloatVector a22 = FloatVector.fromArray(S, acc, ab + 2 * rs + 2 * VL);
        FloatVector a23 = FloatVector.fromArray(S, acc, ab + 2 * rs + 3 * VL);
        FloatVector a30 = FloatVector.fromArray(S, acc, ab + 3 * rs);
        FloatVector a31 = FloatVector.fromArray(S, acc, ab + 3 * rs + VL);
        FloatVector a32 = FloatVector.fromArray(S, acc, ab + 3 * rs + 2 * VL);
        FloatVector a33 = FloatVector.fromArray(S, acc, ab + 3 * rs + 3 * VL);
        FloatVector a40 = FloatVector.fromArray(S, acc, ab + 4 * rs);
        FloatVector a41 = FloatVector.fromArray(S, acc, ab + 4 * rs + VL);
        FloatVector a42 = FloatVector.fromArray(S, acc, ab + 4 * rs + 2 * VL);
        FloatVector a43 = FloatVector.fromArray(S, acc, ab + 4 * rs + 3 * VL);
        FloatVector a50 = FloatVector.fromArray(S, acc, ab + 5 * rs);
        FloatVector a51 = FloatVector.fromArray(S, acc, ab + 5 * rs + VL);
        FloatVector a52 = FloatVector.fromArray(S, acc, ab + 5 * rs + 2 * VL);
        FloatVector a53 = FloatVector.fromArray(S, acc, ab + 5 * rs + 3 * VL);
        for (int q = q0; q < q1; q += VL) {
            FloatVector x0 = FloatVector.fromArray(S, x, c0 + q);
            FloatVector x1 = FloatVector.fromArray(S, x, c1 + q);
            FloatVector x2 = FloatVector.fromArray(S, x, c2 + q);
            FloatVector x3 = FloatVector.fromArray(S, x, c3 + q);
            FloatVector d0 = FloatVector.fromArray(S, dy, yb + q);
            a00 = d0.fma(x0, a00);
            a01 = d0.fma(x1, a01);
            a02 = d0.fma(x2, a02);
            a03 = d0.fma(x3, a03);
            FloatVector d1 = FloatVector.fromArray(S, dy, yb + ys + q);
            a10 = d1.fma(x0, a10);
            a11 = d1.fma(x1, a11);
            a12 = d1.fma(x2, a12);
            a13 = d1.fma(x3, a13);
            FloatVector d2 = FloatVector.fromArray(S, dy, yb + 2 * ys + q);
            a20 = d2.fma(x0, a20);
            a21 = d2.fma(x1, a21);
            a22 = d2.fma(x2, a22);
            a23 = d2.fma(x3, a23);
            FloatVector d3 = FloatVector.fromArray(S, dy, yb + 3 * ys + q);
            a30 = d3.fma(x0, a30);
            a31 = d3.fma(x1, a31);
            a32 = d3.fma(x2, a32);
            a33 = d3.fma(x3, a33);
            FloatVector d4 = FloatVector.fromArray(S, dy, yb + 4 * ys + q);
            a40 = d4.fma(x0, a40);
            a41 = d4.fma(x1, a41);
            a42 = d4.fma(x2, a42);
            a43 = d4.fma(x3, a43);
            FloatVector d5 = FloatVector.fromArray(S, dy, yb + 5 * ys + q);
            a50 = d5.fma(x0, a50);
            a51 = d5.fma(x1, a51);
            a52 = d5.fma(x2, a52);
            a53 = d5.fma(x3, a53);
        }
        // stores written out: a helper call would exceed C2's inlining budget and box the vectors
        a00.intoArray(acc, ab);
        a01.intoArray(acc, ab + VL);
        a02.intoArray(acc, ab + 2 * VL);
        a03.intoArray(acc, ab + 3 * VL);
        a10.intoArray(acc, ab + rs);
        a11.intoArray(acc, ab + rs + VL);
        a12.intoArray(acc, ab + rs + 2 * VL);
        a13.intoArray(acc, ab + rs + 3 * VL);
        a20.intoArray(acc, ab + 2 * rs);
        a21.intoArray(acc, ab + 2 * rs + VL);
        a22.intoArray(acc, ab + 2 * rs + 2 * VL);
        a23.intoArray(acc, ab + 2 * rs + 3 * VL);
        a30.intoArray(acc, ab + 3 * rs);
        a31.intoArray(acc, ab + 3 * rs + VL);
        a32.intoArray(acc, ab + 3 * rs + 2 * VL);
        a33.intoArray(acc, ab + 3 * rs + 3 * VL);
        a40.intoArray(acc, ab + 4 * rs);
        a41.intoArray(acc, ab + 4 * rs + VL);
        a42.intoArray(acc, ab + 4 * rs + 2 * VL);
        a43.intoArray(acc, ab + 4 * rs + 3 * VL);
        a50.intoArray(acc, ab + 5 * rs);
        a51.intoArray(acc, ab + 5 * rs + VL);
        a52.intoArray(acc, ab + 5 * rs + 2 * VL);
        a53.intoArray(acc, ab + 5 * rs + 3 * VL);
    }

    /** Backward weight for one leftover dOut row × four columns. */
    static void weight1(float[] dy, int yb, float[] x, int c0, int c1, int c2, int c3, int q0, int q1,
            float[] acc, int ab) {
        FloatVector a0 = FloatVector.fromArray(S, acc, ab), a1 = FloatVector.fromArray(S, acc, ab + VL);
        FloatVector a2 = FloatVector.fromArray(S, acc, ab + 2 * VL), a3 = FloatVector.fromArray(S, acc, ab + 3 * VL);
        for (int q = q0; q < q1; q += VL) {
            FloatVector d = FloatVector.fromArray(S, dy, yb + q);
            a0 = d.fma(FloatVector.fromArray(S, x, c0 + q), a0);
            a1 = d.fma(FloatVector.fromArray(S, x, c1 + q), a1);
            a2 = d.fma(FloatVector.fromArray(S, x, c2 + q), a2);
            a3 = d.fma(FloatVector.fromArray(S, x, c3 + q), a3);
        }
        store4(a0, a1, a2, a3, acc, ab);
    }
}
