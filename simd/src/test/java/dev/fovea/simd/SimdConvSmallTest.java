package dev.fovea.simd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.ScalarKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The small-plane paths against the scalar reference at awkward sizes, each forced on: the row-interleaved layouts
 * (shared padding, rows replicated per column tap) and the channel-vectorised kernels, with sub-batches small
 * enough that a thread runs several.
 */
class SimdConvSmallTest {
    private final Kernels scalar = new ScalarKernels();

    @Test
    void oddChannelsAndPlanesBothLayouts() {
        SplittableRandom r = new SplittableRandom(11);
        // LeNet-5's second conv, CIFAR ResNet stages, odd channels and planes that are no multiple of 16
        check(geometry(4, 6, 16, 1, 14, 14, 5, 5, 0, 0, 0, 0, 1, 1), r);
        check(geometry(3, 5, 7, 1, 9, 11, 3, 3, 1, 1, 1, 1, 1, 1), r);
        check(geometry(2, 3, 13, 1, 7, 5, 3, 3, 1, 1, 1, 1, 1, 1), r);
        check(geometry(5, 9, 20, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1), r);
    }

    @Test
    void groupsAsymmetricPaddingDilationAndNonSquareKernels() {
        SplittableRandom r = new SplittableRandom(12);
        check(geometry(3, 6, 9, 3, 10, 7, 3, 3, 1, 1, 1, 1, 1, 1), r);
        check(geometry(2, 4, 10, 2, 9, 13, 3, 2, 2, 0, 0, 1, 1, 1), r);
        check(geometry(3, 5, 6, 1, 11, 9, 3, 5, 0, 2, 2, 1, 2, 1), r);
        check(geometry(2, 4, 8, 1, 6, 12, 2, 4, 1, 3, 0, 0, 1, 2), r);
        // both horizontal paddings wider than the kernel: rows cannot share their gap
        check(geometry(2, 3, 5, 1, 5, 6, 1, 2, 0, 2, 0, 3, 1, 1), r);
        check(geometry(2, 3, 4, 1, 6, 6, 3, 1, 1, 0, 2, 0, 1, 1), r);
    }

    @Test
    void conv1d() {
        SplittableRandom r = new SplittableRandom(13);
        check(new ConvGeometry(3, 4, 6, 2, new int[] {33}, new int[] {5}, new int[] {1}, new int[] {2},
                new int[] {1}, new int[] {2}), r);
        check(new ConvGeometry(2, 3, 17, 1, new int[] {19}, new int[] {3}, new int[] {1}, new int[] {0},
                new int[] {2}, new int[] {1}), r);
    }

    @Test
    void channelVectorisedPathAtAwkwardSizes() {
        SplittableRandom r = new SplittableRandom(14);
        // whole and partial channel blocks, rows that are no multiple of eight positions, odd source channels
        checkChannels(geometry(3, 5, 32, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1), r);
        checkChannels(geometry(2, 7, 64, 1, 5, 11, 3, 3, 1, 1, 1, 1, 1, 1), r);
        checkChannels(geometry(3, 32, 19, 1, 6, 9, 3, 3, 1, 1, 1, 1, 1, 1), r);
        // asymmetric padding, dilation, non-square kernels, 1D
        checkChannels(geometry(2, 3, 33, 1, 9, 13, 3, 2, 2, 0, 0, 1, 1, 1), r);
        checkChannels(geometry(3, 4, 40, 1, 11, 9, 3, 5, 0, 2, 2, 1, 2, 1), r);
        // one channel vector on rows of ten (LeNet-5's second convolution), and a partial one
        checkChannels(geometry(3, 6, 16, 1, 14, 14, 5, 5, 0, 0, 0, 0, 1, 1), r);
        checkChannels(geometry(2, 3, 7, 1, 5, 20, 3, 3, 1, 1, 1, 1, 1, 1), r);
        checkChannels(new ConvGeometry(3, 6, 32, 1, new int[] {21}, new int[] {5}, new int[] {1}, new int[] {2},
                new int[] {1}, new int[] {2}), r);
    }

    @Test
    void rowStepKernelsAtAwkwardSizes() {
        SplittableRandom r = new SplittableRandom(15);
        // 3-wide kernels: row steps padded to whole calls (5*3 = 15 row steps), 96 channels (three dOut blocks),
        // a partial channel block, a 1x3 and a 5x3 kernel, asymmetric padding, vertical dilation, 1D
        assertTrue(SimdConvTriples.applies(SimdConvSmall.channels(geometry(2, 5, 96, 1, 7, 9, 3, 3, 1, 1, 1, 1,
                1, 1), false, "channels")));
        checkChannels(geometry(2, 5, 96, 1, 7, 9, 3, 3, 1, 1, 1, 1, 1, 1), r);
        checkChannels(geometry(3, 7, 40, 1, 6, 10, 1, 3, 0, 1, 0, 1, 1, 1), r);
        checkChannels(geometry(2, 3, 32, 1, 9, 5, 5, 3, 2, 0, 1, 2, 2, 1), r);
        checkChannels(geometry(4, 64, 64, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1), r);
        checkChannels(new ConvGeometry(3, 4, 32, 1, new int[] {13}, new int[] {3}, new int[] {1}, new int[] {1},
                new int[] {1}, new int[] {1}), r);
        // 5-wide kernels, channels in whole vectors (LeNet-5's second convolution) and not, kernel rows padded to
        // whole calls (3*5 = 15 row steps), a 3x5 kernel with padding
        assertTrue(SimdConvChannelsWeight.fives(SimdConvSmall.channels(geometry(4, 6, 16, 1, 14, 14, 5, 5, 0, 0, 0,
                0, 1, 1), false, "channels")));
        checkChannels(geometry(4, 6, 16, 1, 14, 14, 5, 5, 0, 0, 0, 0, 1, 1), r);
        checkChannels(geometry(3, 3, 48, 1, 9, 13, 5, 5, 2, 1, 2, 1, 1, 1), r);
        checkChannels(geometry(2, 5, 16, 1, 7, 11, 3, 5, 1, 2, 1, 2, 2, 1), r);
        checkChannels(geometry(2, 4, 20, 1, 8, 10, 5, 5, 2, 2, 2, 2, 1, 1), r);
        // horizontal dilation: taps are not neighbours, the per-tap kernels run
        assertTrue(!SimdConvTriples.applies(SimdConvSmall.channels(geometry(2, 3, 32, 1, 9, 9, 3, 3, 2, 2, 2, 2,
                1, 2), false, "channels")));
    }

    private void checkChannels(ConvGeometry g, SplittableRandom r) {
        int xn = g.batch() * g.inChannels() * g.inSpatial();
        int yn = g.batch() * g.outChannels() * g.outSpatial();
        int wn = g.outChannels() * g.inChannels() / g.groups() * g.kernelVolume();
        float[] x = random(r, xn);
        float[] w = random(r, wn);
        float[] b = random(r, g.outChannels());
        float[] dy = random(r, yn);
        float[] yRef = new float[yn];
        float[] dxRef = new float[xn];
        float[] dwRef = new float[wn];
        float[] dbRef = new float[g.outChannels()];
        scalar.convForward(g, x, w, b, yRef);
        scalar.convBackwardData(g, dy, w, dxRef);
        scalar.convBackwardWeight(g, x, dy, dwRef, dbRef);
        // backward weight with the per-tap kernels, and with the row-step kernel of SimdConvTriples where it applies
        for (boolean triples : new boolean[] {false, true}) {
            for (int budget : new int[] {1, 1 << 20}) {
                String what = "channels budget " + budget + " triples " + triples + " " + g;
                SimdConvLayout fl = SimdConvSmall.channels(g, false, "channels");
                assertNotNull(fl, what);
                float[] y = filled(yn);
                SimdConvChannels.run(fl, x, w, false, b, y, budget);
                assertClose(yRef, y, "forward " + what);
                float[] dw = filled(wn);
                float[] db = filled(g.outChannels());
                SimdConvChannelsWeight.run(fl, x, dy, dw, db, budget, triples);
                assertClose(dwRef, dw, "weight " + what);
                assertClose(dbRef, db, "bias " + what);
                SimdConvLayout dl = SimdConvSmall.channels(g, true, "channels");
                if (dl != null) {
                    float[] dx = filled(xn);
                    SimdConvChannels.run(dl, dy, w, true, null, dx, budget);
                    assertClose(dxRef, dx, "data " + what);
                }
            }
        }
    }

    private static ConvGeometry geometry(int n, int cin, int cout, int groups, int h, int w, int kh, int kw,
            int padTop, int padLeft, int padBottom, int padRight, int dilH, int dilW) {
        return new ConvGeometry(n, cin, cout, groups, new int[] {h, w}, new int[] {kh, kw}, new int[] {1, 1},
                new int[] {padTop, padLeft}, new int[] {padBottom, padRight}, new int[] {dilH, dilW});
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
        float[] dxRef = new float[xn];
        scalar.convForward(g, x, w, b, yRef);
        scalar.convBackwardData(g, dy, w, dxRef);
        for (String mode : new String[] {"on", "replicate"}) {
            // a budget of one image per sub-batch makes every thread run several sub-batches
            for (int budget : new int[] {1, 1 << 20}) {
                String what = mode + " budget " + budget + " " + g;
                SimdConvRows fr = SimdConvSmall.rows(g, false, mode);
                assertNotNull(fr, what);
                float[] y = filled(yn);
                SimdConvSmall.run(fr, x, w, false, b, y, budget);
                assertClose(yRef, y, "forward " + what);
                SimdConvRows dr = SimdConvSmall.rows(g, true, mode);
                if (dr != null) {
                    float[] dx = filled(xn);
                    SimdConvSmall.run(dr, dy, w, true, null, dx, budget);
                    assertClose(dxRef, dx, "data " + what);
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Output buffers start as NaN so a position the kernel forgets to write fails the comparison. */
    private static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    private static void assertClose(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            float tol = 1e-4f * Math.max(1f, Math.abs(want[i]));
            assertTrue(Math.abs(want[i] - got[i]) <= tol,
                    what + ": at " + i + " expected " + want[i] + " got " + got[i]);
        }
    }
}
