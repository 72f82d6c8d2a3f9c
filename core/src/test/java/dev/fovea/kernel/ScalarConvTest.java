package dev.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScalarConvTest {
    private final Kernels k = new ScalarKernels();

    private static ConvGeometry conv1d(int n, int cin, int cout, int groups, int size, int kernel, int stride,
            int padBegin, int padEnd, int dilation) {
        return new ConvGeometry(n, cin, cout, groups, new int[] {size}, new int[] {kernel}, new int[] {stride},
                new int[] {padBegin}, new int[] {padEnd}, new int[] {dilation});
    }

    @Test
    void conv1dWithPaddingAllThreePasses() {
        ConvGeometry g = conv1d(1, 1, 1, 1, 4, 3, 1, 1, 1, 1);
        float[] x = {1, 2, 3, 4};
        float[] w = {1, 0, -1};
        float[] y = new float[4];
        k.convForward(g, x, w, new float[] {0.5f}, y);
        assertArrayEquals(new float[] {-1.5f, -1.5f, -1.5f, 3.5f}, y, 0f);

        float[] dx = {9, 9, 9, 9};
        k.convBackwardData(g, new float[] {1, 1, 1, 1}, w, dx);
        assertArrayEquals(new float[] {1, 0, 0, -1}, dx, 0f);

        float[] dw = new float[3];
        float[] db = new float[1];
        k.convBackwardWeight(g, x, new float[] {1, 1, 1, 1}, dw, db);
        assertArrayEquals(new float[] {6, 10, 9}, dw, 0f);
        assertEquals(4f, db[0]);
    }

    @Test
    void conv2dValid() {
        ConvGeometry g = new ConvGeometry(1, 1, 1, 1, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1});
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] y = new float[4];
        k.convForward(g, x, new float[] {1, 2, 3, 4}, null, y);
        assertArrayEquals(new float[] {37, 47, 67, 77}, y, 0f);
    }

    @Test
    void dilationStrideAndAsymmetricPadding() {
        float[] x = {1, 2, 3, 4, 5};
        float[] y = new float[3];
        k.convForward(conv1d(1, 1, 1, 1, 5, 2, 1, 0, 0, 2), x, new float[] {1, 1}, null, y);
        assertArrayEquals(new float[] {4, 6, 8}, y, 0f);
        float[] y2 = new float[2];
        k.convForward(conv1d(1, 1, 1, 1, 5, 2, 2, 0, 0, 2), x, new float[] {1, 1}, null, y2);
        assertArrayEquals(new float[] {4, 8}, y2, 0f);
        float[] y3 = new float[3];
        k.convForward(conv1d(1, 1, 1, 1, 3, 2, 1, 0, 1, 1), new float[] {1, 2, 3}, new float[] {1, 1}, null, y3);
        assertArrayEquals(new float[] {3, 5, 3}, y3, 0f);
    }

    @Test
    void groupsKeepChannelsApartAndDepthwiseMultiplierReadsItsOwnChannel() {
        // 2 -> 4 channels, groups 2, 1x1: out channels 0,1 read input 0; 2,3 read input 1
        ConvGeometry g = conv1d(1, 2, 4, 2, 2, 1, 1, 0, 0, 1);
        float[] x = {1, 2, 10, 20};
        float[] y = new float[8];
        k.convForward(g, x, new float[] {1, 2, 3, 4}, null, y);
        assertArrayEquals(new float[] {1, 2, 2, 4, 30, 60, 40, 80}, y, 0f);
        float[] dx = new float[4];
        k.convBackwardData(g, new float[] {1, 1, 1, 1, 1, 1, 1, 1}, new float[] {1, 2, 3, 4}, dx);
        assertArrayEquals(new float[] {3, 3, 7, 7}, dx, 0f);
    }

    @Test
    void conv3dSumsTheWholeCube() {
        ConvGeometry g = new ConvGeometry(1, 1, 1, 1, new int[] {2, 2, 2}, new int[] {2, 2, 2},
                new int[] {1, 1, 1}, new int[] {0, 0, 0}, new int[] {0, 0, 0}, new int[] {1, 1, 1});
        float[] y = new float[1];
        k.convForward(g, new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new float[] {1, 1, 1, 1, 1, 1, 1, 1}, null, y);
        assertEquals(36f, y[0]);
    }

    /**
     * Convolution is linear in input and in weight, so backward data and backward weight are its adjoints:
     * {@code <conv(x, w), g> = <x, dData(g, w)> = <w, dWeight(x, g)>}. Checked over varied geometries.
     */
    @Test
    void backwardPassesAreAdjointsOfForward() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] cases = {
            // dims, n, cin, cout, groups, size, kernel, stride, padB, padE, dil
            {1, 2, 2, 4, 2, 7, 3, 2, 1, 0, 1},
            {2, 1, 3, 2, 1, 5, 3, 1, 1, 1, 2},
            {2, 2, 4, 8, 4, 6, 2, 3, 0, 1, 1},
            {3, 1, 2, 2, 1, 4, 2, 1, 1, 0, 1},
        };
        for (int[] c : cases) {
            int d = c[0];
            ConvGeometry g = new ConvGeometry(c[1], c[2], c[3], c[4], fill(d, c[5]), fill(d, c[6]),
                    fill(d, c[7]), fill(d, c[8]), fill(d, c[9]), fill(d, c[10]));
            float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
            float[] w = random(r, g.outChannels() * g.inChannels() / g.groups() * g.kernelVolume());
            float[] dy = random(r, g.batch() * g.outChannels() * g.outSpatial());
            float[] y = new float[dy.length];
            float[] dx = new float[x.length];
            float[] dw = new float[w.length];
            k.convForward(g, x, w, null, y);
            k.convBackwardData(g, dy, w, dx);
            k.convBackwardWeight(g, x, dy, dw, null);
            double lhs = dot(y, dy);
            assertEquals(lhs, dot(x, dx), 1e-4 * (1 + Math.abs(lhs)), g.toString());
            assertEquals(lhs, dot(w, dw), 1e-4 * (1 + Math.abs(lhs)), g.toString());
        }
    }

    static int[] fill(int d, int v) {
        int[] a = new int[d];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
