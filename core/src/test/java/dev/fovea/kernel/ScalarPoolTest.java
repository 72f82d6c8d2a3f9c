package dev.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScalarPoolTest {
    private final Kernels k = new ScalarKernels();

    private static PoolGeometry pool1d(int size, int kernel, int stride, int pad, int dil, boolean ceil) {
        return new PoolGeometry(1, 1, new int[] {size}, new int[] {kernel}, new int[] {stride}, new int[] {pad},
                new int[] {dil}, ceil);
    }

    @Test
    void ceilModeDropsAWindowThatWouldStartInTheRightPadding() {
        assertArrayEquals(new int[] {2}, pool1d(5, 2, 3, 1, 1, true).outSize());
        assertArrayEquals(new int[] {3}, pool1d(5, 2, 2, 0, 1, true).outSize());
        assertArrayEquals(new int[] {2}, pool1d(5, 2, 2, 0, 1, false).outSize());
        assertThrows(IllegalArgumentException.class, () -> pool1d(5, 2, 2, 2, 1, false));
    }

    @Test
    void maxPool2dPicksEachBlockMaximumAndRoutesGradientBack() {
        PoolGeometry g = PoolGeometry.of(1, 1, new int[] {2, 4}, new int[] {2, 2}, new int[] {2, 2},
                new int[] {0, 0});
        float[] x = {1, 8, 3, 2, 4, 0, 6, 7};
        float[] y = new float[2];
        int[] idx = new int[2];
        k.maxPoolForward(g, x, y, idx);
        assertArrayEquals(new float[] {8, 7}, y, 0f);
        assertArrayEquals(new int[] {1, 7}, idx);
        float[] dx = new float[8];
        java.util.Arrays.fill(dx, 5f);
        k.maxPoolBackward(g, new float[] {2, 3}, idx, dx);
        assertArrayEquals(new float[] {0, 2, 0, 0, 0, 0, 0, 3}, dx, 0f);
    }

    @Test
    void maxPoolCeilModeAndOverlappingWindowsAccumulate() {
        float[] y = new float[3];
        int[] idx = new int[3];
        k.maxPoolForward(pool1d(5, 2, 2, 0, 1, true), new float[] {1, 5, 2, 4, 3}, y, idx);
        assertArrayEquals(new float[] {5, 4, 3}, y, 0f);
        assertArrayEquals(new int[] {1, 3, 4}, idx);

        PoolGeometry g = pool1d(3, 2, 1, 0, 1, false);
        float[] y2 = new float[2];
        int[] idx2 = new int[2];
        k.maxPoolForward(g, new float[] {1, 5, 2}, y2, idx2);
        float[] dx = new float[3];
        k.maxPoolBackward(g, new float[] {1, 2}, idx2, dx);
        assertArrayEquals(new float[] {0, 3, 0}, dx, 0f);
    }

    @Test
    void maxPoolPaddingNeverWinsAndDilationSkips() {
        float[] y = new float[2];
        int[] idx = new int[2];
        // windows of 2 with padding 1: {pad, -3}, {-1, -2}
        k.maxPoolForward(pool1d(3, 2, 2, 1, 1, false), new float[] {-3, -1, -2}, y, idx);
        assertArrayEquals(new float[] {-3, -1}, y, 0f);
        assertArrayEquals(new int[] {0, 1}, idx);
        float[] y2 = new float[2];
        k.maxPoolForward(pool1d(4, 2, 1, 0, 2, false), new float[] {1, 9, 3, 2}, y2, idx);
        assertArrayEquals(new float[] {3, 9}, y2, 0f);
        assertArrayEquals(new int[] {2, 1}, idx);
    }

    @Test
    void dilatedWindowWithNoInputElementGivesMinusInfinityAndNoGradient() {
        PoolGeometry g = pool1d(1, 2, 1, 1, 2, false);   // taps at -1 and 1 around a single element
        float[] y = new float[1];
        int[] idx = new int[1];
        k.maxPoolForward(g, new float[] {3}, y, idx);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY}, y, 0f);
        assertArrayEquals(new int[] {-1}, idx);
        float[] dx = {7};
        k.maxPoolBackward(g, new float[] {1}, idx, dx);
        assertArrayEquals(new float[] {0}, dx, 0f);
    }

    @Test
    void avgPoolDivisorWithAndWithoutPadding() {
        PoolGeometry g = pool1d(4, 3, 1, 1, 1, false);
        float[] x = {1, 2, 3, 4};
        float[] y = new float[4];
        k.avgPoolForward(g, true, x, y);
        assertArrayEquals(new float[] {1, 2, 3, 7f / 3}, y, 1e-6f);
        k.avgPoolForward(g, false, x, y);
        assertArrayEquals(new float[] {1.5f, 2, 3, 3.5f}, y, 1e-6f);
        float[] dx = new float[4];
        k.avgPoolBackward(g, false, new float[] {2, 3, 6, 4}, dx);
        // dx[i] = Σ over windows covering i of dOut / count: counts 2,3,3,2
        assertArrayEquals(new float[] {1 + 1, 1 + 1 + 2, 1 + 2 + 2, 2 + 2}, dx, 1e-6f);
    }

    @Test
    void avgPoolCeilWindowPastThePaddedEndDoesNotCount() {
        PoolGeometry g = pool1d(4, 3, 2, 0, 1, true);
        float[] y = new float[2];
        k.avgPoolForward(g, true, new float[] {1, 2, 3, 4}, y);
        assertArrayEquals(new float[] {2, 3.5f}, y, 1e-6f);
    }

    @Test
    void avgPool2dOverBlocks() {
        PoolGeometry g = PoolGeometry.of(1, 2, new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2},
                new int[] {0, 0});
        float[] y = new float[2];
        k.avgPoolForward(g, true, new float[] {1, 2, 3, 4, 10, 20, 30, 40}, y);
        assertArrayEquals(new float[] {2.5f, 25}, y, 1e-6f);
    }

    @Test
    void adaptiveWindowsFollowFloorAndCeil() {
        AdaptivePoolGeometry g = new AdaptivePoolGeometry(1, 1, new int[] {5}, new int[] {3});
        float[] y = new float[3];
        k.adaptiveAvgPoolForward(g, new float[] {1, 2, 3, 4, 5}, y);
        assertArrayEquals(new float[] {1.5f, 3, 4.5f}, y, 1e-6f);
        float[] dx = new float[5];
        k.adaptiveAvgPoolBackward(g, new float[] {2, 3, 4}, dx);
        assertArrayEquals(new float[] {1, 1 + 1, 1, 1 + 2, 2}, dx, 1e-6f);

        int[] idx = new int[3];
        k.adaptiveMaxPoolForward(g, new float[] {3, 1, 4, 1, 5}, y, idx);
        assertArrayEquals(new float[] {3, 4, 5}, y, 0f);
        assertArrayEquals(new int[] {0, 2, 4}, idx);
    }

    @Test
    void adaptiveMaxWithMoreOutputsThanInputsAccumulates() {
        AdaptivePoolGeometry g = new AdaptivePoolGeometry(1, 1, new int[] {3}, new int[] {5});
        float[] y = new float[5];
        int[] idx = new int[5];
        k.adaptiveMaxPoolForward(g, new float[] {1, 3, 2}, y, idx);
        assertArrayEquals(new float[] {1, 3, 3, 3, 2}, y, 0f);
        float[] dx = new float[3];
        k.adaptiveMaxPoolBackward(g, new float[] {1, 1, 1, 1, 1}, idx, dx);
        assertArrayEquals(new float[] {1, 3, 1}, dx, 0f);
    }

    @Test
    void globalAveragePoolIsAdaptiveToOne() {
        AdaptivePoolGeometry g = new AdaptivePoolGeometry(2, 1, new int[] {2, 2}, new int[] {1, 1});
        float[] y = new float[2];
        k.adaptiveAvgPoolForward(g, new float[] {1, 2, 3, 4, 0, 0, 0, 8}, y);
        assertArrayEquals(new float[] {2.5f, 2}, y, 1e-6f);
    }
}
