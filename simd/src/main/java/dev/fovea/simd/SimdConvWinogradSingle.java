package dev.fovea.simd;

import static dev.fovea.simd.SimdConvWinograd.BUDGET;
import static dev.fovea.simd.SimdConvWinograd.CO;
import static dev.fovea.simd.SimdConvWinograd.L;
import static dev.fovea.simd.SimdConvWinograd.SKEW;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SimdConvWinograd}'s forward for fewer images than threads and planes too large for one image's transforms
 * (ResNet-18 at batch 1: 64 channels on 56x56, 128 on 28x28): the work unit is a block of tile rows of one image,
 * so both threads share an image and each block's V and M stay in L2. Each block converts its padded input rows to
 * [position][channel] by 16x16 transposes, runs the same transforms and products, and writes its output rows back
 * by transposes, adding the residual and applying ReLU there for inference's fused blocks.
 */
final class SimdConvWinogradSingle {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;

    private SimdConvWinogradSingle() {}

    /** As {@link SimdConvWinograd#applies} without its size limit and for any batch: planes at least 8 wide. */
    static boolean applies(ConvGeometry g) {
        if (!SimdConvWinograd.sameThreeByThree(g)) {
            return false;
        }
        int tw = g.inSize()[1] / 2;
        // a block's rows hold at least 16 positions (its transposes take 16 at a time): two rows 8 wide
        return g.inSize()[1] >= 8 && g.inChannels() % CO == 0 && g.outChannels() % CO == 0
                && 16L * tw * Math.max(g.inChannels(), g.outChannels()) <= BUDGET && SimdConvWinograd.kernelFits(g);
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] residual, boolean relu,
            float[] y) {
        int srcC = g.inChannels();
        int dstC = g.outChannels();
        int h = g.inSize()[0];
        int wd = g.inSize()[1];
        float[] u = SimdConvWinograd.transformed(w, false, srcC, dstC);
        int th = h / 2;
        int tw = wd / 2;
        int perRow = 16 * tw * Math.max(srcC, dstC);
        int maxRows = blockRows(g.batch(), th, Math.max(1, BUDGET / perRow));
        int blocks = (th + maxRows - 1) / maxRows;
        int pw = wd + 2;
        int os = h * wd;
        Parallel.forRange(g.batch() * blocks, (from, to) -> {
            SimdConvWorkspace ws = SimdConvWorkspace.worker();
            int padFloats = (2 * maxRows + 2) * pw * srcC;
            int vps = maxRows * tw * srcC + SKEW;
            int mps = maxRows * tw * dstC + SKEW;
            float[] buf = ws.wide(padFloats + 16 * vps + 16 * mps + L * L);
            float[] out = ws.source(2 * maxRows * wd * dstC);
            int vOff = padFloats;
            int mOff = vOff + 16 * vps;
            int tmpOff = mOff + 16 * mps;
            // the padding columns stay zero: rows only ever write their interior
            java.util.Arrays.fill(buf, 0, padFloats, 0f);
            for (int unit = from; unit < to; unit++) {
                int n = unit / blocks;
                int ty0 = unit % blocks * maxRows;
                int rows = Math.min(maxRows, th - ty0);
                int nt = rows * tw;
                // padded rows 2*ty0 .. 2*(ty0 + rows) + 1 are image rows one less; those outside the image are zero
                int r0 = Math.max(0, 2 * ty0 - 1);
                int r1 = Math.min(h, 2 * (ty0 + rows) + 1);
                if (2 * ty0 - 1 < 0) {
                    java.util.Arrays.fill(buf, 0, pw * srcC, 0f);
                }
                if (2 * (ty0 + rows) + 1 > h) {
                    int at = (2 * rows + 1) * pw * srcC;
                    java.util.Arrays.fill(buf, at, at + pw * srcC, 0f);
                }
                SimdConvWinograd.rowsToChannelsLast(x, n * srcC * os, srcC, os, wd, r0, r1, buf,
                        (r0 + 1 - 2 * ty0) * pw * srcC, tmpOff);
                SimdConvWinograd.inputTransform(buf, srcC, rows, tw, pw, buf, vOff, 0, vps);
                SimdConvWinograd.products(buf, vOff, vps, nt, srcC, u, mOff, mps, dstC);
                SimdConvWinograd.outputTransform(buf, mOff, mps, nt, dstC, rows, tw, bias, out, 0);
                writeRows(out, dstC, 2 * rows * wd, y, n * dstC * os + 2 * ty0 * wd, os, residual, relu);
            }
        });
    }

    /** Tile rows per block: as many as fit the budget, but at least two blocks per thread in all. */
    private static int blockRows(int batch, int th, int fit) {
        int rows = fit;
        // a thread that falls behind then is not the whole layer's tail
        while (rows > 1 && batch * ((th + rows - 1) / rows) < 2 * Parallel.threads()) {
            rows--;
        }
        return rows;
    }

    /**
     * The block's outputs out[position][channel] (np positions) into y's planes from y[at] on (planes os apart),
     * by transposes (the last 16 positions overlapping), then + residual and ReLU over the rows just written.
     */
    private static void writeRows(float[] out, int dstC, int np, float[] y, int at, int os, float[] residual,
            boolean relu) {
        for (int c0 = 0; c0 < dstC; c0 += L) {
            for (int p0 = 0; p0 < np; p0 += L) {
                int p = Math.min(p0, np - L);
                SimdGemmTranspose.transpose16(out, p * dstC + c0, dstC, y, at + c0 * os + p, os);
            }
        }
        if (residual == null && !relu) {
            return;
        }
        FloatVector zero = FloatVector.zero(S);
        for (int c = 0; c < dstC; c++) {
            int base = at + c * os;
            int i = 0;
            for (; i + L <= np; i += L) {
                FloatVector v = FloatVector.fromArray(S, y, base + i);
                if (residual != null) {
                    v = v.add(FloatVector.fromArray(S, residual, base + i));
                }
                if (relu) {
                    v = v.max(zero);
                }
                v.intoArray(y, base + i);
            }
            for (; i < np; i++) {
                float v = y[base + i] + (residual != null ? residual[base + i] : 0f);
                y[base + i] = relu ? Math.max(0f, v) : v;
            }
        }
    }
}
