package dev.fovea.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.fovea.kernel.AdaptivePoolGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.PoolGeometry;
import dev.fovea.kernel.ScalarKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SIMD (parallel) pooling against the scalar reference: values, indices and gradients. */
class SimdPoolTest {
    private final Kernels scalar = new ScalarKernels();
    private final Kernels simd = new SimdKernels();

    @Test
    void maxAndAveragePoolingOverRandomGeometries() {
        SplittableRandom r = new SplittableRandom(11);
        int checked = 0;
        while (checked < 120) {
            int dims = 1 + r.nextInt(3);
            int[] size = new int[dims];
            int[] kernel = new int[dims];
            int[] stride = new int[dims];
            int[] pad = new int[dims];
            int[] dil = new int[dims];
            for (int d = 0; d < dims; d++) {
                size[d] = 1 + r.nextInt(dims == 3 ? 6 : 17);
                kernel[d] = 1 + r.nextInt(4);
                stride[d] = 1 + r.nextInt(3);
                pad[d] = r.nextInt(kernel[d] / 2 + 1);
                dil[d] = r.nextInt(4) == 0 ? 2 : 1;
            }
            boolean ceil = r.nextBoolean();
            PoolGeometry max;
            PoolGeometry avg;
            try {
                max = new PoolGeometry(1 + r.nextInt(3), 1 + r.nextInt(5), size, kernel, stride, pad, dil, ceil);
                avg = new PoolGeometry(max.batch(), max.channels(), size, kernel, stride, pad, ones(dims), ceil);
            } catch (IllegalArgumentException tooSmall) {
                continue;
            }
            checkMax(max, r);
            checkAvg(avg, r.nextBoolean(), r);
            checked++;
        }
    }

    @Test
    void adaptivePoolingIncludingGlobalAndUpsizing() {
        SplittableRandom r = new SplittableRandom(12);
        int[][][] cases = {
            {{7}, {3}}, {{3}, {5}}, {{13, 9}, {4, 5}}, {{5, 5}, {1, 1}}, {{56, 56}, {1, 1}}, {{3, 4}, {6, 7}},
            {{4, 5, 6}, {2, 3, 4}}, {{4, 4, 4}, {1, 1, 1}},
        };
        for (int[][] c : cases) {
            AdaptivePoolGeometry g = new AdaptivePoolGeometry(3, 5, c[0], c[1]);
            int xn = g.batch() * g.channels() * g.inSpatial();
            int yn = g.batch() * g.channels() * g.outSpatial();
            float[] x = SimdConvTest.random(r, xn);
            float[] dy = SimdConvTest.random(r, yn);
            String what = "adaptive " + Arrays.toString(c[0]) + " -> " + Arrays.toString(c[1]);

            float[] yRef = new float[yn];
            float[] y = SimdConvTest.filled(yn);
            scalar.adaptiveAvgPoolForward(g, x, yRef);
            simd.adaptiveAvgPoolForward(g, x, y);
            SimdConvTest.assertClose(yRef, y, what + " avg forward");
            float[] dxRef = new float[xn];
            float[] dx = SimdConvTest.filled(xn);
            scalar.adaptiveAvgPoolBackward(g, dy, dxRef);
            simd.adaptiveAvgPoolBackward(g, dy, dx);
            SimdConvTest.assertClose(dxRef, dx, what + " avg backward");

            int[] iRef = new int[yn];
            int[] idx = new int[yn];
            scalar.adaptiveMaxPoolForward(g, x, yRef, iRef);
            simd.adaptiveMaxPoolForward(g, x, y, idx);
            assertArrayEquals(yRef, y, 0f, what + " max forward");
            assertArrayEquals(iRef, idx, what + " max indices");
            scalar.adaptiveMaxPoolBackward(g, dy, iRef, dxRef);
            simd.adaptiveMaxPoolBackward(g, dy, idx, dx);
            SimdConvTest.assertClose(dxRef, dx, what + " max backward");
        }
    }

    @Test
    void maxPoolPropagatesNaNAndHandlesMinusInfinityLikeTheReference() {
        PoolGeometry g = PoolGeometry.of(1, 1, new int[] {2, 4}, new int[] {2, 2}, new int[] {2, 2},
                new int[] {0, 0});
        float ninf = Float.NEGATIVE_INFINITY;
        float[] x = {1, Float.NaN, ninf, ninf, 5, 2, ninf, ninf};
        float[] yRef = new float[2];
        float[] y = new float[2];
        int[] iRef = new int[2];
        int[] idx = new int[2];
        scalar.maxPoolForward(g, x, yRef, iRef);
        simd.maxPoolForward(g, x, y, idx);
        assertArrayEquals(yRef, y, 0f);
        assertArrayEquals(iRef, idx);
    }

    @Test
    void maxPoolFastPathsMatchTheReferenceOnTiesNaNsAndAwkwardSizes() {
        SplittableRandom r = new SplittableRandom(13);
        // {h, w, k, stride, pad, ceil}: 2x2 s2 (whole-plane path, even and odd sizes), 3x3 s2 p1 (row path with
        // border columns), rows narrower and wider than a vector, 1x1 planes, ceil_mode overhang, 1D-like planes
        int[][] cases = {
            {28, 28, 2, 2, 0, 0}, {10, 10, 2, 2, 0, 0}, {9, 11, 2, 2, 0, 0}, {9, 11, 2, 2, 0, 1}, {5, 5, 2, 2, 0, 1},
            {1, 1, 1, 1, 0, 0}, {2, 2, 2, 2, 0, 0}, {1, 1, 1, 2, 0, 1}, {3, 3, 3, 2, 1, 0}, {3, 3, 3, 2, 1, 1},
            {23, 37, 3, 2, 1, 0}, {24, 40, 3, 2, 1, 1}, {8, 41, 3, 1, 1, 0}, {6, 50, 2, 3, 1, 1}, {1, 40, 1, 2, 0, 0},
            {7, 35, 3, 3, 0, 1}, {4, 19, 4, 1, 2, 0},
        };
        for (int[] c : cases) {
            PoolGeometry g = new PoolGeometry(2, 3, new int[] {c[0], c[1]}, new int[] {c[2], c[2]},
                    new int[] {c[3], c[3]}, new int[] {c[4], c[4]}, ones(2), c[5] == 1);
            for (int pass = 0; pass < 2; pass++) {
                int xn = g.batch() * g.channels() * g.inSpatial();
                float[] x = new float[xn];
                for (int i = 0; i < xn; i++) {
                    // small integers make ties common; pass 1 adds NaN and -inf to check propagation
                    int u = r.nextInt(40);
                    x[i] = pass == 1 && u == 0 ? Float.NaN : pass == 1 && u == 1 ? Float.NEGATIVE_INFINITY
                            : r.nextInt(5) - 2;
                }
                checkMax(g, r, x);
            }
        }
    }

    private void checkMax(PoolGeometry g, SplittableRandom r) {
        checkMax(g, r, SimdConvTest.random(r, g.batch() * g.channels() * g.inSpatial()));
    }

    private void checkMax(PoolGeometry g, SplittableRandom r, float[] x) {
        int xn = g.batch() * g.channels() * g.inSpatial();
        int yn = g.batch() * g.channels() * g.outSpatial();
        float[] dy = SimdConvTest.random(r, yn);
        float[] yRef = new float[yn];
        float[] y = SimdConvTest.filled(yn);
        int[] iRef = new int[yn];
        int[] idx = new int[yn];
        scalar.maxPoolForward(g, x, yRef, iRef);
        simd.maxPoolForward(g, x, y, idx);
        assertArrayEquals(yRef, y, 0f, "max forward " + describe(g));
        assertArrayEquals(iRef, idx, "max indices " + describe(g));
        float[] dxRef = new float[xn];
        float[] dx = SimdConvTest.filled(xn);
        scalar.maxPoolBackward(g, dy, iRef, dxRef);
        simd.maxPoolBackward(g, dy, idx, dx);
        SimdConvTest.assertClose(dxRef, dx, "max backward " + describe(g));
    }

    private void checkAvg(PoolGeometry g, boolean includePad, SplittableRandom r) {
        int xn = g.batch() * g.channels() * g.inSpatial();
        int yn = g.batch() * g.channels() * g.outSpatial();
        float[] x = SimdConvTest.random(r, xn);
        float[] dy = SimdConvTest.random(r, yn);
        float[] yRef = new float[yn];
        float[] y = SimdConvTest.filled(yn);
        scalar.avgPoolForward(g, includePad, x, yRef);
        simd.avgPoolForward(g, includePad, x, y);
        SimdConvTest.assertClose(yRef, y, "avg forward " + includePad + " " + describe(g));
        float[] dxRef = new float[xn];
        float[] dx = SimdConvTest.filled(xn);
        scalar.avgPoolBackward(g, includePad, dy, dxRef);
        simd.avgPoolBackward(g, includePad, dy, dx);
        SimdConvTest.assertClose(dxRef, dx, "avg backward " + includePad + " " + describe(g));
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    private static String describe(PoolGeometry g) {
        return g.batch() + "x" + g.channels() + " in=" + Arrays.toString(g.inSize()) + " k="
                + Arrays.toString(g.kernel()) + " s=" + Arrays.toString(g.stride()) + " p="
                + Arrays.toString(g.padding()) + " d=" + Arrays.toString(g.dilation()) + " ceil=" + g.ceilMode();
    }
}
