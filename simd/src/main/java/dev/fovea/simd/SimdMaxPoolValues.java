package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import dev.fovea.kernel.PoolGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling without indices, for inference (nothing records a graph, so no backward needs the argmax). With
 * no index to track, a 2D window's max splits into a vertical max of its rows, contiguous vectors, and a short
 * horizontal max of that row: for ResNet's 3x3 stride-2 pool that is 3 vector loads per 16 positions and 3 scalar
 * maxes per output, where the index-tracking kernel gathers every tap. NaN propagates (Math.max semantics, as
 * the vector max), like PyTorch.
 */
final class SimdMaxPoolValues {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Planes per chunk below which the pass stays on the calling thread. */
    private static final int GRAIN = 4;

    private SimdMaxPoolValues() {}

    /** 1D or 2D without dilation: every CNN's max pool. */
    static boolean applies(PoolGeometry g) {
        for (int d : g.dilation()) {
            if (d != 1) {
                return false;
            }
        }
        return g.inSize().length <= 2;
    }

    static void forward(PoolGeometry g, float[] x, float[] y) {
        int two = g.inSize().length;
        int h = two == 2 ? g.inSize()[0] : 1;
        int w = g.inSize()[two - 1];
        int kh = two == 2 ? g.kernel()[0] : 1;
        int kw = g.kernel()[two - 1];
        int sh = two == 2 ? g.stride()[0] : 1;
        int sw = g.stride()[two - 1];
        int ph = two == 2 ? g.padding()[0] : 0;
        int pw = g.padding()[two - 1];
        int[] o = g.outSize();
        int oh = two == 2 ? o[0] : 1;
        int ow = o[two - 1];
        // the row buffer holds pw columns of -inf, the row, then -inf up to the last window's end plus a vector
        int span = (ow - 1) * sw + 1;
        int padded = Math.max(pw + w, span + kw - 1) + L;
        Parallel.forRange(g.batch() * g.channels(), GRAIN, (from, to) -> {
            float[] row = new float[padded];
            float[] windows = new float[span + L];
            Arrays.fill(row, Float.NEGATIVE_INFINITY);
            for (int plane = from; plane < to; plane++) {
                int in0 = plane * h * w;
                for (int r = 0; r < oh; r++) {
                    int top = r * sh - ph;
                    int r0 = Math.max(0, top);
                    int r1 = Math.min(h, top + kh);
                    verticalMax(x, in0, w, r0, r1, row, pw);
                    horizontalMax(row, kw, span, windows);
                    int at = (plane * oh + r) * ow;
                    for (int c = 0; c < ow; c++) {
                        y[at + c] = windows[c * sw];
                    }
                }
            }
        });
    }

    /** row[pw + j] = max over input rows [r0, r1) of column j; -inf when the range is empty. */
    private static void verticalMax(float[] x, int in0, int w, int r0, int r1, float[] row, int pw) {
        if (r0 >= r1) {
            Arrays.fill(row, pw, pw + w, Float.NEGATIVE_INFINITY);
            return;
        }
        int first = in0 + r0 * w;
        int j = 0;
        for (; j + L <= w; j += L) {
            FloatVector m = FloatVector.fromArray(S, x, first + j);
            for (int r = r0 + 1; r < r1; r++) {
                m = m.max(FloatVector.fromArray(S, x, in0 + r * w + j));
            }
            m.intoArray(row, pw + j);
        }
        for (; j < w; j++) {
            float m = x[first + j];
            for (int r = r0 + 1; r < r1; r++) {
                m = Math.max(m, x[in0 + r * w + j]);
            }
            row[pw + j] = m;
        }
    }

    /**
     * windows[i] = max of row[i .. i+kw) for every start i below span (vectors of starts; the strided outputs
     * then just pick theirs). Starts past the row read the -inf tail, so clipped windows need no special case.
     */
    private static void horizontalMax(float[] row, int kw, int span, float[] windows) {
        for (int i = 0; i < span; i += L) {
            FloatVector m = FloatVector.fromArray(S, row, i);
            for (int t = 1; t < kw; t++) {
                m = m.max(FloatVector.fromArray(S, row, i + t));
            }
            m.intoArray(windows, i);
        }
    }
}
