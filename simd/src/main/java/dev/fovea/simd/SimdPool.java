package dev.fovea.simd;

import dev.fovea.kernel.AdaptivePoolGeometry;
import dev.fovea.kernel.Parallel;
import dev.fovea.kernel.PoolGeometry;
import java.util.Arrays;

/**
 * Pooling over all cores: planes (one image's channel) are independent, so every pass splits the N*C planes
 * across threads. Windows are clipped to the input once per output instead of testing every tap, so the inner
 * loops are plain counted loops; semantics (NaN propagation, first index among ties, divisors) are the scalar
 * reference's, checked by the differential tests. Max pooling forward on 1D/2D planes without dilation (every
 * CNN's max pool) goes to {@link SimdMaxPool2d}, which vectorises with gathers; this generic path serves the rest.
 */
final class SimdPool {
    /** Planes per chunk below which a pass stays on the calling thread. */
    private static final int GRAIN = 4;

    private SimdPool() {}

    /** The geometry as 3D (D, H, W), leading sizes 1. */
    private record Dims(int[] s, int[] o, int[] k, int[] st, int[] p, int[] dl, int inPlane, int outPlane) {
        static Dims of(PoolGeometry g) {
            return new Dims(SimdConv.to3d(g.inSize(), 1), SimdConv.to3d(g.outSize(), 1),
                    SimdConv.to3d(g.kernel(), 1), SimdConv.to3d(g.stride(), 1), SimdConv.to3d(g.padding(), 0),
                    SimdConv.to3d(g.dilation(), 1), g.inSpatial(), g.outSpatial());
        }

        /** First tap index whose position {@code start + i*d} is >= 0. */
        static int firstTap(int start, int d) {
            return start >= 0 ? 0 : (-start + d - 1) / d;
        }

        /** One past the last tap index whose position is < size. */
        static int endTap(int start, int d, int k, int size) {
            int last = size - 1 - start;
            return last < 0 ? 0 : Math.min(k, last / d + 1);
        }
    }

    static void maxForward(PoolGeometry g, float[] x, float[] y, int[] idx) {
        Dims m = Dims.of(g);
        if (m.s[0] == 1 && m.k[0] == 1 && m.p[0] == 0 && m.dl[1] == 1 && m.dl[2] == 1) {
            SimdMaxPool2d.forward(g.batch() * g.channels(), m.s[1], m.s[2], m.o[1], m.o[2], m.k[1], m.k[2],
                    m.st[1], m.st[2], m.p[1], m.p[2], x, y, idx);
            return;
        }
        Parallel.forRange(g.batch() * g.channels(), GRAIN, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in0 = plane * m.inPlane;
                int yi = plane * m.outPlane;
                for (int od = 0; od < m.o[0]; od++) {
                    int sd = od * m.st[0] - m.p[0];
                    int d0 = Dims.firstTap(sd, m.dl[0]);
                    int d1 = Dims.endTap(sd, m.dl[0], m.k[0], m.s[0]);
                    for (int oh = 0; oh < m.o[1]; oh++) {
                        int sh = oh * m.st[1] - m.p[1];
                        int h0 = Dims.firstTap(sh, m.dl[1]);
                        int h1 = Dims.endTap(sh, m.dl[1], m.k[1], m.s[1]);
                        for (int ow = 0; ow < m.o[2]; ow++, yi++) {
                            int sw = ow * m.st[2] - m.p[2];
                            int w0 = Dims.firstTap(sw, m.dl[2]);
                            int w1 = Dims.endTap(sw, m.dl[2], m.k[2], m.s[2]);
                            float best = Float.NEGATIVE_INFINITY;
                            int bestAt = -1;
                            for (int kd = d0; kd < d1; kd++) {
                                for (int kh = h0; kh < h1; kh++) {
                                    int row = ((sd + kd * m.dl[0]) * m.s[1] + sh + kh * m.dl[1]) * m.s[2] + sw;
                                    for (int kw = w0; kw < w1; kw++) {
                                        int at = row + kw * m.dl[2];
                                        float v = x[in0 + at];
                                        if (bestAt < 0 || v > best || (v != v && best == best)) {
                                            best = v;
                                            bestAt = at;
                                        }
                                    }
                                }
                            }
                            y[yi] = best;
                            idx[yi] = bestAt;
                        }
                    }
                }
            }
        });
    }

    /** Max and adaptive max backward: scatter-add through the indices, planes in parallel. */
    static void maxBackward(int planes, int inPlane, int outPlane, float[] dy, int[] idx, float[] dx) {
        Parallel.forRange(planes, GRAIN, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in0 = plane * inPlane;
                int o0 = plane * outPlane;
                // zero one plane right before scattering into it, so the scatter hits cache
                Arrays.fill(dx, in0, in0 + inPlane, 0f);
                for (int i = 0; i < outPlane; i++) {
                    int at = idx[o0 + i];
                    if (at >= 0) {
                        dx[in0 + at] += dy[o0 + i];
                    }
                }
            }
        });
    }

    /** Average pooling forward ({@code backward == false}: x → y) or backward (y = dOut spread into x). */
    static void avg(PoolGeometry g, boolean countIncludePad, float[] x, float[] y, boolean backward) {
        Dims m = Dims.of(g);
        Parallel.forRange(g.batch() * g.channels(), GRAIN, (from, to) -> {
            if (backward) {
                Arrays.fill(x, from * m.inPlane, to * m.inPlane, 0f);
            }
            for (int plane = from; plane < to; plane++) {
                int in0 = plane * m.inPlane;
                int yi = plane * m.outPlane;
                for (int od = 0; od < m.o[0]; od++) {
                    int ds = od * m.st[0] - m.p[0];
                    int de = Math.min(ds + m.k[0], m.s[0] + m.p[0]);
                    int dPool = de - ds;
                    ds = Math.max(ds, 0);
                    de = Math.min(de, m.s[0]);
                    for (int oh = 0; oh < m.o[1]; oh++) {
                        int hs = oh * m.st[1] - m.p[1];
                        int he = Math.min(hs + m.k[1], m.s[1] + m.p[1]);
                        int hPool = he - hs;
                        hs = Math.max(hs, 0);
                        he = Math.min(he, m.s[1]);
                        for (int ow = 0; ow < m.o[2]; ow++, yi++) {
                            int ws = ow * m.st[2] - m.p[2];
                            int we = Math.min(ws + m.k[2], m.s[2] + m.p[2]);
                            int wPool = we - ws;
                            ws = Math.max(ws, 0);
                            we = Math.min(we, m.s[2]);
                            int count = Math.max(0, de - ds) * Math.max(0, he - hs) * Math.max(0, we - ws);
                            float divisor = countIncludePad ? dPool * hPool * wPool : count;
                            if (backward) {
                                float grad = y[yi] / divisor;
                                for (int id = ds; id < de; id++) {
                                    for (int ih = hs; ih < he; ih++) {
                                        int row = in0 + (id * m.s[1] + ih) * m.s[2];
                                        for (int iw = ws; iw < we; iw++) {
                                            x[row + iw] += grad;
                                        }
                                    }
                                }
                            } else {
                                double sum = 0;
                                for (int id = ds; id < de; id++) {
                                    for (int ih = hs; ih < he; ih++) {
                                        int row = in0 + (id * m.s[1] + ih) * m.s[2];
                                        for (int iw = ws; iw < we; iw++) {
                                            sum += x[row + iw];
                                        }
                                    }
                                }
                                y[yi] = (float) (sum / divisor);
                            }
                        }
                    }
                }
            }
        });
    }

    /** Adaptive average (forward or backward) and adaptive max forward ({@code idx != null}). */
    static void adaptive(AdaptivePoolGeometry g, float[] x, float[] y, int[] idx, boolean backward) {
        int lead = 3 - g.spatialDims();
        int[] s = SimdConv.to3d(g.inSize(), 1);
        int[] o = SimdConv.to3d(g.outSize(), 1);
        int inPlane = g.inSpatial();
        int outPlane = g.outSpatial();
        boolean global = outPlane == 1;
        Parallel.forRange(g.batch() * g.channels(), GRAIN, (from, to) -> {
            if (backward) {
                Arrays.fill(x, from * inPlane, to * inPlane, 0f);
            }
            for (int plane = from; plane < to; plane++) {
                int in0 = plane * inPlane;
                if (global && idx == null && !backward) {
                    // global average pooling: one vectorised sum per plane
                    y[plane] = (float) ((double) SimdConv.sum(x, in0, inPlane) / inPlane);
                    continue;
                }
                int yi = plane * outPlane;
                for (int od = 0; od < o[0]; od++) {
                    int ds = lead > 0 ? 0 : g.windowStart(0, od);
                    int de = lead > 0 ? 1 : g.windowEnd(0, od);
                    for (int oh = 0; oh < o[1]; oh++) {
                        int hs = lead > 1 ? 0 : g.windowStart(1 - lead, oh);
                        int he = lead > 1 ? 1 : g.windowEnd(1 - lead, oh);
                        for (int ow = 0; ow < o[2]; ow++, yi++) {
                            int ws = g.windowStart(2 - lead, ow);
                            int we = g.windowEnd(2 - lead, ow);
                            int count = (de - ds) * (he - hs) * (we - ws);
                            if (backward) {
                                float grad = y[yi] / count;
                                for (int id = ds; id < de; id++) {
                                    for (int ih = hs; ih < he; ih++) {
                                        int row = in0 + (id * s[1] + ih) * s[2];
                                        for (int iw = ws; iw < we; iw++) {
                                            x[row + iw] += grad;
                                        }
                                    }
                                }
                            } else if (idx == null) {
                                double sum = 0;
                                for (int id = ds; id < de; id++) {
                                    for (int ih = hs; ih < he; ih++) {
                                        int row = in0 + (id * s[1] + ih) * s[2];
                                        for (int iw = ws; iw < we; iw++) {
                                            sum += x[row + iw];
                                        }
                                    }
                                }
                                y[yi] = (float) (sum / count);
                            } else {
                                float best = Float.NEGATIVE_INFINITY;
                                int bestAt = -1;
                                for (int id = ds; id < de; id++) {
                                    for (int ih = hs; ih < he; ih++) {
                                        int row = (id * s[1] + ih) * s[2];
                                        for (int iw = ws; iw < we; iw++) {
                                            float v = x[in0 + row + iw];
                                            if (bestAt < 0 || v > best || (v != v && best == best)) {
                                                best = v;
                                                bestAt = row + iw;
                                            }
                                        }
                                    }
                                }
                                y[yi] = best;
                                idx[yi] = bestAt;
                            }
                        }
                    }
                }
            }
        });
    }
}
