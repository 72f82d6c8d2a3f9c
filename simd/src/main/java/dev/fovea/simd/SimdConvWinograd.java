package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3x3 stride-1 convolutions with 'same' padding by Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray 2016):
 * each 2x2 block of outputs (a tile) takes 16 multiplies per channel pair instead of 36. The input tile (4x4, read
 * from the padded input) and the kernel are transformed into 16 frequency points, {@code V = Bt d B} and
 * {@code U = G g Gt}; at each point the tile's channels meet the kernel's as one small matrix product over input
 * channels, {@code M[point][tile][out] = sum_c V[point][tile][c] U[point][c][out]}; the 2x2 outputs are
 * {@code At M A}. Transforms run vectorised over 16 channels; the products use a register tile of 8 tiles x 32
 * output channels like the direct channel kernels, but with 2.25 times fewer multiply-adds.
 *
 * <p>Backward data is the same computation on the output gradient, with the kernel flipped and its channel roles
 * swapped. Work is split over the batch; per thread a sub-batch's transforms ({@code V}, {@code M}) stay in L2.
 * Only for 16-lane vectors (the transforms move 16 channels at a time).
 */
final class SimdConvWinograd {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    static final int L = 16;
    static final int CO = 32;
    /**
     * At most this many floats of V (and of M) per sub-batch, 256 KB each: with the output block they stay in the
     * 2 MB L2. ResNet-20's 64->64 8x8 forward (cold inputs, kernel transformed every call) took 1.39 ms with it,
     * 1.76 ms with twice as much and 1.51 ms with half.
     */
    static final int BUDGET = 64 * 1024;
    /**
     * Floats between the 16 points' regions of V and M beyond their size: without it the regions start a multiple
     * of 4 KB apart, and the 16 streams a transform reads or writes fall into the same L1 sets.
     */
    static final int SKEW = 16;
    /** Transformed-kernel floats (1 MB, 128 x 128 channels) up to which Winograd runs: see {@link #kernelFits}. */
    private static final int MAX_KERNEL = 256 * 1024;
    /** -Dfovea.conv.winograd=false keeps these layers on the direct kernels (A/B). */
    static final boolean ENABLED = !"false".equals(System.getProperty("fovea.conv.winograd"))
            && S.length() == L;

    private SimdConvWinograd() {}

    /**
     * 2D, 3x3, stride 1, dilation 1, padding 1 each side, one group, channels in blocks of 32, even planes of whole
     * vectors, small enough that one image's transforms fit {@link #BUDGET}, at least one image per thread.
     */
    static boolean applies(ConvGeometry g) {
        if (!sameThreeByThree(g) || g.batch() < Parallel.threads()) {
            return false;
        }
        int hw = g.inSize()[0] * g.inSize()[1];
        // With 16 channels the transforms outweigh the saved multiply-adds (16->16 on 32x32: 4.8 ms against the
        // direct kernels' 3.1). An image is never split, so its transforms must fit the budget: CIFAR-sized planes.
        int tiles = hw / 4;
        return hw % L == 0 && g.inChannels() % CO == 0 && g.outChannels() % CO == 0
                && 16L * tiles * Math.max(g.inChannels(), g.outChannels()) <= BUDGET && kernelFits(g);
    }

    /**
     * What every Winograd form here needs: enabled, 2D, 3x3, stride 1, dilation 1, padding 1 each side (output
     * plane = input plane), one group, even plane sides (whole 2x2 tiles).
     */
    static boolean sameThreeByThree(ConvGeometry g) {
        if (!ENABLED || g.inSize().length != 2 || g.groups() != 1) {
            return false;
        }
        for (int d = 0; d < 2; d++) {
            if (g.kernel()[d] != 3 || g.stride()[d] != 1 || g.dilation()[d] != 1 || g.padBegin()[d] != 1
                    || g.padEnd()[d] != 1 || g.inSize()[d] % 2 != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The transformed kernel (16 x in x out floats) must stay in L2 across a unit's products: at ResNet-18's
     * 256->256 on 14x14 (4 MB) every block streamed it from memory, 1.10-1.16 ms against the direct kernels' 0.84.
     */
    static boolean kernelFits(ConvGeometry g) {
        return 16L * g.inChannels() * g.outChannels() <= MAX_KERNEL;
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        run(g.batch(), g.inChannels(), g.outChannels(), g.inSize()[0], g.inSize()[1], x, w, false, bias, y);
    }

    /** dx = the forward convolution of dy with the kernel flipped and its channel roles swapped. */
    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        run(g.batch(), g.outChannels(), g.inChannels(), g.inSize()[0], g.inSize()[1], dy, w, true, null, dx);
    }

    /**
     * U[point][out block][c][bw] = G g Gt for source channel c and destination channel o, where g is
     * {@code w[o][c]} (forward) or {@code w[c][o]} flipped (backward data). Training changes the weights every
     * step, so this runs once per layer and pass each step: split over destination channels, each thread writes
     * whole 32-float rows of its channel block.
     */
    static void transformWeights(float[] w, boolean transposeFlip, int srcC, int dstC, int bw, float[] u) {
        int blocks = dstC / bw;
        Parallel.forRange(blocks, (from, to) -> {
            float[] row = new float[16 * bw];
            for (int cb = from; cb < to; cb++) {
                for (int c = 0; c < srcC; c++) {
                    for (int lane = 0; lane < bw; lane++) {
                        int o = cb * bw + lane;
                        int gb = transposeFlip ? (c * dstC + o) * 9 : (o * srcC + c) * 9;
                        transformKernel(w, gb, transposeFlip, row, lane, bw);
                    }
                    for (int point = 0; point < 16; point++) {
                        System.arraycopy(row, point * bw, u, ((point * blocks + cb) * srcC + c) * bw, bw);
                    }
                }
            }
        });
    }

    /** G g Gt of the 3x3 kernel at w[gb] (flipped when asked) into row[point*32 + lane]. */
    private static void transformKernel(float[] w, int gb, boolean flip, float[] row, int lane, int bw) {
        float g00, g01, g02, g10, g11, g12, g20, g21, g22;
        if (flip) {
            g00 = w[gb + 8]; g01 = w[gb + 7]; g02 = w[gb + 6];
            g10 = w[gb + 5]; g11 = w[gb + 4]; g12 = w[gb + 3];
            g20 = w[gb + 2]; g21 = w[gb + 1]; g22 = w[gb];
        } else {
            g00 = w[gb]; g01 = w[gb + 1]; g02 = w[gb + 2];
            g10 = w[gb + 3]; g11 = w[gb + 4]; g12 = w[gb + 5];
            g20 = w[gb + 6]; g21 = w[gb + 7]; g22 = w[gb + 8];
        }
        // t = G g (rows of G: [1 0 0], [.5 .5 .5], [.5 -.5 .5], [0 0 1]), per column
        float t10 = 0.5f * (g00 + g10 + g20), t11 = 0.5f * (g01 + g11 + g21), t12 = 0.5f * (g02 + g12 + g22);
        float t20 = 0.5f * (g00 - g10 + g20), t21 = 0.5f * (g01 - g11 + g21), t22 = 0.5f * (g02 - g12 + g22);
        rowTimesGt(g00, g01, g02, row, lane, bw);
        rowTimesGt(t10, t11, t12, row, 4 * bw + lane, bw);
        rowTimesGt(t20, t21, t22, row, 8 * bw + lane, bw);
        rowTimesGt(g20, g21, g22, row, 12 * bw + lane, bw);
    }

    /** One row of t times Gt: (t0, (t0 + t1 + t2) / 2, (t0 - t1 + t2) / 2, t2) at points bw apart. */
    private static void rowTimesGt(float t0, float t1, float t2, float[] row, int at, int bw) {
        row[at] = t0;
        row[at + bw] = 0.5f * (t0 + t1 + t2);
        row[at + 2 * bw] = 0.5f * (t0 - t1 + t2);
        row[at + 3 * bw] = t2;
    }

    private static void run(int batch, int srcC, int dstC, int h, int wd, float[] src, float[] w,
            boolean transposeFlip, float[] bias, float[] dst) {
        float[] u = transformed(w, transposeFlip, srcC, dstC);
        int th = h / 2;
        int tw = wd / 2;
        int tilesPerImage = th * tw;
        int hw = h * wd;
        int perImage = 16 * tilesPerImage * Math.max(srcC, dstC);
        int perThread = (batch + Parallel.threads() - 1) / Parallel.threads();
        int sub = Math.max(1, Math.min(perThread, BUDGET / perImage));
        int pw = wd + 2;
        int planeP = (h + 2) * pw;
        Parallel.forRange(batch, (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int bMax = Math.min(sub, to - from);
            int tiles = bMax * tilesPerImage;
            // one workspace array, three regions: padded NHWC image | V | M; the output rows in another
            int padFloats = planeP * srcC;
            int vFloats = 16 * (tiles * srcC + SKEW);
            int mFloats = 16 * (tiles * dstC + SKEW);
            float[] buf = ws.wide(padFloats + vFloats + mFloats + L * L);
            float[] out = ws.source(bMax * hw * dstC);
            int vOff = padFloats;
            int mOff = vOff + vFloats;
            int tmpOff = mOff + mFloats;
            java.util.Arrays.fill(buf, 0, padFloats, 0f);
            int[] idx = new int[L];
            for (int n0 = from; n0 < to; n0 += bMax) {
                int bs = Math.min(bMax, to - n0);
                int nt = bs * tilesPerImage;
                int vps = nt * srcC + SKEW;
                int mps = nt * dstC + SKEW;
                for (int j = 0; j < bs; j++) {
                    rowsToChannelsLast(src, (n0 + j) * srcC * hw, srcC, hw, wd, 0, h, buf, pw * srcC, tmpOff);
                    inputTransform(buf, srcC, th, tw, pw, buf, vOff, j * tilesPerImage, vps);
                }
                products(buf, vOff, vps, nt, srcC, u, mOff, mps, dstC);
                outputTransform(buf, mOff, mps, nt, dstC, th, tw, bias, out, 0);
                SimdConvChannels.unpack(dstC, h, wd, out, dstC, wd, n0, bs, dst, idx);
            }
        });
    }

    /** The transformed kernel for this form (blocks of 32 destination channels), cached per weight array. */
    static float[] transformed(float[] w, boolean transposeFlip, int srcC, int dstC) {
        // kinds 30/31: this path's transformed kernels
        return SimdConvPackCache.packed(w, new SimdConvPackCache.Layout(transposeFlip ? 31 : 30, 1, srcC, dstC, 3, 3,
                CO, 1, 1, 1), 16 * srcC * dstC, buf -> transformWeights(w, transposeFlip, srcC, dstC, CO, buf));
    }

    /**
     * Image rows [r0, r1) of x ([srcC][os] at x[off]) into padded [row][column][channel] rows from buf[at] on (the
     * first of them there, columns from 1; the padding columns are left as they are): 16 flat positions x 16
     * channels per transpose, the last block overlapping the one before it, so rows narrower than 16 work as long
     * as the range has 16 positions.
     */
    static void rowsToChannelsLast(float[] x, int off, int srcC, int os, int wd, int r0, int r1, float[] buf, int at,
            int tmp) {
        int pw = wd + 2;
        int first = r0 * wd;
        int np = (r1 - r0) * wd;
        for (int c0 = 0; c0 < srcC; c0 += L) {
            for (int p0 = 0; p0 < np; p0 += L) {
                int p = Math.min(p0, np - L);
                SimdGemmTranspose.transpose16(x, off + c0 * os + first + p, os, buf, tmp, L);
                for (int i = 0; i < L; i++) {
                    int q = p + i;
                    int row = q / wd;
                    int col = q - row * wd;
                    FloatVector.fromArray(S, buf, tmp + i * L).intoArray(buf, at + (row * pw + col + 1) * srcC + c0);
                }
            }
        }
    }

    /** V[point][tile][c] for the tiles of one image (tile numbers from t0 on, nt tiles per point). */
    static void inputTransform(float[] xp, int srcC, int th, int tw, int pw, float[] v, int vOff, int t0,
            int pointStride) {
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int tile = t0 + ty * tw + tx;
                int base = (2 * ty * pw + 2 * tx) * srcC;
                int row = pw * srcC;
                for (int c = 0; c < srcC; c += L) {
                    int b = base + c;
                    // Bt d: rows combined, per column j
                    FloatVector d00 = FloatVector.fromArray(S, xp, b);
                    FloatVector d01 = FloatVector.fromArray(S, xp, b + srcC);
                    FloatVector d02 = FloatVector.fromArray(S, xp, b + 2 * srcC);
                    FloatVector d03 = FloatVector.fromArray(S, xp, b + 3 * srcC);
                    FloatVector d10 = FloatVector.fromArray(S, xp, b + row);
                    FloatVector d11 = FloatVector.fromArray(S, xp, b + row + srcC);
                    FloatVector d12 = FloatVector.fromArray(S, xp, b + row + 2 * srcC);
                    FloatVector d13 = FloatVector.fromArray(S, xp, b + row + 3 * srcC);
                    FloatVector d20 = FloatVector.fromArray(S, xp, b + 2 * row);
                    FloatVector d21 = FloatVector.fromArray(S, xp, b + 2 * row + srcC);
                    FloatVector d22 = FloatVector.fromArray(S, xp, b + 2 * row + 2 * srcC);
                    FloatVector d23 = FloatVector.fromArray(S, xp, b + 2 * row + 3 * srcC);
                    FloatVector d30 = FloatVector.fromArray(S, xp, b + 3 * row);
                    FloatVector d31 = FloatVector.fromArray(S, xp, b + 3 * row + srcC);
                    FloatVector d32 = FloatVector.fromArray(S, xp, b + 3 * row + 2 * srcC);
                    FloatVector d33 = FloatVector.fromArray(S, xp, b + 3 * row + 3 * srcC);
                    FloatVector t00 = d00.sub(d20), t01 = d01.sub(d21), t02 = d02.sub(d22), t03 = d03.sub(d23);
                    FloatVector t10 = d10.add(d20), t11 = d11.add(d21), t12 = d12.add(d22), t13 = d13.add(d23);
                    FloatVector t20 = d20.sub(d10), t21 = d21.sub(d11), t22 = d22.sub(d12), t23 = d23.sub(d13);
                    FloatVector t30 = d10.sub(d30), t31 = d11.sub(d31), t32 = d12.sub(d32), t33 = d13.sub(d33);
                    int o = vOff + tile * srcC + c;
                    int s = pointStride;
                    // each row of Bt d times B: (r0 - r2, r1 + r2, r2 - r1, r1 - r3), written out (a helper taking
                    // vectors was too large to inline, and boxed them)
                    t00.sub(t02).intoArray(v, o);
                    t01.add(t02).intoArray(v, o + s);
                    t02.sub(t01).intoArray(v, o + 2 * s);
                    t01.sub(t03).intoArray(v, o + 3 * s);
                    t10.sub(t12).intoArray(v, o + 4 * s);
                    t11.add(t12).intoArray(v, o + 5 * s);
                    t12.sub(t11).intoArray(v, o + 6 * s);
                    t11.sub(t13).intoArray(v, o + 7 * s);
                    t20.sub(t22).intoArray(v, o + 8 * s);
                    t21.add(t22).intoArray(v, o + 9 * s);
                    t22.sub(t21).intoArray(v, o + 10 * s);
                    t21.sub(t23).intoArray(v, o + 11 * s);
                    t30.sub(t32).intoArray(v, o + 12 * s);
                    t31.add(t32).intoArray(v, o + 13 * s);
                    t32.sub(t31).intoArray(v, o + 14 * s);
                    t31.sub(t33).intoArray(v, o + 15 * s);
                }
            }
        }
    }

    /**
     * Outputs At M A (+ bias) of every tile into out[(image*h*w + position)*dstC + channel], the [position][channel]
     * rows that {@link SimdConvChannels#unpack} writes back as NCHW.
     */
    static void outputTransform(float[] m, int mOff, int ps, int nt, int dstC, int th, int tw,
            float[] bias, float[] out, int outOff) {
        int tilesPerImage = th * tw;
        int wd = 2 * tw;
        int os = 4 * tilesPerImage;
        for (int t = 0; t < nt; t++) {
            int img = t / tilesPerImage;
            int r = t - img * tilesPerImage;
            int ty = r / tw;
            int tx = r - ty * tw;
            int p00 = outOff + (img * os + 2 * ty * wd + 2 * tx) * dstC;
            for (int c = 0; c < dstC; c += L) {
                int b = mOff + t * dstC + c;
                // At M: rows (m0 + m1 + m2, m1 - m2 - m3) per column
                FloatVector m1x0 = FloatVector.fromArray(S, m, b + 4 * ps);
                FloatVector m2x0 = FloatVector.fromArray(S, m, b + 8 * ps);
                FloatVector s0 = FloatVector.fromArray(S, m, b).add(m1x0).add(m2x0);
                FloatVector e0 = m1x0.sub(m2x0).sub(FloatVector.fromArray(S, m, b + 12 * ps));
                FloatVector m1x1 = FloatVector.fromArray(S, m, b + 5 * ps);
                FloatVector m2x1 = FloatVector.fromArray(S, m, b + 9 * ps);
                FloatVector s1 = FloatVector.fromArray(S, m, b + ps).add(m1x1).add(m2x1);
                FloatVector e1 = m1x1.sub(m2x1).sub(FloatVector.fromArray(S, m, b + 13 * ps));
                FloatVector m1x2 = FloatVector.fromArray(S, m, b + 6 * ps);
                FloatVector m2x2 = FloatVector.fromArray(S, m, b + 10 * ps);
                FloatVector s2 = FloatVector.fromArray(S, m, b + 2 * ps).add(m1x2).add(m2x2);
                FloatVector e2 = m1x2.sub(m2x2).sub(FloatVector.fromArray(S, m, b + 14 * ps));
                FloatVector m1x3 = FloatVector.fromArray(S, m, b + 7 * ps);
                FloatVector m2x3 = FloatVector.fromArray(S, m, b + 11 * ps);
                FloatVector s3 = FloatVector.fromArray(S, m, b + 3 * ps).add(m1x3).add(m2x3);
                FloatVector e3 = m1x3.sub(m2x3).sub(FloatVector.fromArray(S, m, b + 15 * ps));
                FloatVector y00 = s0.add(s1).add(s2);
                FloatVector y01 = s1.sub(s2).sub(s3);
                FloatVector y10 = e0.add(e1).add(e2);
                FloatVector y11 = e1.sub(e2).sub(e3);
                if (bias != null) {
                    FloatVector bv = FloatVector.fromArray(S, bias, c);
                    y00 = y00.add(bv);
                    y01 = y01.add(bv);
                    y10 = y10.add(bv);
                    y11 = y11.add(bv);
                }
                y00.intoArray(out, p00 + c);
                y01.intoArray(out, p00 + dstC + c);
                y10.intoArray(out, p00 + wd * dstC + c);
                y11.intoArray(out, p00 + (wd + 1) * dstC + c);
            }
        }
    }

    /**
     * M[point][tile][o] = sum over c of V[point][tile][c] U[point][c][o] for nt tiles (V from buf[vOff], points vps
     * apart; M from buf[mOff], points mps apart): 8 tiles x 32 channels per kernel call, single tiles at the end.
     */
    static void products(float[] buf, int vOff, int vps, int nt, int srcC, float[] u, int mOff, int mps, int dstC) {
        for (int p = 0; p < 16; p++) {
            for (int cb = 0; cb < dstC / CO; cb++) {
                int ub = (p * (dstC / CO) + cb) * srcC * CO;
                int t = 0;
                for (; t + 8 <= nt; t += 8) {
                    tile8x2(buf, vOff + p * vps + t * srcC, srcC, u, ub, buf, mOff + p * mps + t * dstC + cb * CO,
                            dstC);
                }
                for (; t < nt; t++) {
                    tile1(buf, vOff + p * vps + t * srcC, srcC, u, ub, buf, mOff + p * mps + t * dstC + cb * CO);
                }
            }
        }
    }

    /**
     * m[mb + r*ldm + 0..31] = sum over k of v[vb + r*kk + k] * u[ub + k*32 + 0..31] for 8 tiles r: the sums start
     * from zero (the whole reduction is one call).
     */
    private static void tile8x2(float[] v, int vb, int kk, float[] u, int ub, float[] m, int mb, int ldm) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00,
                a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00, a70 = a00, a71 = a00;
        int r0 = vb, r1 = vb + kk, r2 = vb + 2 * kk, r3 = vb + 3 * kk;
        int r4 = vb + 4 * kk, r5 = vb + 5 * kk, r6 = vb + 6 * kk, r7 = vb + 7 * kk;
        for (int k = 0; k < kk; k++) {
            int uo = ub + k * CO;
            FloatVector w0 = FloatVector.fromArray(S, u, uo);
            FloatVector w1 = FloatVector.fromArray(S, u, uo + L);
            FloatVector b = FloatVector.broadcast(S, v[r0 + k]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            b = FloatVector.broadcast(S, v[r1 + k]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(S, v[r2 + k]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            b = FloatVector.broadcast(S, v[r3 + k]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            b = FloatVector.broadcast(S, v[r4 + k]);
            a40 = w0.fma(b, a40);
            a41 = w1.fma(b, a41);
            b = FloatVector.broadcast(S, v[r5 + k]);
            a50 = w0.fma(b, a50);
            a51 = w1.fma(b, a51);
            b = FloatVector.broadcast(S, v[r6 + k]);
            a60 = w0.fma(b, a60);
            a61 = w1.fma(b, a61);
            b = FloatVector.broadcast(S, v[r7 + k]);
            a70 = w0.fma(b, a70);
            a71 = w1.fma(b, a71);
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

    /** One tile of {@link #tile8x2} (the last tiles of a sub-batch or block). */
    private static void tile1(float[] v, int vb, int kk, float[] u, int ub, float[] m, int mb) {
        for (int j = 0; j < CO; j += L) {
            FloatVector a = FloatVector.zero(S);
            for (int k = 0; k < kk; k++) {
                a = FloatVector.fromArray(S, u, ub + k * CO + j).fma(FloatVector.broadcast(S, v[vb + k]), a);
            }
            a.intoArray(m, mb + j);
        }
    }
}
