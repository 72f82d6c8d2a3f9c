package dev.fovea.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.ScalarKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SIMD convolution against the scalar reference over awkward geometries, all three passes. */
class SimdConvTest {
    private final Kernels scalar = new ScalarKernels();
    private final Kernels simd = new SimdKernels();

    @Test
    void conv2dOverAwkwardSizes() {
        SplittableRandom r = new SplittableRandom(1);
        int[] widths = {1, 3, 7, 17, 33};
        int[] kernels = {1, 2, 3, 5, 7};
        for (int w : widths) {
            for (int k : kernels) {
                int h = 1 + r.nextInt(6);
                int dil = r.nextInt(3) == 0 ? 2 : 1;
                int stride = 1 + r.nextInt(3);
                int groups = r.nextBoolean() ? 2 : 1;
                int padB = r.nextInt(k / 2 + 2);
                int padE = r.nextInt(k / 2 + 2);
                int[] size = {h, w};
                int span = dil * (k - 1) + 1;
                if (w + padB + padE < span || h + padB + padE < span) {
                    continue;
                }
                check(new ConvGeometry(1 + r.nextInt(3), 2 * groups, 3 * groups, groups, size, new int[] {k, k},
                        new int[] {stride, 1}, new int[] {padB, padB}, new int[] {padE, padE},
                        new int[] {dil, dil}), r);
                check(new ConvGeometry(1 + r.nextInt(3), 2 * groups, 5 * groups, groups, size, new int[] {k, k},
                        new int[] {1, 1}, new int[] {padB, padE}, new int[] {padE, padB},
                        new int[] {dil, 1}), r);
            }
        }
    }

    @Test
    void stridedAndUnitStrideWithWideChannelBlocks() {
        SplittableRandom r = new SplittableRandom(2);
        for (int stride = 1; stride <= 3; stride++) {
            check(geometry2d(3, 8, 12, 1, 9, 11, 3, stride, 1, 1), r);
            check(geometry2d(2, 5, 9, 1, 6, 6, 5, stride, 2, 1), r);
        }
        // padding wider than the dilated kernel forces the general backward-data path
        check(new ConvGeometry(2, 3, 4, 1, new int[] {5, 5}, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}), r);
    }

    @Test
    void stridedBatchesRunAsStrideOneOnPhaseChannels() {
        SplittableRandom r = new SplittableRandom(9);
        // ResNet shapes: 3x3 stride-2 transition, 1x1 stride-2 projection, 7x7 stride-2 stem (odd sizes)
        check(geometry2d(4, 16, 32, 1, 16, 16, 3, 2, 1, 1), r);
        check(geometry2d(3, 8, 16, 1, 15, 15, 1, 2, 0, 1), r);
        check(geometry2d(2, 3, 8, 1, 23, 21, 7, 2, 3, 1), r);
        // stride 3 (residues fewer than strides: k=2), grouped, asymmetric padding
        check(new ConvGeometry(3, 6, 9, 3, new int[] {13, 10}, new int[] {2, 5}, new int[] {3, 2},
                new int[] {1, 0}, new int[] {0, 2}, new int[] {1, 1}), r);
        // large enough planes for the forward pass to run per image on phase planes (SimdConvStrided.forwardBatch)
        check(geometry2d(2, 5, 7, 1, 33, 33, 3, 2, 1, 1), r);
        check(new ConvGeometry(3, 4, 6, 2, new int[] {34, 30}, new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1}), r);
        check(new ConvGeometry(3, 3, 5, 1, new int[] {40, 38}, new int[] {5, 5}, new int[] {3, 3},
                new int[] {2, 2}, new int[] {2, 1}, new int[] {1, 1}), r);
        // 1D and 3D
        check(new ConvGeometry(5, 4, 6, 1, new int[] {19}, new int[] {3}, new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {1}), r);
        check(new ConvGeometry(2, 3, 5, 1, new int[] {5, 7, 6}, new int[] {3, 3, 2}, new int[] {2, 2, 2},
                new int[] {1, 1, 0}, new int[] {1, 0, 1}, new int[] {1, 1, 1}), r);
    }

    @Test
    void depthwiseWithChannelMultiplierTwo() {
        SplittableRandom r = new SplittableRandom(3);
        check(geometry2d(2, 6, 6, 6, 9, 13, 3, 1, 1, 1), r);
        check(geometry2d(2, 6, 12, 6, 9, 13, 3, 1, 1, 1), r);
        check(geometry2d(2, 4, 8, 4, 8, 7, 3, 2, 1, 1), r);
        check(geometry2d(1, 5, 10, 5, 17, 17, 5, 1, 2, 2), r);
    }

    @Test
    void conv1dAnd3d() {
        SplittableRandom r = new SplittableRandom(4);
        check(new ConvGeometry(3, 4, 6, 2, new int[] {33}, new int[] {5}, new int[] {1}, new int[] {2},
                new int[] {1}, new int[] {2}), r);
        check(new ConvGeometry(2, 3, 5, 1, new int[] {17}, new int[] {3}, new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {1}), r);
        check(new ConvGeometry(2, 2, 5, 1, new int[] {4, 5, 7}, new int[] {3, 3, 3}, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, new int[] {1, 0, 1}, new int[] {1, 1, 1}), r);
        check(new ConvGeometry(1, 4, 4, 2, new int[] {5, 6, 3}, new int[] {2, 3, 1}, new int[] {2, 1, 1},
                new int[] {0, 1, 0}, new int[] {1, 1, 0}, new int[] {1, 2, 1}), r);
    }

    @Test
    void manyChannelsAndImagesSpanSeveralSubBatchesAndThreads() {
        SplittableRandom r = new SplittableRandom(5);
        check(geometry2d(7, 20, 9, 1, 8, 8, 3, 1, 1, 1), r);
        check(geometry2d(5, 24, 16, 1, 7, 7, 1, 1, 0, 1), r);
        // grouped pointwise runs as one sgemm per image and group, straight on the stored input
        check(geometry2d(3, 8, 12, 2, 5, 3, 1, 1, 0, 1), r);
        // 35 and 70 output channels per group: channel vectors 4 + 1 and 2 + 1 (padded) in backward weight
        check(geometry2d(3, 4, 70, 2, 6, 5, 3, 1, 1, 1), r);
        check(geometry2d(2, 3, 70, 1, 5, 7, 2, 1, 0, 1), r);
        check(geometry2d(2, 5, 40, 1, 9, 4, 3, 1, 1, 2), r);
    }

    @Test
    void outputChannelsInFullBlocksOfSixteen() {
        SplittableRandom r = new SplittableRandom(7);
        // backward weight transposes dOut with gathers and zeroes only the layout's gaps; a larger call first
        // leaves stale values in the reused buffers that the gaps must not keep
        check(geometry2d(4, 6, 48, 1, 13, 11, 3, 1, 1, 1), r);
        check(geometry2d(3, 5, 32, 1, 9, 10, 3, 1, 1, 1), r);
        // 9x11 padded planes: an odd number of positions, so the two-position steps leave a tail
        check(geometry2d(3, 4, 32, 1, 8, 10, 3, 1, 1, 1), r);
        check(geometry2d(1, 3, 48, 1, 8, 10, 3, 1, 1, 1), r);
        check(geometry2d(2, 6, 32, 2, 7, 9, 3, 1, 2, 1), r);
        check(geometry2d(3, 16, 16, 1, 12, 12, 3, 1, 1, 1), r);
        check(new ConvGeometry(2, 3, 16, 1, new int[] {4, 5, 6}, new int[] {3, 3, 3}, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1}), r);
    }

    @Test
    void inputChannelsSplitIntoCacheBlocks() {
        SplittableRandom r = new SplittableRandom(8);
        // wide rows (long shifts) make a tile's source rows large, so the input channels run in several blocks
        // that add onto partial sums; 9, 11 and 13 outputs reach every leftover row kernel
        check(geometry2d(2, 60, 9, 1, 4, 100, 3, 1, 1, 1), r);
        check(geometry2d(1, 30, 13, 1, 6, 40, 5, 1, 2, 1), r);
        check(geometry2d(3, 45, 11, 1, 3, 70, 3, 1, 1, 1), r);
        check(geometry2d(2, 48, 16, 2, 5, 64, 3, 1, 1, 1), r);
    }

    @Test
    void singleImageSplitsItsTilesAndPlanesOverThreads() {
        SplittableRandom r = new SplittableRandom(6);
        check(geometry2d(1, 6, 13, 1, 23, 29, 3, 1, 1, 1), r);
        check(geometry2d(1, 8, 16, 8, 21, 19, 3, 1, 1, 1), r);
    }

    private static ConvGeometry geometry2d(int n, int cin, int cout, int groups, int h, int w, int k, int stride,
            int pad, int dil) {
        return new ConvGeometry(n, cin, cout, groups, new int[] {h, w}, new int[] {k, k},
                new int[] {stride, stride}, new int[] {pad, pad}, new int[] {pad, pad}, new int[] {dil, dil});
    }

    private void check(ConvGeometry g, SplittableRandom r) {
        int xn = g.batch() * g.inChannels() * g.inSpatial();
        int yn = g.batch() * g.outChannels() * g.outSpatial();
        int wn = g.outChannels() * g.inChannels() / g.groups() * g.kernelVolume();
        float[] x = random(r, xn);
        float[] w = random(r, wn);
        float[] b = random(r, g.outChannels());
        float[] dy = random(r, yn);

        float[] yRef = new float[yn];
        float[] y = filled(yn);
        scalar.convForward(g, x, w, b, yRef);
        simd.convForward(g, x, w, b, y);
        assertClose(yRef, y, "forward " + describe(g));

        float[] dxRef = new float[xn];
        float[] dx = filled(xn);
        scalar.convBackwardData(g, dy, w, dxRef);
        simd.convBackwardData(g, dy, w, dx);
        assertClose(dxRef, dx, "backward data " + describe(g));

        float[] dwRef = new float[wn];
        float[] dw = filled(wn);
        float[] dbRef = new float[g.outChannels()];
        float[] db = filled(g.outChannels());
        scalar.convBackwardWeight(g, x, dy, dwRef, dbRef);
        simd.convBackwardWeight(g, x, dy, dw, db);
        assertClose(dwRef, dw, "backward weight " + describe(g));
        assertClose(dbRef, db, "backward bias " + describe(g));
    }

    static String describe(ConvGeometry g) {
        return "n=" + g.batch() + " cin=" + g.inChannels() + " cout=" + g.outChannels() + " groups=" + g.groups()
                + " in=" + Arrays.toString(g.inSize()) + " k=" + Arrays.toString(g.kernel()) + " s="
                + Arrays.toString(g.stride()) + " pad=" + Arrays.toString(g.padBegin()) + "/"
                + Arrays.toString(g.padEnd()) + " dil=" + Arrays.toString(g.dilation());
    }

    /** Output buffers start as NaN so a kernel that skips an element is caught. */
    static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            float tol = 1e-4f * (1 + Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                bad.add(i + ": expected " + expected[i] + " got " + actual[i]);
            }
        }
        assertTrue(bad.isEmpty(), what + ": " + bad.size() + " of " + expected.length + " differ, first "
                + bad.subList(0, Math.min(5, bad.size())));
    }
}
