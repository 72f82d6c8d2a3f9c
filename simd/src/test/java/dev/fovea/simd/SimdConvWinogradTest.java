package dev.fovea.simd;

import static dev.fovea.simd.SimdConvTest.assertClose;
import static dev.fovea.simd.SimdConvTest.describe;
import static dev.fovea.simd.SimdConvTest.filled;
import static dev.fovea.simd.SimdConvTest.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.Parallel;
import dev.fovea.kernel.ScalarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(2x2, 3x3) forward, backward data ({@link SimdConvWinograd}) and backward weight
 * ({@link SimdConvWinogradWeight}), the tile-row form and the single-image blocks against the scalar reference: planes
 * whose tile count is no multiple of the product kernel's eight tiles, several sub-batches per thread, one and
 * several blocks of 32 channels on either side, with and without bias, and the dispatcher's choice.
 */
class SimdConvWinogradTest {
    private final Kernels scalar = new ScalarKernels();

    @Test
    void matchesScalarOnAwkwardPlanesAndChannels() {
        assumeTrue(SimdConvWinograd.ENABLED);
        SplittableRandom r = new SplittableRandom(41);
        // tiles per image: 16 (8x8), 12 (4x12: a remainder of 4 tiles), 64 (16x16), 4 (2x8), 20 (10x8)
        int[][] sizes = {{8, 8}, {4, 12}, {16, 16}, {2, 8}, {10, 8}};
        for (int[] hw : sizes) {
            check(geometry(3, 32, 32, hw), r, true);
            check(geometry(2, 64, 32, hw), r, false);
            check(geometry(3, 32, 96, hw), r, true);
            check(geometry(2, 32, 64, hw), r, false);
        }
        // many images per thread: several sub-batches, the last one short
        check(geometry(23, 64, 64, new int[] {8, 8}), r, true);
        check(geometry(11, 32, 64, new int[] {16, 16}), r, true);
    }

    @Test
    void rowsFormMatchesScalarOnThirtyTwoWidePlanes() {
        assumeTrue(SimdConvWinograd.ENABLED);
        SplittableRandom r = new SplittableRandom(43);
        int[][] channels = {{16, 16}, {8, 24}, {24, 8}, {16, 8}};
        for (int[] c : channels) {
            for (int h : new int[] {32, 4, 12}) {
                ConvGeometry g = geometry(3, c[0], c[1], new int[] {h, 32});
                float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
                float[] w = random(r, g.outChannels() * g.inChannels() * 9);
                float[] dy = random(r, g.batch() * g.outChannels() * g.outSpatial());
                float[] bias = random(r, g.outChannels());
                float[] yRef = new float[dy.length];
                scalar.convForward(g, x, w, bias, yRef);
                float[] dxRef = new float[x.length];
                scalar.convBackwardData(g, dy, w, dxRef);
                for (int pass = 0; pass < 2; pass++) {
                    float[] y = filled(dy.length);
                    SimdConvWinogradRows.forward(g, x, w, bias, y);
                    assertClose(yRef, y, "rows forward " + describe(g));
                    float[] dx = filled(x.length);
                    SimdConvWinogradRows.backwardData(g, dy, w, dx);
                    assertClose(dxRef, dx, "rows backward data " + describe(g));
                }
            }
        }
        assertTrue(SimdConvWinogradRows.applies(geometry(8, 16, 16, new int[] {32, 32})) || Parallel.threads() > 8);
        assertFalse(SimdConvWinogradRows.applies(geometry(8, 16, 16, new int[] {30, 32})));
        assertFalse(SimdConvWinogradRows.applies(geometry(8, 16, 16, new int[] {32, 30})));
        assertFalse(SimdConvWinogradRows.applies(geometry(8, 32, 16, new int[] {32, 32})));
        assertFalse(SimdConvWinogradRows.applies(geometry(8, 3, 16, new int[] {32, 32})));
    }

    @Test
    void singleImageBlocksMatchScalarWithResidualAndRelu() {
        assumeTrue(SimdConvWinograd.ENABLED);
        SplittableRandom r = new SplittableRandom(44);
        // 56, 28 and 14 wide (transposes of 16 positions with an overlapping last block, across rows when narrow),
        // blocks of tile rows with a short last one, one image and more, images larger than the batched budget
        int[][] shapes = {{1, 64, 64, 56, 56}, {1, 128, 128, 28, 28}, {3, 32, 64, 10, 18}, {1, 32, 32, 16, 16},
            {2, 64, 32, 6, 40}, {1, 128, 64, 14, 14}, {1, 32, 32, 8, 8}, {2, 32, 96, 4, 10}};
        for (int[] s : shapes) {
            ConvGeometry g = geometry(s[0], s[1], s[2], new int[] {s[3], s[4]});
            assertTrue(SimdConvWinogradSingle.applies(g), describe(g));
            float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
            float[] w = random(r, g.outChannels() * g.inChannels() * 9);
            float[] bias = random(r, g.outChannels());
            float[] residual = random(r, g.batch() * g.outChannels() * g.outSpatial());
            float[] plain = new float[residual.length];
            scalar.convForward(g, x, w, bias, plain);
            float[] fused = new float[plain.length];
            for (int i = 0; i < fused.length; i++) {
                fused[i] = Math.max(0f, plain[i] + residual[i]);
            }
            for (int pass = 0; pass < 2; pass++) {
                float[] y = filled(plain.length);
                SimdConvWinogradSingle.forward(g, x, w, bias, null, false, y);
                assertClose(plain, y, "single-image forward " + describe(g));
                y = filled(plain.length);
                SimdConvWinogradSingle.forward(g, x, w, bias, residual, true, y);
                assertClose(fused, y, "single-image forward + residual + ReLU " + describe(g));
            }
        }
        assertFalse(SimdConvWinogradSingle.applies(geometry(1, 64, 64, new int[] {14, 6})));
        // a transformed kernel beyond L2 (256 x 256 channels: 4 MB) keeps the direct kernels
        assertFalse(SimdConvWinogradSingle.applies(geometry(1, 256, 256, new int[] {14, 14})));
        assertFalse(SimdConvWinograd.applies(geometry(8, 256, 256, new int[] {8, 8})));
        assertFalse(SimdConvWinogradSingle.applies(geometry(1, 64, 64, new int[] {7, 7})));
        assertFalse(SimdConvWinogradSingle.applies(geometry(1, 64, 64, new int[] {224, 224})));
    }

    @Test
    void dispatcherTakesOnlyThreeByThreeSamePadding() {
        assumeTrue(SimdConvWinograd.ENABLED && Parallel.threads() <= 8);
        assertTrue(SimdConvWinograd.applies(geometry(8, 32, 32, new int[] {16, 16})));
        assertTrue(SimdConvWinograd.applies(geometry(8, 64, 64, new int[] {8, 8})));
        // odd plane, 16 or 48 channels, stride 2, no padding, 1x1, dilation, groups
        assertFalse(SimdConvWinograd.applies(geometry(8, 32, 32, new int[] {9, 8})));
        assertFalse(SimdConvWinograd.applies(geometry(8, 16, 16, new int[] {32, 32})));
        // an image whose transforms would not stay in L2 (VGG's 224x224 planes) keeps the direct kernels
        assertFalse(SimdConvWinograd.applies(geometry(2, 64, 64, new int[] {224, 224})));
        assertFalse(SimdConvWinograd.applies(geometry(2, 32, 32, new int[] {32, 32})));
        assertFalse(SimdConvWinograd.applies(geometry(8, 32, 48, new int[] {8, 8})));
        assertFalse(SimdConvWinograd.applies(new ConvGeometry(8, 32, 32, 1, new int[] {8, 8}, new int[] {3, 3},
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1})));
        assertFalse(SimdConvWinograd.applies(new ConvGeometry(8, 32, 32, 1, new int[] {8, 8}, new int[] {3, 3},
                new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1})));
        assertFalse(SimdConvWinograd.applies(new ConvGeometry(8, 32, 32, 1, new int[] {8, 8}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1})));
        assertFalse(SimdConvWinograd.applies(new ConvGeometry(8, 32, 32, 1, new int[] {8, 8}, new int[] {3, 3},
                new int[] {1, 1}, new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2})));
        assertFalse(SimdConvWinograd.applies(new ConvGeometry(8, 32, 32, 2, new int[] {8, 8}, new int[] {3, 3},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1})));
    }

    @Test
    void kernelTransformChangesWithTheWeights() {
        assumeTrue(SimdConvWinograd.ENABLED);
        // the transformed kernel is cached per weight array: an in-place update must be seen by the next call
        SplittableRandom r = new SplittableRandom(42);
        ConvGeometry g = geometry(2, 32, 32, new int[] {8, 8});
        float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
        float[] w = random(r, g.outChannels() * g.inChannels() * 9);
        float[] y = new float[g.batch() * g.outChannels() * g.outSpatial()];
        SimdConvWinograd.forward(g, x, w, null, y);
        for (int i = 0; i < w.length; i++) {
            w[i] *= -2f;
        }
        dev.fovea.tensor.StorageVersions.bump(w);
        float[] yRef = new float[y.length];
        scalar.convForward(g, x, w, null, yRef);
        SimdConvWinograd.forward(g, x, w, null, y);
        assertClose(yRef, y, "forward after a weight update");
        assertEquals(yRef.length, y.length);
    }

    private static ConvGeometry geometry(int n, int cin, int cout, int[] hw) {
        return new ConvGeometry(n, cin, cout, 1, hw, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1});
    }

    /** All three passes (twice, so cached transforms and reused workspaces are covered) against scalar. */
    private void check(ConvGeometry g, SplittableRandom r, boolean withBias) {
        float[] x = random(r, g.batch() * g.inChannels() * g.inSpatial());
        float[] w = random(r, g.outChannels() * g.inChannels() * g.kernelVolume());
        float[] dy = random(r, g.batch() * g.outChannels() * g.outSpatial());
        float[] bias = withBias ? random(r, g.outChannels()) : null;
        float[] yRef = new float[dy.length];
        scalar.convForward(g, x, w, bias, yRef);
        float[] dxRef = new float[x.length];
        scalar.convBackwardData(g, dy, w, dxRef);
        float[] dwRef = new float[w.length];
        float[] dbRef = new float[g.outChannels()];
        scalar.convBackwardWeight(g, x, dy, dwRef, dbRef);
        for (int pass = 0; pass < 2; pass++) {
            float[] y = filled(dy.length);
            SimdConvWinograd.forward(g, x, w, bias, y);
            assertClose(yRef, y, "forward " + describe(g));
            float[] dx = filled(x.length);
            SimdConvWinograd.backwardData(g, dy, w, dx);
            assertClose(dxRef, dx, "backward data " + describe(g));
            float[] dw = filled(w.length);
            float[] db = filled(g.outChannels());
            SimdConvWinogradWeight.backwardWeight(g, x, dy, dw, db);
            assertClose(dwRef, dw, "backward weight " + describe(g));
            assertClose(dbRef, db, "backward bias " + describe(g));
            SimdConvWinogradWeight.backwardWeight(g, x, dy, dw, null);
            assertClose(dwRef, dw, "backward weight without bias " + describe(g));
        }
    }
}
