package dev.fovea.kernel;

import java.util.Arrays;

/**
 * Reference pooling (FORMAT.md 5.3, PyTorch semantics): direct loops, one thread. Like {@link ScalarConv}, 1D
 * and 2D are run as 3D with leading spatial sizes of 1, so each pass is one loop nest. Indices are flat offsets
 * into one input plane.
 */
final class ScalarPool {
    private ScalarPool() {}

    static void maxForward(PoolGeometry g, float[] input, float[] out, int[] indices) {
        int[] s = ScalarConv.to3d(g.inSize(), 1);
        int[] o = ScalarConv.to3d(g.outSize(), 1);
        int[] k = ScalarConv.to3d(g.kernel(), 1);
        int[] st = ScalarConv.to3d(g.stride(), 1);
        int[] p = ScalarConv.to3d(g.padding(), 0);
        int[] dl = ScalarConv.to3d(g.dilation(), 1);
        int inPlane = g.inSpatial();
        int outPlane = g.outSpatial();
        for (int plane = 0; plane < g.batch() * g.channels(); plane++) {
            int in0 = plane * inPlane;
            int y = plane * outPlane;
            for (int od = 0; od < o[0]; od++) {
                for (int oh = 0; oh < o[1]; oh++) {
                    for (int ow = 0; ow < o[2]; ow++, y++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        for (int kd = 0; kd < k[0]; kd++) {
                            int id = od * st[0] - p[0] + kd * dl[0];
                            for (int kh = 0; kh < k[1]; kh++) {
                                int ih = oh * st[1] - p[1] + kh * dl[1];
                                for (int kw = 0; kw < k[2]; kw++) {
                                    int iw = ow * st[2] - p[2] + kw * dl[2];
                                    if (id < 0 || id >= s[0] || ih < 0 || ih >= s[1] || iw < 0 || iw >= s[2]) {
                                        continue;
                                    }
                                    int at = (id * s[1] + ih) * s[2] + iw;
                                    float v = input[in0 + at];
                                    // the first in-bounds element seeds the index even when all are -inf;
                                    // the first NaN wins and stays, as in PyTorch
                                    if (bestAt < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                        best = v;
                                        bestAt = at;
                                    }
                                }
                            }
                        }
                        out[y] = best;
                        indices[y] = bestAt;
                    }
                }
            }
        }
    }

    /** Shared by max and adaptive max pooling: the indices already say where each gradient goes. */
    static void maxBackward(int planes, int inPlane, int outPlane, float[] dOut, int[] indices, float[] dInput) {
        Arrays.fill(dInput, 0, planes * inPlane, 0f);
        for (int plane = 0; plane < planes; plane++) {
            for (int i = 0; i < outPlane; i++) {
                int y = plane * outPlane + i;
                // -1 marks a dilated window that holds no input element (its output is -inf)
                if (indices[y] >= 0) {
                    dInput[plane * inPlane + indices[y]] += dOut[y];
                }
            }
        }
    }

    static void avgForward(PoolGeometry g, boolean countIncludePad, float[] input, float[] out) {
        avg(g, countIncludePad, input, out, false);
    }

    static void avgBackward(PoolGeometry g, boolean countIncludePad, float[] dOut, float[] dInput) {
        Arrays.fill(dInput, 0, g.batch() * g.channels() * g.inSpatial(), 0f);
        avg(g, countIncludePad, dInput, dOut, true);
    }

    /** Forward reads {@code x} and writes {@code y}; backward spreads {@code y / divisor} back into {@code x}. */
    private static void avg(PoolGeometry g, boolean countIncludePad, float[] x, float[] y, boolean backward) {
        int[] s = ScalarConv.to3d(g.inSize(), 1);
        int[] o = ScalarConv.to3d(g.outSize(), 1);
        int[] k = ScalarConv.to3d(g.kernel(), 1);
        int[] st = ScalarConv.to3d(g.stride(), 1);
        int[] p = ScalarConv.to3d(g.padding(), 0);
        int inPlane = g.inSpatial();
        int outPlane = g.outSpatial();
        int[] start = new int[3];
        int[] end = new int[3];
        int[] oo = new int[3];
        for (int plane = 0; plane < g.batch() * g.channels(); plane++) {
            int in0 = plane * inPlane;
            int yi = plane * outPlane;
            for (int od = 0; od < o[0]; od++) {
                for (int oh = 0; oh < o[1]; oh++) {
                    for (int ow = 0; ow < o[2]; ow++, yi++) {
                        oo[0] = od;
                        oo[1] = oh;
                        oo[2] = ow;
                        int pool = 1;
                        int count = 1;
                        for (int dim = 0; dim < 3; dim++) {
                            start[dim] = oo[dim] * st[dim] - p[dim];
                            end[dim] = Math.min(start[dim] + k[dim], s[dim] + p[dim]);
                            pool *= end[dim] - start[dim];
                            start[dim] = Math.max(start[dim], 0);
                            end[dim] = Math.min(end[dim], s[dim]);
                            count *= Math.max(0, end[dim] - start[dim]);
                        }
                        float divisor = countIncludePad ? pool : count;
                        float grad = backward ? y[yi] / divisor : 0f;
                        double sum = 0;
                        for (int id = start[0]; id < end[0]; id++) {
                            for (int ih = start[1]; ih < end[1]; ih++) {
                                for (int iw = start[2]; iw < end[2]; iw++) {
                                    int xi = in0 + (id * s[1] + ih) * s[2] + iw;
                                    if (backward) {
                                        x[xi] += grad;
                                    } else {
                                        sum += x[xi];
                                    }
                                }
                            }
                        }
                        if (!backward) {
                            y[yi] = (float) (sum / divisor);
                        }
                    }
                }
            }
        }
    }

    static void adaptiveAvgForward(AdaptivePoolGeometry g, float[] input, float[] out) {
        adaptive(g, input, out, null, Mode.AVG_FORWARD);
    }

    static void adaptiveAvgBackward(AdaptivePoolGeometry g, float[] dOut, float[] dInput) {
        Arrays.fill(dInput, 0, g.batch() * g.channels() * g.inSpatial(), 0f);
        adaptive(g, dInput, dOut, null, Mode.AVG_BACKWARD);
    }

    static void adaptiveMaxForward(AdaptivePoolGeometry g, float[] input, float[] out, int[] indices) {
        adaptive(g, input, out, indices, Mode.MAX_FORWARD);
    }

    private enum Mode { AVG_FORWARD, AVG_BACKWARD, MAX_FORWARD }

    private static void adaptive(AdaptivePoolGeometry g, float[] x, float[] y, int[] indices, Mode mode) {
        int lead = 3 - g.spatialDims();
        int[] s = ScalarConv.to3d(g.inSize(), 1);
        int[] o = ScalarConv.to3d(g.outSize(), 1);
        int inPlane = g.inSpatial();
        int outPlane = g.outSpatial();
        int[] start = new int[3];
        int[] end = new int[3];
        int[] oo = new int[3];
        for (int plane = 0; plane < g.batch() * g.channels(); plane++) {
            int in0 = plane * inPlane;
            int yi = plane * outPlane;
            for (int od = 0; od < o[0]; od++) {
                for (int oh = 0; oh < o[1]; oh++) {
                    for (int ow = 0; ow < o[2]; ow++, yi++) {
                        oo[0] = od;
                        oo[1] = oh;
                        oo[2] = ow;
                        int count = 1;
                        for (int dim = 0; dim < 3; dim++) {
                            if (dim < lead) {
                                start[dim] = 0;
                                end[dim] = 1;
                            } else {
                                start[dim] = g.windowStart(dim - lead, oo[dim]);
                                end[dim] = g.windowEnd(dim - lead, oo[dim]);
                            }
                            count *= end[dim] - start[dim];
                        }
                        float grad = mode == Mode.AVG_BACKWARD ? y[yi] / count : 0f;
                        double sum = 0;
                        float best = Float.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        for (int id = start[0]; id < end[0]; id++) {
                            for (int ih = start[1]; ih < end[1]; ih++) {
                                for (int iw = start[2]; iw < end[2]; iw++) {
                                    int at = (id * s[1] + ih) * s[2] + iw;
                                    switch (mode) {
                                        case AVG_FORWARD -> sum += x[in0 + at];
                                        case AVG_BACKWARD -> x[in0 + at] += grad;
                                        case MAX_FORWARD -> {
                                            float v = x[in0 + at];
                                            if (bestAt < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                                best = v;
                                                bestAt = at;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        if (mode == Mode.AVG_FORWARD) {
                            y[yi] = (float) (sum / count);
                        } else if (mode == Mode.MAX_FORWARD) {
                            y[yi] = best;
                            indices[yi] = bestAt;
                        }
                    }
                }
            }
        }
    }
}
