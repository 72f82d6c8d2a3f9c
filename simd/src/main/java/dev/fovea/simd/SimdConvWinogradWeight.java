package dev.fovea.simd;

import static dev.fovea.simd.SimdConvWinograd.CO;
import static dev.fovea.simd.SimdConvWinograd.L;
import static dev.fovea.simd.SimdConvWinograd.SKEW;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward weight of the convolutions {@link SimdConvWinograd} runs, in the same F(2x2, 3x3) transform: the
 * gradient of {@code U = G g Gt} at each of the 16 points is {@code dU[point][c][o] = sum over tiles of
 * V[point][tile][c] dM[point][tile][o]}, with {@code V = Bt d B} the input tile's transform (as in the forward) and
 * {@code dM = A dY At} the output gradient's 2x2 tile lifted to 16 points; then {@code dW = Gt dU G}. The products
 * reduce over tiles, so each thread sums its images into its own dU and the threads' sums are added at the end.
 */
final class SimdConvWinogradWeight {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;

    private SimdConvWinogradWeight() {}

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db) {
        int batch = g.batch();
        int srcC = g.inChannels();
        int dstC = g.outChannels();
        int h = g.inSize()[0];
        int wd = g.inSize()[1];
        int th = h / 2;
        int tw = wd / 2;
        int tilesPerImage = th * tw;
        int hw = h * wd;
        int pw = wd + 2;
        int planeP = (h + 2) * pw;
        int uFloats = 16 * srcC * dstC;
        int chunks = Math.min(Parallel.threads(), batch);
        int perImage = 16 * tilesPerImage * Math.max(srcC, dstC);
        int sub = Math.max(1, Math.min((batch + chunks - 1) / chunks, SimdConvWinograd.BUDGET / perImage));
        SimdConvWorkspace caller = SimdConvWorkspace.caller();
        float[][] parts = new float[chunks][];
        float[][] biasParts = new float[chunks][];
        for (int c = 0; c < chunks; c++) {
            parts[c] = caller.partial(c, uFloats);
            biasParts[c] = caller.biasPartial(c, dstC);
        }
        Parallel.forRange(chunks, (c0, c1) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            for (int chunk = c0; chunk < c1; chunk++) {
                int from = (int) ((long) batch * chunk / chunks);
                int to = (int) ((long) batch * (chunk + 1) / chunks);
                float[] du = parts[chunk];
                float[] bsum = biasParts[chunk];
                java.util.Arrays.fill(du, 0, uFloats, 0f);
                java.util.Arrays.fill(bsum, 0, dstC, 0f);
                int bMax = Math.max(1, Math.min(sub, to - from));
                int tiles = bMax * tilesPerImage;
                int padFloats = planeP * srcC;
                int vFloats = 16 * (tiles * srcC + SKEW);
                int mFloats = 16 * (tiles * dstC + SKEW);
                float[] buf = ws.wide(padFloats + vFloats + mFloats + L * L);
                float[] dyT = ws.source(hw * dstC);
                int vOff = padFloats;
                int mOff = vOff + vFloats;
                int tmpOff = mOff + mFloats;
                java.util.Arrays.fill(buf, 0, padFloats, 0f);
                for (int n0 = from; n0 < to; n0 += bMax) {
                    int bs = Math.min(bMax, to - n0);
                    int nt = bs * tilesPerImage;
                    int vps = nt * srcC + SKEW;
                    int mps = nt * dstC + SKEW;
                    for (int j = 0; j < bs; j++) {
                        SimdConvWinograd.rowsToChannelsLast(x, (n0 + j) * srcC * hw, srcC, hw, wd, 0, h, buf,
                                pw * srcC, tmpOff);
                        SimdConvWinograd.inputTransform(buf, srcC, th, tw, pw, buf, vOff, j * tilesPerImage, vps);
                        channelsLast(dy, (n0 + j) * dstC * hw, dstC, hw, dyT);
                        gradientTransform(dyT, dstC, th, tw, buf, mOff, j * tilesPerImage, mps, bsum);
                    }
                    for (int p = 0; p < 16; p++) {
                        for (int c = 0; c < srcC; c += 8) {
                            for (int o = 0; o < dstC; o += CO) {
                                weight8x2(buf, vOff + p * vps + c, srcC, buf, mOff + p * mps + o, dstC, nt, du,
                                        (p * srcC + c) * dstC + o, dstC);
                            }
                        }
                    }
                }
            }
        });
        for (int c = 1; c < chunks; c++) {
            float[] part = parts[c];
            float[] into = parts[0];
            for (int i = 0; i < uFloats; i++) {
                into[i] += part[i];
            }
            if (db != null) {
                for (int o = 0; o < dstC; o++) {
                    biasParts[0][o] += biasParts[c][o];
                }
            }
        }
        if (db != null) {
            System.arraycopy(biasParts[0], 0, db, 0, dstC);
        }
        float[] du = parts[0];
        Parallel.forRange(dstC, (from, to) -> {
            float[] z = new float[12];
            for (int o = from; o < to; o++) {
                for (int c = 0; c < srcC; c++) {
                    fromPoints(du, (c * dstC) + o, srcC * dstC, dw, (o * srcC + c) * 9, z);
                }
            }
        });
    }

    /** dy image [dstC][hw] at off into dyT[p*dstC + o] by 16x16 transposes (hw a multiple of 16). */
    private static void channelsLast(float[] dy, int off, int dstC, int hw, float[] dyT) {
        for (int o0 = 0; o0 < dstC; o0 += L) {
            for (int p0 = 0; p0 < hw; p0 += L) {
                SimdGemmTranspose.transpose16(dy, off + o0 * hw + p0, hw, dyT, p0 * dstC + o0, dstC);
            }
        }
    }

    /**
     * dM[point][tile][o] = A y At for each 2x2 output-gradient tile y (A = [1 0; 1 1; 1 -1; 0 -1]), tiles numbered
     * from t0; the bias gradient sums the tile's four values.
     */
    private static void gradientTransform(float[] dyT, int dstC, int th, int tw, float[] m, int mOff, int t0,
            int ps, float[] bsum) {
        int wd = 2 * tw;
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int tile = t0 + ty * tw + tx;
                int p00 = (2 * ty * wd + 2 * tx) * dstC;
                for (int o = 0; o < dstC; o += L) {
                    FloatVector y00 = FloatVector.fromArray(S, dyT, p00 + o);
                    FloatVector y01 = FloatVector.fromArray(S, dyT, p00 + dstC + o);
                    FloatVector y10 = FloatVector.fromArray(S, dyT, p00 + wd * dstC + o);
                    FloatVector y11 = FloatVector.fromArray(S, dyT, p00 + (wd + 1) * dstC + o);
                    FloatVector.fromArray(S, bsum, o).add(y00.add(y01).add(y10.add(y11))).intoArray(bsum, o);
                    // rows of A y: (y0, y0 + y1, y0 - y1, -y1) per column, then the same along each row
                    FloatVector s0 = y00.add(y10), d0 = y00.sub(y10);
                    FloatVector s1 = y01.add(y11), d1 = y01.sub(y11);
                    // each row (a, b) times At: (a, a + b, a - b, -b), written out (a helper taking vectors would
                    // not be inlined, and would box them)
                    int b = mOff + tile * dstC + o;
                    y00.intoArray(m, b);
                    y00.add(y01).intoArray(m, b + ps);
                    y00.sub(y01).intoArray(m, b + 2 * ps);
                    y01.neg().intoArray(m, b + 3 * ps);
                    s0.intoArray(m, b + 4 * ps);
                    s0.add(s1).intoArray(m, b + 5 * ps);
                    s0.sub(s1).intoArray(m, b + 6 * ps);
                    s1.neg().intoArray(m, b + 7 * ps);
                    d0.intoArray(m, b + 8 * ps);
                    d0.add(d1).intoArray(m, b + 9 * ps);
                    d0.sub(d1).intoArray(m, b + 10 * ps);
                    d1.neg().intoArray(m, b + 11 * ps);
                    y10.neg().intoArray(m, b + 12 * ps);
                    y10.add(y11).neg().intoArray(m, b + 13 * ps);
                    y11.sub(y10).intoArray(m, b + 14 * ps);
                    y11.intoArray(m, b + 15 * ps);
                }
            }
        }
    }

    /**
     * du[db + r*ldu + 0..31] += sum over tiles t of v[vb + t*kv + r] * m[mb + t*km + 0..31], for 8 source channels r.
     */
    private static void weight8x2(float[] v, int vb, int kv, float[] m, int mb, int km, int nt, float[] du, int db,
            int ldu) {
        FloatVector a00 = FloatVector.fromArray(S, du, db), a01 = FloatVector.fromArray(S, du, db + L);
        FloatVector a10 = FloatVector.fromArray(S, du, db + ldu), a11 = FloatVector.fromArray(S, du, db + ldu + L);
        FloatVector a20 = FloatVector.fromArray(S, du, db + 2 * ldu);
        FloatVector a21 = FloatVector.fromArray(S, du, db + 2 * ldu + L);
        FloatVector a30 = FloatVector.fromArray(S, du, db + 3 * ldu);
        FloatVector a31 = FloatVector.fromArray(S, du, db + 3 * ldu + L);
        FloatVector a40 = FloatVector.fromArray(S, du, db + 4 * ldu);
        FloatVector a41 = FloatVector.fromArray(S, du, db + 4 * ldu + L);
        FloatVector a50 = FloatVector.fromArray(S, du, db + 5 * ldu);
        FloatVector a51 = FloatVector.fromArray(S, du, db + 5 * ldu + L);
        FloatVector a60 = FloatVector.fromArray(S, du, db + 6 * ldu);
        FloatVector a61 = FloatVector.fromArray(S, du, db + 6 * ldu + L);
        FloatVector a70 = FloatVector.fromArray(S, du, db + 7 * ldu);
        FloatVector a71 = FloatVector.fromArray(S, du, db + 7 * ldu + L);
        for (int t = 0; t < nt; t++) {
            int vo = vb + t * kv;
            int mo = mb + t * km;
            FloatVector g0 = FloatVector.fromArray(S, m, mo);
            FloatVector g1 = FloatVector.fromArray(S, m, mo + L);
            FloatVector b = FloatVector.broadcast(S, v[vo]);
            a00 = g0.fma(b, a00);
            a01 = g1.fma(b, a01);
            b = FloatVector.broadcast(S, v[vo + 1]);
            a10 = g0.fma(b, a10);
            a11 = g1.fma(b, a11);
            b = FloatVector.broadcast(S, v[vo + 2]);
            a20 = g0.fma(b, a20);
            a21 = g1.fma(b, a21);
            b = FloatVector.broadcast(S, v[vo + 3]);
            a30 = g0.fma(b, a30);
            a31 = g1.fma(b, a31);
            b = FloatVector.broadcast(S, v[vo + 4]);
            a40 = g0.fma(b, a40);
            a41 = g1.fma(b, a41);
            b = FloatVector.broadcast(S, v[vo + 5]);
            a50 = g0.fma(b, a50);
            a51 = g1.fma(b, a51);
            b = FloatVector.broadcast(S, v[vo + 6]);
            a60 = g0.fma(b, a60);
            a61 = g1.fma(b, a61);
            b = FloatVector.broadcast(S, v[vo + 7]);
            a70 = g0.fma(b, a70);
            a71 = g1.fma(b, a71);
        }
        a00.intoArray(du, db);
        a01.intoArray(du, db + L);
        a10.intoArray(du, db + ldu);
        a11.intoArray(du, db + ldu + L);
        a20.intoArray(du, db + 2 * ldu);
        a21.intoArray(du, db + 2 * ldu + L);
        a30.intoArray(du, db + 3 * ldu);
        a31.intoArray(du, db + 3 * ldu + L);
        a40.intoArray(du, db + 4 * ldu);
        a41.intoArray(du, db + 4 * ldu + L);
        a50.intoArray(du, db + 5 * ldu);
        a51.intoArray(du, db + 5 * ldu + L);
        a60.intoArray(du, db + 6 * ldu);
        a61.intoArray(du, db + 6 * ldu + L);
        a70.intoArray(du, db + 7 * ldu);
        a71.intoArray(du, db + 7 * ldu + L);
    }

    /**
     * dW (3x3 at dw[at]) = Gt X G for the 16 points X[i][j] = du[from + (4i + j)*stride], G as in the forward's
     * kernel transform (Gt = [1 .5 .5 0; 0 .5 -.5 0; 0 .5 .5 1]).
     */
    private static void fromPoints(float[] du, int from, int stride, float[] dw, int at, float[] z) {
        for (int j = 0; j < 4; j++) {
            float x0 = du[from + j * stride];
            float x1 = du[from + (4 + j) * stride];
            float x2 = du[from + (8 + j) * stride];
            float x3 = du[from + (12 + j) * stride];
            z[j] = x0 + 0.5f * (x1 + x2);
            z[4 + j] = 0.5f * (x1 - x2);
            z[8 + j] = 0.5f * (x1 + x2) + x3;
        }
        for (int i = 0; i < 3; i++) {
            float z0 = z[4 * i], z1 = z[4 * i + 1], z2 = z[4 * i + 2], z3 = z[4 * i + 3];
            dw[at + 3 * i] = z0 + 0.5f * (z1 + z2);
            dw[at + 3 * i + 1] = 0.5f * (z1 - z2);
            dw[at + 3 * i + 2] = 0.5f * (z1 + z2) + z3;
        }
    }
}
