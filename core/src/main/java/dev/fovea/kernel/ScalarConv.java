package dev.fovea.kernel;

import java.util.Arrays;

/**
 * Reference convolution: direct loops straight from the definition (cross-correlation, zero padding), one
 * thread. 1D and 2D geometries are handled as 3D ones with leading spatial sizes of 1, so there is one loop nest
 * per pass. Every fast kernel is tested against this, so it stays obvious rather than fast.
 */
final class ScalarConv {
    private ScalarConv() {}

    /** The geometry's spatial arrays left-padded to 3 entries (D, H, W) with {@code fill}. */
    static int[] to3d(int[] a, int fill) {
        int[] r = new int[3];
        Arrays.fill(r, fill);
        System.arraycopy(a, 0, r, 3 - a.length, a.length);
        return r;
    }

    /** out[n, co, o] = bias[co] + Σ_c Σ_k input[n, g*Cg + c, o*stride - pad + k*dil] * weight[co, c, k]. */
    static void forward(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] out) {
        Dims d = new Dims(g);
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                int grp = co / d.coPerGroup;
                for (int od = 0; od < d.o[0]; od++) {
                    for (int oh = 0; oh < d.o[1]; oh++) {
                        for (int ow = 0; ow < d.o[2]; ow++) {
                            double sum = bias == null ? 0 : bias[co];
                            for (int c = 0; c < d.cPerGroup; c++) {
                                int ci = grp * d.cPerGroup + c;
                                for (int kd = 0; kd < d.k[0]; kd++) {
                                    for (int kh = 0; kh < d.k[1]; kh++) {
                                        for (int kw = 0; kw < d.k[2]; kw++) {
                                            int x = d.inputIndex(n, ci, od, oh, ow, kd, kh, kw);
                                            if (x >= 0) {
                                                sum += input[x] * weight[d.weightIndex(co, c, kd, kh, kw)];
                                            }
                                        }
                                    }
                                }
                            }
                            out[d.outIndex(n, co, od, oh, ow)] = (float) sum;
                        }
                    }
                }
            }
        }
    }

    /** dInput = Σ over every (output, kernel tap) pair that read an input element of dOut * weight. */
    static void backwardData(ConvGeometry g, float[] dOut, float[] weight, float[] dInput) {
        Dims d = new Dims(g);
        Arrays.fill(dInput, 0, g.batch() * g.inChannels() * g.inSpatial(), 0f);
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                int grp = co / d.coPerGroup;
                for (int od = 0; od < d.o[0]; od++) {
                    for (int oh = 0; oh < d.o[1]; oh++) {
                        for (int ow = 0; ow < d.o[2]; ow++) {
                            float dy = dOut[d.outIndex(n, co, od, oh, ow)];
                            for (int c = 0; c < d.cPerGroup; c++) {
                                int ci = grp * d.cPerGroup + c;
                                for (int kd = 0; kd < d.k[0]; kd++) {
                                    for (int kh = 0; kh < d.k[1]; kh++) {
                                        for (int kw = 0; kw < d.k[2]; kw++) {
                                            int x = d.inputIndex(n, ci, od, oh, ow, kd, kh, kw);
                                            if (x >= 0) {
                                                dInput[x] += dy * weight[d.weightIndex(co, c, kd, kh, kw)];
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

    /** dWeight[co, c, k] = Σ_n Σ_o dOut[n, co, o] * input[n, ci, o*stride - pad + k*dil]; dBias = Σ dOut. */
    static void backwardWeight(ConvGeometry g, float[] input, float[] dOut, float[] dWeight, float[] dBias) {
        Dims d = new Dims(g);
        for (int co = 0; co < g.outChannels(); co++) {
            int grp = co / d.coPerGroup;
            for (int c = 0; c < d.cPerGroup; c++) {
                int ci = grp * d.cPerGroup + c;
                for (int kd = 0; kd < d.k[0]; kd++) {
                    for (int kh = 0; kh < d.k[1]; kh++) {
                        for (int kw = 0; kw < d.k[2]; kw++) {
                            double sum = 0;
                            for (int n = 0; n < g.batch(); n++) {
                                for (int od = 0; od < d.o[0]; od++) {
                                    for (int oh = 0; oh < d.o[1]; oh++) {
                                        for (int ow = 0; ow < d.o[2]; ow++) {
                                            int x = d.inputIndex(n, ci, od, oh, ow, kd, kh, kw);
                                            if (x >= 0) {
                                                sum += input[x] * dOut[d.outIndex(n, co, od, oh, ow)];
                                            }
                                        }
                                    }
                                }
                            }
                            dWeight[d.weightIndex(co, c, kd, kh, kw)] = (float) sum;
                        }
                    }
                }
            }
            if (dBias != null) {
                double sum = 0;
                for (int n = 0; n < g.batch(); n++) {
                    int base = d.outIndex(n, co, 0, 0, 0);
                    for (int i = 0; i < d.outSpatial; i++) {
                        sum += dOut[base + i];
                    }
                }
                dBias[co] = (float) sum;
            }
        }
    }

    /** The geometry as 3D arrays plus index arithmetic shared by the three passes. */
    private static final class Dims {
        final int[] s;
        final int[] k;
        final int[] o;
        final int[] stride;
        final int[] pad;
        final int[] dil;
        final int inChannels;
        final int outChannels;
        final int cPerGroup;
        final int coPerGroup;
        final int inSpatial;
        final int outSpatial;

        Dims(ConvGeometry g) {
            s = to3d(g.inSize(), 1);
            k = to3d(g.kernel(), 1);
            o = to3d(g.outSize(), 1);
            stride = to3d(g.stride(), 1);
            pad = to3d(g.padBegin(), 0);
            dil = to3d(g.dilation(), 1);
            inChannels = g.inChannels();
            outChannels = g.outChannels();
            cPerGroup = g.inChannels() / g.groups();
            coPerGroup = g.outChannels() / g.groups();
            inSpatial = g.inSpatial();
            outSpatial = g.outSpatial();
        }

        /** Flat input index read by output (od, oh, ow) through tap (kd, kh, kw), or -1 when it is padding. */
        int inputIndex(int n, int ci, int od, int oh, int ow, int kd, int kh, int kw) {
            int id = od * stride[0] - pad[0] + kd * dil[0];
            int ih = oh * stride[1] - pad[1] + kh * dil[1];
            int iw = ow * stride[2] - pad[2] + kw * dil[2];
            if (id < 0 || id >= s[0] || ih < 0 || ih >= s[1] || iw < 0 || iw >= s[2]) {
                return -1;
            }
            return (n * inChannels + ci) * inSpatial + (id * s[1] + ih) * s[2] + iw;
        }

        int outIndex(int n, int co, int od, int oh, int ow) {
            return (n * outChannels + co) * outSpatial + (od * o[1] + oh) * o[2] + ow;
        }

        int weightIndex(int co, int c, int kd, int kh, int kw) {
            return ((co * cPerGroup + c) * k[0] + kd) * k[1] * k[2] + kh * k[2] + kw;
        }
    }
}
