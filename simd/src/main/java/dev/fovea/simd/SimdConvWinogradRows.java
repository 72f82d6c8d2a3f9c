package dev.fovea.simd;

import static dev.fovea.simd.SimdConvWinograd.L;
import static dev.fovea.simd.SimdConvWinograd.SKEW;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Winograd F(2x2, 3x3) ({@link SimdConvWinograd}) for planes 32 wide with few channels (a CIFAR ResNet's first
 * stage, 16 channels): vectorised over the 16 tiles of a tile row instead of over channels. With 16 channels the
 * channel-vectorised form spends more on its transposes and transforms than it saves; here there are no transposes:
 * a padded input row splits into even and odd columns by two lane selects, which are exactly the tiles' columns
 * 0..3, and the outputs' 2x2 tiles interleave back into rows the same way, written straight into NCHW. The products
 * broadcast kernel values ({@code U[point][o][c]}, 8 output channels) against vectors of 32 tiles.
 *
 * <p>One image at a time per thread: its padded planes, V ({@code [point][c][tile]}) and M ({@code [point][o][tile]})
 * take 16 x 256 floats per channel each, 256 KB for 16 channels.
 */
final class SimdConvWinogradRows {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    /** Output channels per kernel block (broadcast values per step). */
    private static final int OB = 8;
    private static final int W = 32;
    private static final int PW = W + 2;
    /** Tiles per tile row: one vector. */
    private static final int TW = W / 2;
    /** Lane selects of two vectors: even lanes of (a, b), odd lanes, and the two halves of an interleave. */
    private static final FloatVector EVEN = SimdConvWinograd.ENABLED ? indices(0) : null;
    private static final FloatVector ODD = SimdConvWinograd.ENABLED ? indices(1) : null;
    private static final FloatVector ZIP_LO = SimdConvWinograd.ENABLED ? zip(0) : null;
    private static final FloatVector ZIP_HI = SimdConvWinograd.ENABLED ? zip(8) : null;

    private SimdConvWinogradRows() {}

    private static FloatVector indices(int start) {
        float[] idx = new float[L];
        for (int l = 0; l < L; l++) {
            idx[l] = start + 2 * l;
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    /** a[from], b[from], a[from + 1], b[from + 1], ... (indices 16 and up select from b). */
    private static FloatVector zip(int from) {
        float[] idx = new float[L];
        for (int l = 0; l < L; l++) {
            idx[l] = (l % 2 == 0 ? 0 : L) + from + l / 2;
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    /**
     * 2D, 3x3, stride 1, dilation 1, padding 1, one group, planes 32 wide and a multiple of 4 high (the products take
     * two tile rows at a time), 8, 16 or 24 channels on either side.
     */
    static boolean applies(ConvGeometry g) {
        if (!SimdConvWinograd.sameThreeByThree(g) || g.batch() < Parallel.threads() || g.inSize()[1] != W
                || g.inSize()[0] % 4 != 0) {
            return false;
        }
        return g.inChannels() % OB == 0 && g.outChannels() % OB == 0 && g.inChannels() < 32
                && g.outChannels() < 32;
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        run(g.batch(), g.inChannels(), g.outChannels(), g.inSize()[0], x, w, false, bias, y);
    }

    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        run(g.batch(), g.outChannels(), g.inChannels(), g.inSize()[0], dy, w, true, null, dx);
    }

    private static void run(int batch, int srcC, int dstC, int h, float[] src, float[] w, boolean transposeFlip,
            float[] bias, float[] dst) {
        // kinds 32/33: U[point][block of 8 outputs][c][8]
        float[] u = SimdConvPackCache.packed(w, new SimdConvPackCache.Layout(transposeFlip ? 33 : 32, 1, srcC, dstC,
                3, 3, OB, 1, 1, 1), 16 * srcC * dstC,
                buf -> SimdConvWinograd.transformWeights(w, transposeFlip, srcC, dstC, OB, buf));
        int th = h / 2;
        int tiles = th * TW;
        int plane = (h + 2) * PW;
        int vps = srcC * tiles + SKEW;
        int mps = dstC * tiles + SKEW;
        Parallel.forRange(batch, (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int padFloats = srcC * plane;
            float[] buf = ws.wide(padFloats + 16 * vps + 16 * mps);
            int vOff = padFloats;
            int mOff = vOff + 16 * vps;
            java.util.Arrays.fill(buf, 0, padFloats, 0f);
            for (int n = from; n < to; n++) {
                transformImage(src, n * srcC * h * W, srcC, h, buf, vOff, vps);
                for (int p = 0; p < 16; p++) {
                    for (int ob = 0; ob < dstC / OB; ob++) {
                        int ub = ((p * (dstC / OB) + ob) * srcC) * OB;
                        for (int t = 0; t < tiles; t += 2 * L) {
                            tile8x2(u, ub, srcC, buf, vOff + p * vps + t, tiles, buf,
                                    mOff + p * mps + ob * OB * tiles + t, tiles);
                        }
                    }
                }
                int yo = n * dstC * h * W;
                for (int o = 0; o < dstC; o++) {
                    float b = bias == null ? 0f : bias[o];
                    for (int ty = 0; ty < th; ty++) {
                        outputTransform(buf, mOff + o * tiles + ty * TW, mps, b, dst, yo + (o * h + 2 * ty) * W);
                    }
                }
            }
        });
    }

    /**
     * V[point][c][tile] of one image at x[xo] ([srcC][h][32]): each plane padded into buf[c*plane...] (whose
     * border the caller zeroed once), then transformed tile row by tile row.
     */
    private static void transformImage(float[] x, int xo, int srcC, int h, float[] buf, int vOff, int vps) {
        int plane = (h + 2) * PW;
        int tiles = h / 2 * TW;
        for (int c = 0; c < srcC; c++) {
            for (int r = 0; r < h; r++) {
                int at = c * plane + (r + 1) * PW + 1;
                FloatVector.fromArray(S, x, xo + (c * h + r) * W).intoArray(buf, at);
                FloatVector.fromArray(S, x, xo + (c * h + r) * W + L).intoArray(buf, at + L);
            }
            for (int ty = 0; ty < h / 2; ty++) {
                inputTransform(buf, c * plane + 2 * ty * PW, buf, vOff + c * tiles + ty * TW, vps);
            }
        }
    }

    /**
     * V for the 16 tiles of one tile row: the padded rows r..r+3 at xp[row0 + i*PW] split into the tiles' columns
     * (even and odd columns from 0 and from 2), then Bt d B; point p's vector goes to v[vo + p*vps].
     */
    private static void inputTransform(float[] xp, int row0, float[] v, int vo, int vps) {
        FloatVector even = EVEN, odd = ODD;
        FloatVector a = FloatVector.fromArray(S, xp, row0), b = FloatVector.fromArray(S, xp, row0 + L);
        FloatVector c = FloatVector.fromArray(S, xp, row0 + 2), e = FloatVector.fromArray(S, xp, row0 + 2 + L);
        FloatVector d00 = even.selectFrom(a, b), d01 = odd.selectFrom(a, b);
        FloatVector d02 = even.selectFrom(c, e), d03 = odd.selectFrom(c, e);
        int r = row0 + PW;
        a = FloatVector.fromArray(S, xp, r);
        b = FloatVector.fromArray(S, xp, r + L);
        c = FloatVector.fromArray(S, xp, r + 2);
        e = FloatVector.fromArray(S, xp, r + 2 + L);
        FloatVector d10 = even.selectFrom(a, b), d11 = odd.selectFrom(a, b);
        FloatVector d12 = even.selectFrom(c, e), d13 = odd.selectFrom(c, e);
        r += PW;
        a = FloatVector.fromArray(S, xp, r);
        b = FloatVector.fromArray(S, xp, r + L);
        c = FloatVector.fromArray(S, xp, r + 2);
        e = FloatVector.fromArray(S, xp, r + 2 + L);
        FloatVector d20 = even.selectFrom(a, b), d21 = odd.selectFrom(a, b);
        FloatVector d22 = even.selectFrom(c, e), d23 = odd.selectFrom(c, e);
        r += PW;
        a = FloatVector.fromArray(S, xp, r);
        b = FloatVector.fromArray(S, xp, r + L);
        c = FloatVector.fromArray(S, xp, r + 2);
        e = FloatVector.fromArray(S, xp, r + 2 + L);
        FloatVector d30 = even.selectFrom(a, b), d31 = odd.selectFrom(a, b);
        FloatVector d32 = even.selectFrom(c, e), d33 = odd.selectFrom(c, e);
        // Bt d: rows combined per column; then each row times B, written out (helpers taking vectors box them)
        FloatVector t00 = d00.sub(d20), t01 = d01.sub(d21), t02 = d02.sub(d22), t03 = d03.sub(d23);
        FloatVector t10 = d10.add(d20), t11 = d11.add(d21), t12 = d12.add(d22), t13 = d13.add(d23);
        FloatVector t20 = d20.sub(d10), t21 = d21.sub(d11), t22 = d22.sub(d12), t23 = d23.sub(d13);
        FloatVector t30 = d10.sub(d30), t31 = d11.sub(d31), t32 = d12.sub(d32), t33 = d13.sub(d33);
        t00.sub(t02).intoArray(v, vo);
        t01.add(t02).intoArray(v, vo + vps);
        t02.sub(t01).intoArray(v, vo + 2 * vps);
        t01.sub(t03).intoArray(v, vo + 3 * vps);
        t10.sub(t12).intoArray(v, vo + 4 * vps);
        t11.add(t12).intoArray(v, vo + 5 * vps);
        t12.sub(t11).intoArray(v, vo + 6 * vps);
        t11.sub(t13).intoArray(v, vo + 7 * vps);
        t20.sub(t22).intoArray(v, vo + 8 * vps);
        t21.add(t22).intoArray(v, vo + 9 * vps);
        t22.sub(t21).intoArray(v, vo + 10 * vps);
        t21.sub(t23).intoArray(v, vo + 11 * vps);
        t30.sub(t32).intoArray(v, vo + 12 * vps);
        t31.add(t32).intoArray(v, vo + 13 * vps);
        t32.sub(t31).intoArray(v, vo + 14 * vps);
        t31.sub(t33).intoArray(v, vo + 15 * vps);
    }

    /**
     * At M A (+ bias) for the 16 tiles of one tile row of one output channel (point p's vector at m[mo + p*mps]),
     * interleaved into the two output rows of 32 at y[yo] and y[yo + 32].
     */
    private static void outputTransform(float[] m, int mo, int mps, float bias, float[] y, int yo) {
        FloatVector m1x0 = FloatVector.fromArray(S, m, mo + 4 * mps);
        FloatVector m2x0 = FloatVector.fromArray(S, m, mo + 8 * mps);
        FloatVector s0 = FloatVector.fromArray(S, m, mo).add(m1x0).add(m2x0);
        FloatVector e0 = m1x0.sub(m2x0).sub(FloatVector.fromArray(S, m, mo + 12 * mps));
        FloatVector m1x1 = FloatVector.fromArray(S, m, mo + 5 * mps);
        FloatVector m2x1 = FloatVector.fromArray(S, m, mo + 9 * mps);
        FloatVector s1 = FloatVector.fromArray(S, m, mo + mps).add(m1x1).add(m2x1);
        FloatVector e1 = m1x1.sub(m2x1).sub(FloatVector.fromArray(S, m, mo + 13 * mps));
        FloatVector m1x2 = FloatVector.fromArray(S, m, mo + 6 * mps);
        FloatVector m2x2 = FloatVector.fromArray(S, m, mo + 10 * mps);
        FloatVector s2 = FloatVector.fromArray(S, m, mo + 2 * mps).add(m1x2).add(m2x2);
        FloatVector e2 = m1x2.sub(m2x2).sub(FloatVector.fromArray(S, m, mo + 14 * mps));
        FloatVector m1x3 = FloatVector.fromArray(S, m, mo + 7 * mps);
        FloatVector m2x3 = FloatVector.fromArray(S, m, mo + 11 * mps);
        FloatVector s3 = FloatVector.fromArray(S, m, mo + 3 * mps).add(m1x3).add(m2x3);
        FloatVector e3 = m1x3.sub(m2x3).sub(FloatVector.fromArray(S, m, mo + 15 * mps));
        FloatVector bv = FloatVector.broadcast(S, bias);
        FloatVector y00 = s0.add(s1).add(s2).add(bv);
        FloatVector y01 = s1.sub(s2).sub(s3).add(bv);
        FloatVector y10 = e0.add(e1).add(e2).add(bv);
        FloatVector y11 = e1.sub(e2).sub(e3).add(bv);
        FloatVector lo = ZIP_LO, hi = ZIP_HI;
        lo.selectFrom(y00, y01).intoArray(y, yo);
        hi.selectFrom(y00, y01).intoArray(y, yo + L);
        lo.selectFrom(y10, y11).intoArray(y, yo + W);
        hi.selectFrom(y10, y11).intoArray(y, yo + W + L);
    }

    /**
     * m[mb + r*ldm + 0..31] = sum over c of u[ub + c*8 + r] * v[vb + c*ldv + 0..31]: 8 output channels r of 32
     * tiles, the sums from zero (the whole reduction over source channels in one call).
     */
    private static void tile8x2(float[] u, int ub, int kk, float[] v, int vb, int ldv, float[] m, int mb, int ldm) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00,
                a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00, a70 = a00, a71 = a00;
        for (int c = 0; c < kk; c++) {
            int vo = vb + c * ldv;
            int uo = ub + c * OB;
            FloatVector x0 = FloatVector.fromArray(S, v, vo);
            FloatVector x1 = FloatVector.fromArray(S, v, vo + L);
            FloatVector b = FloatVector.broadcast(S, u[uo]);
            a00 = x0.fma(b, a00);
            a01 = x1.fma(b, a01);
            b = FloatVector.broadcast(S, u[uo + 1]);
            a10 = x0.fma(b, a10);
            a11 = x1.fma(b, a11);
            b = FloatVector.broadcast(S, u[uo + 2]);
            a20 = x0.fma(b, a20);
            a21 = x1.fma(b, a21);
            b = FloatVector.broadcast(S, u[uo + 3]);
            a30 = x0.fma(b, a30);
            a31 = x1.fma(b, a31);
            b = FloatVector.broadcast(S, u[uo + 4]);
            a40 = x0.fma(b, a40);
            a41 = x1.fma(b, a41);
            b = FloatVector.broadcast(S, u[uo + 5]);
            a50 = x0.fma(b, a50);
            a51 = x1.fma(b, a51);
            b = FloatVector.broadcast(S, u[uo + 6]);
            a60 = x0.fma(b, a60);
            a61 = x1.fma(b, a61);
            b = FloatVector.broadcast(S, u[uo + 7]);
            a70 = x0.fma(b, a70);
            a71 = x1.fma(b, a71);
        }
        a00.intoArray(m, mb);
        a01.intoArray(m, mb + L);
        a10.intoArray(m, mb + ldm);
        a11.intoArray(m, mb + ldm + L);
        a20.intoArray(m, mb + 2 * ldm);
        a21.intoArray(m, mb + 2 * ldm + L);
        a30.intoArray(m, mb + 3 * ldm);
        a31.intoArray(m, mb + 3 * ldm + L);
        a40.intoArray(m, mb + 4 * ldm);
        a41.intoArray(m, mb + 4 * ldm + L);
        a50.intoArray(m, mb + 5 * ldm);
        a51.intoArray(m, mb + 5 * ldm + L);
        a60.intoArray(m, mb + 6 * ldm);
        a61.intoArray(m, mb + 6 * ldm + L);
        a70.intoArray(m, mb + 7 * ldm);
        a71.intoArray(m, mb + 7 * ldm + L);
    }
}
