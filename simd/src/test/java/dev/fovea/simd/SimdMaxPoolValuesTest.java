package dev.fovea.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.PoolGeometry;
import dev.fovea.kernel.ScalarKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Max pooling without indices (inference) gives the values of the index-tracking reference, NaN included. */
class SimdMaxPoolValuesTest {
    private final Kernels scalar = new ScalarKernels();
    private final Kernels simd = new SimdKernels();

    @Test
    void valuesMatchTheReferenceOverRandomGeometries() {
        SplittableRandom r = new SplittableRandom(31);
        int checked = 0;
        while (checked < 150) {
            int dims = 1 + r.nextInt(3);
            int[] size = new int[dims];
            int[] kernel = new int[dims];
            int[] stride = new int[dims];
            int[] pad = new int[dims];
            int[] dil = new int[dims];
            for (int d = 0; d < dims; d++) {
                size[d] = 1 + r.nextInt(dims == 3 ? 6 : 40);
                kernel[d] = 1 + r.nextInt(4);
                stride[d] = 1 + r.nextInt(3);
                pad[d] = r.nextInt(kernel[d] / 2 + 1);
                dil[d] = r.nextInt(5) == 0 ? 2 : 1;
            }
            PoolGeometry g;
            try {
                g = new PoolGeometry(1 + r.nextInt(2), 1 + r.nextInt(6), size, kernel, stride, pad, dil,
                        r.nextBoolean());
            } catch (IllegalArgumentException tooSmall) {
                continue;
            }
            check(g, r);
            checked++;
        }
        // ResNet's stem pool
        check(PoolGeometry.of(1, 3, new int[] {112, 112}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}), r);
    }

    private void check(PoolGeometry g, SplittableRandom r) {
        int xn = g.batch() * g.channels() * g.inSpatial();
        int yn = g.batch() * g.channels() * g.outSpatial();
        float[] x = new float[xn];
        for (int i = 0; i < xn; i++) {
            x[i] = r.nextInt(50) == 0 ? Float.NaN : (float) r.nextDouble(-1, 1);
        }
        float[] expected = new float[yn];
        scalar.maxPoolForward(g, x, expected, new int[yn]);
        float[] y = new float[yn];
        Arrays.fill(y, 42f);
        simd.maxPoolForward(g, x, y, null);
        assertArrayEquals(expected, y, 0f, g.toString());
    }
}
