package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.Parallel;
import java.util.Arrays;

/**
 * The general convolution path for what the wide kernel does not cover (strides above 1, padding wider than the
 * dilated kernel): per image and group, im2col into a per-thread buffer [Cin/groups * K][outSpatial] and one
 * sgemm through the active {@link Kernels}, so it gets faster whenever sgemm does. Backward data is sgemm then
 * col2im; backward weight accumulates per-chunk partial dWeight with sgemm (beta = 1) and sums them once.
 */
final class SimdConvIm2col {
    private final Kernels gemm;

    SimdConvIm2col(Kernels gemm) {
        this.gemm = gemm;
    }

    /** A 1x1 convolution with stride 1 and no padding: per image, a plain GEMM on the input as stored. */
    static boolean isPointwise(ConvGeometry g) {
        for (int d = 0; d < g.spatialDims(); d++) {
            if (g.kernel()[d] != 1 || g.stride()[d] != 1 || g.padBegin()[d] != 0 || g.padEnd()[d] != 0) {
                return false;
            }
        }
        return true;
    }

    void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        Im2col m = new Im2col(g);
        Parallel.forRange(g.batch(), (from, to) -> {
            float[] col = m.pointwise ? x : SimdConvWorkspace.worker().wide(m.colFloats());
            for (int n = from; n < to; n++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int colOff = m.pointwise ? m.inputOffset(n, grp) : 0;
                    if (!m.pointwise) {
                        m.im2col(x, n, grp, col);
                    }
                    int yOff = (n * g.outChannels() + grp * m.coPerGroup) * m.outSpatial;
                    gemm.sgemm(false, false, m.coPerGroup, m.outSpatial, m.rows, 1f, w, grp * m.coPerGroup * m.rows,
                            m.rows, col, colOff, m.outSpatial, 0f, y, yOff, m.outSpatial);
                    if (bias != null) {
                        for (int co = 0; co < m.coPerGroup; co++) {
                            float bv = bias[grp * m.coPerGroup + co];
                            int base = yOff + co * m.outSpatial;
                            for (int i = 0; i < m.outSpatial; i++) {
                                y[base + i] += bv;
                            }
                        }
                    }
                }
            }
        });
    }

    void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        Im2col m = new Im2col(g);
        Parallel.forRange(g.batch(), (from, to) -> {
            float[] col = m.pointwise ? dx : SimdConvWorkspace.worker().wide(m.colFloats());
            for (int n = from; n < to; n++) {
                int xOff = n * g.inChannels() * m.inSpatial;
                if (!m.pointwise) {
                    Arrays.fill(dx, xOff, xOff + g.inChannels() * m.inSpatial, 0f);
                }
                for (int grp = 0; grp < g.groups(); grp++) {
                    int yOff = (n * g.outChannels() + grp * m.coPerGroup) * m.outSpatial;
                    // pointwise: the columns are dInput itself, written directly (beta 0)
                    gemm.sgemm(true, false, m.rows, m.outSpatial, m.coPerGroup, 1f, w, grp * m.coPerGroup * m.rows,
                            m.rows, dy, yOff, m.outSpatial, 0f, col, m.pointwise ? m.inputOffset(n, grp) : 0,
                            m.outSpatial);
                    if (!m.pointwise) {
                        m.col2im(col, n, grp, dx);
                    }
                }
            }
        });
    }

    void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db) {
        Im2col m = new Im2col(g);
        int wFloats = g.outChannels() * m.rows;
        int chunks = Math.min(Parallel.threads(), g.batch());
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        for (int c = 0; c < chunks; c++) {
            cw.partial(c, wFloats);
            cw.biasPartial(c, g.outChannels());
        }
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            float[] col = m.pointwise ? x : SimdConvWorkspace.worker().wide(m.colFloats());
            for (int c = c0; c < c1; c++) {
                float[] pw = cw.partial(c, wFloats);
                float[] pb = cw.biasPartial(c, g.outChannels());
                Arrays.fill(pw, 0, wFloats, 0f);
                Arrays.fill(pb, 0, g.outChannels(), 0f);
                int from = (int) ((long) g.batch() * c / chunks);
                int to = (int) ((long) g.batch() * (c + 1) / chunks);
                for (int n = from; n < to; n++) {
                    for (int grp = 0; grp < g.groups(); grp++) {
                        if (!m.pointwise) {
                            m.im2col(x, n, grp, col);
                        }
                        int yOff = (n * g.outChannels() + grp * m.coPerGroup) * m.outSpatial;
                        gemm.sgemm(false, true, m.coPerGroup, m.rows, m.outSpatial, 1f, dy, yOff, m.outSpatial,
                                col, m.pointwise ? m.inputOffset(n, grp) : 0, m.outSpatial, 1f, pw,
                                grp * m.coPerGroup * m.rows, m.rows);
                    }
                    for (int co = 0; co < g.outChannels(); co++) {
                        pb[co] += SimdConv.sum(dy, (n * g.outChannels() + co) * m.outSpatial, m.outSpatial);
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
            Arrays.fill(db, 0, g.outChannels(), 0f);
            for (int c = 0; c < chunks; c++) {
                float[] pb = cw.biasPartial(c, g.outChannels());
                for (int co = 0; co < g.outChannels(); co++) {
                    db[co] += pb[co];
                }
            }
        }
    }

    /** The index arithmetic of im2col/col2im for one geometry, 1D and 2D seen as 3D. */
    private static final class Im2col {
        final int[] s;
        final int[] k;
        final int[] o;
        final int[] st;
        final int[] p;
        final int[] dil;
        final int inChannels;
        final int cPerGroup;
        final int coPerGroup;
        final int taps;
        final int rows;
        final int inSpatial;
        final int outSpatial;
        /** 1x1, stride 1, no padding: the input already is the column matrix, so no im2col at all. */
        final boolean pointwise;

        Im2col(ConvGeometry g) {
            s = SimdConv.to3d(g.inSize(), 1);
            k = SimdConv.to3d(g.kernel(), 1);
            o = SimdConv.to3d(g.outSize(), 1);
            st = SimdConv.to3d(g.stride(), 1);
            p = SimdConv.to3d(g.padBegin(), 0);
            dil = SimdConv.to3d(g.dilation(), 1);
            inChannels = g.inChannels();
            cPerGroup = g.inChannels() / g.groups();
            coPerGroup = g.outChannels() / g.groups();
            taps = g.kernelVolume();
            rows = cPerGroup * taps;
            inSpatial = g.inSpatial();
            outSpatial = g.outSpatial();
            pointwise = isPointwise(g);
        }

        /** Where image n, group grp starts in an NC* input (or dInput) buffer. */
        int inputOffset(int n, int grp) {
            return (n * inChannels + grp * cPerGroup) * inSpatial;
        }

        int colFloats() {
            return rows * outSpatial;
        }

        /** col[(c*taps + t)][o] = x[n, grp*Cg + c, o*stride - pad + k*dil], zero outside the input. */
        void im2col(float[] x, int n, int grp, float[] col) {
            transfer(x, n, grp, col, false);
        }

        /** dx[n, grp*Cg + c, ...] += col[(c*taps + t)][o], the adjoint of im2col. */
        void col2im(float[] col, int n, int grp, float[] dx) {
            transfer(dx, n, grp, col, true);
        }

        /**
         * Walks the column matrix row by row (one kernel tap of one channel per row). Along the width, the outputs
         * whose tap lands inside the input form one range, computed once per tap instead of testing every element:
         * outside it the columns are zero (im2col) or contribute nothing (col2im), inside it stride 1 is a block
         * copy and other strides a branch-free strided loop.
         */
        private void transfer(float[] img, int n, int grp, float[] col, boolean add) {
            int ow = o[2];
            int sw = st[2];
            int row = 0;
            for (int c = 0; c < cPerGroup; c++) {
                int base = (n * inChannels + grp * cPerGroup + c) * inSpatial;
                for (int kd = 0; kd < k[0]; kd++) {
                    for (int kh = 0; kh < k[1]; kh++) {
                        for (int kw = 0; kw < k[2]; kw++, row++) {
                            // Output column x reads input column x * sw + off; [lo, hi) are the ones inside.
                            int off = kw * dil[2] - p[2];
                            int lo = off >= 0 ? 0 : Math.min(ow, (-off + sw - 1) / sw);
                            int hi = off > s[2] - 1 ? 0 : Math.min(ow, (s[2] - 1 - off) / sw + 1);
                            hi = Math.max(lo, hi);
                            int ci = row * outSpatial;
                            for (int od = 0; od < o[0]; od++) {
                                int id = od * st[0] - p[0] + kd * dil[0];
                                for (int oh = 0; oh < o[1]; oh++, ci += ow) {
                                    int ih = oh * st[1] - p[1] + kh * dil[1];
                                    boolean rowIn = id >= 0 && id < s[0] && ih >= 0 && ih < s[1];
                                    int from = rowIn ? lo : 0;
                                    int to = rowIn ? hi : 0;
                                    if (!add) {
                                        Arrays.fill(col, ci, ci + from, 0f);
                                        Arrays.fill(col, ci + to, ci + ow, 0f);
                                    }
                                    if (from == to) {
                                        continue;
                                    }
                                    int src = base + (id * s[1] + ih) * s[2] + off;
                                    if (add) {
                                        for (int x = from; x < to; x++) {
                                            img[src + x * sw] += col[ci + x];
                                        }
                                    } else if (sw == 1) {
                                        System.arraycopy(img, src + from, col, ci + from, to - from);
                                    } else {
                                        for (int x = from; x < to; x++) {
                                            col[ci + x] = img[src + x * sw];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
