package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import dev.fovea.tensor.StorageVersions;
import java.util.Arrays;

/**
 * Strided convolution as a stride-1 convolution on phase planes (space-to-depth), for all three passes of a
 * training step. With dilation 1, input {@code o*s + t - pad} of output o and tap {@code t = q*s + r} is element
 * {@code o + q} of phase plane r (every s-th padded input starting at r). So each input channel becomes one channel
 * per used residue r, and the kernel of extent k becomes one of extent {@code ceil(k/s)} over those channels, with
 * zeros where {@code q*s + r >= k}. The result runs on the stride-1 paths ({@link SimdConv}: wide, small-plane,
 * pointwise), which are far faster than im2col + per-image sgemm at training batch sizes: per image, a ResNet
 * stride-2 layer's GEMM has only 32-64 rows and repacks the weights each time.
 *
 * <p>The price is the zero taps: a 3x3 stride-2 kernel becomes 4 phases of 2x2, 16 taps for 9 (a 1x1 stride-2
 * kernel uses one residue, so it becomes a plain 1x1 on the subsampled input). Backward data runs the stride-1
 * backward data into phase-plane gradients and scatters them back (each input belongs to exactly one phase plane
 * position); backward weight runs the stride-1 backward weight and gathers the real taps.
 */
final class SimdConvSpaceToDepth {
    /** -Dfovea.conv.spaceToDepth=false keeps strided training convolutions on im2col (for measuring both). */
    private static final boolean ENABLED = !"false".equals(System.getProperty("fovea.conv.spaceToDepth"));
    private static final int WEIGHT_KIND = 0x5D;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[4][0]);

    private SimdConvSpaceToDepth() {}

    /** Strided, dilation 1, not depthwise (one channel per group gains nothing from phase channels). */
    static boolean applies(ConvGeometry g) {
        boolean strided = false;
        for (int d = 0; d < g.spatialDims(); d++) {
            strided |= g.stride()[d] > 1;
            if (g.dilation()[d] != 1) {
                return false;
            }
        }
        boolean depthwise = g.groups() == g.inChannels() && g.groups() > 1;
        return ENABLED && strided && !depthwise;
    }

    static void forward(SimdConv conv, ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        Phases p = new Phases(g);
        float[] xp = buffer(0, p.phaseInputFloats());
        p.packInput(x, xp);
        conv.forward(p.inner, xp, p.phaseWeights(w), bias, y);
    }

    static void backwardData(SimdConv conv, ConvGeometry g, float[] dy, float[] w, float[] dx) {
        Phases p = new Phases(g);
        float[] dxp = buffer(1, p.phaseInputFloats());
        conv.backwardData(p.inner, dy, p.phaseWeights(w), dxp);
        p.unpackInputGradient(dxp, dx);
    }

    static void backwardWeight(SimdConv conv, ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db) {
        Phases p = new Phases(g);
        float[] xp = buffer(0, p.phaseInputFloats());
        p.packInput(x, xp);
        float[] dwp = buffer(2, p.phaseWeightFloats());
        conv.backwardWeight(p.inner, xp, dy, dwp, db);
        p.gatherWeightGradient(dwp, dw);
    }

    /**
     * Per calling thread, apart from {@link SimdConvWorkspace}'s buffers, which the stride-1 path uses while these
     * are live: 0 phase-plane inputs, 1 their gradients, 2 phase weight gradients, 3 phase weights (uncached).
     */
    private static float[] buffer(int slot, int n) {
        float[][] b = BUFFERS.get();
        if (b[slot].length < n) {
            b[slot] = new float[n];
        }
        return b[slot];
    }

    /** The phase channels of one strided convolution, 1D and 2D seen as 3D; the planes are SimdConvStrided's. */
    private static final class Phases {
        final ConvGeometry g;
        final ConvGeometry inner;
        final SimdConvStrided.Phases planes;
        final int[] k;
        final int[] s;
        /** Used residues per dimension ({@code min(k, s)} with dilation 1) and the phase kernel's extent. */
        final int[] res = new int[3];
        final int[] kp = new int[3];
        final int phases;
        final int plane;
        final int inPlane;

        Phases(ConvGeometry g) {
            this.g = g;
            planes = new SimdConvStrided.Phases(g);
            k = SimdConv.to3d(g.kernel(), 1);
            s = SimdConv.to3d(g.stride(), 1);
            int[] out = SimdConv.to3d(g.outSize(), 1);
            for (int d = 0; d < 3; d++) {
                res[d] = planes.residues[d].length;
                kp[d] = planes.ext[d] - out[d] + 1;
            }
            phases = planes.perChannel;
            plane = planes.plane;
            inPlane = g.inSpatial();
            int dims = g.spatialDims();
            int[] one = new int[dims];
            Arrays.fill(one, 1);
            inner = new ConvGeometry(g.batch(), g.inChannels() * phases, g.outChannels(), g.groups(),
                    Arrays.copyOfRange(planes.ext, 3 - dims, 3), Arrays.copyOfRange(kp, 3 - dims, 3), one,
                    new int[dims], new int[dims], one);
        }

        int phaseInputFloats() {
            return g.batch() * g.inChannels() * phases * plane;
        }

        int phaseWeightFloats() {
            return g.outChannels() * (g.inChannels() / g.groups()) * phases * kp[0] * kp[1] * kp[2];
        }

        /**
         * The weights spread over phase channels, cached per (weight array, version). The cached array gets its
         * own version bumped on every repack, so the stride-1 path's packed copy of it is refreshed too.
         */
        float[] phaseWeights(float[] w) {
            SimdConvPackCache.Layout layout = new SimdConvPackCache.Layout(WEIGHT_KIND, g.groups(),
                    g.inChannels() / g.groups(), g.outChannels(), k[0], k[1], k[2], s[0], s[1], s[2]);
            if (!SimdConvPackCache.ENABLED) {
                float[] wp = buffer(3, phaseWeightFloats());
                spreadWeights(w, wp);
                StorageVersions.bump(wp);
                return wp;
            }
            return SimdConvPackCache.packed(w, layout, phaseWeightFloats(), wp -> {
                spreadWeights(w, wp);
                StorageVersions.bump(wp);
            });
        }

        /** wp[co][c*P + p][q] = w[co][c][q*s + r(p)], zero where the tap lies past the kernel. */
        private void spreadWeights(float[] w, float[] wp) {
            int cg = g.inChannels() / g.groups();
            int taps = k[0] * k[1] * k[2];
            int ptaps = kp[0] * kp[1] * kp[2];
            for (int co = 0; co < g.outChannels(); co++) {
                for (int c = 0; c < cg; c++) {
                    int src = (co * cg + c) * taps;
                    int dst = (co * cg + c) * phases * ptaps;
                    forEachTap((t, p, q) -> wp[dst + p * ptaps + q] = t < 0 ? 0f : w[src + t]);
                }
            }
        }

        /** dw[co][c][t] = dwp[co][c*P + p(t)][q(t)]: every real tap has exactly one phase position. */
        void gatherWeightGradient(float[] dwp, float[] dw) {
            int cg = g.inChannels() / g.groups();
            int taps = k[0] * k[1] * k[2];
            int ptaps = kp[0] * kp[1] * kp[2];
            for (int co = 0; co < g.outChannels(); co++) {
                for (int c = 0; c < cg; c++) {
                    int dst = (co * cg + c) * taps;
                    int src = (co * cg + c) * phases * ptaps;
                    forEachTap((t, p, q) -> {
                        if (t >= 0) {
                            dw[dst + t] = dwp[src + p * ptaps + q];
                        }
                    });
                }
            }
        }

        private interface TapVisitor {
            /** Original tap index t (or -1 for a zero tap), phase p, phase-kernel tap q. */
            void visit(int t, int p, int q);
        }

        private void forEachTap(TapVisitor v) {
            int p = 0;
            for (int r0 = 0; r0 < res[0]; r0++) {
                for (int r1 = 0; r1 < res[1]; r1++) {
                    for (int r2 = 0; r2 < res[2]; r2++, p++) {
                        int q = 0;
                        for (int q0 = 0; q0 < kp[0]; q0++) {
                            for (int q1 = 0; q1 < kp[1]; q1++) {
                                for (int q2 = 0; q2 < kp[2]; q2++, q++) {
                                    int t0 = q0 * s[0] + r0;
                                    int t1 = q1 * s[1] + r1;
                                    int t2 = q2 * s[2] + r2;
                                    boolean real = t0 < k[0] && t1 < k[1] && t2 < k[2];
                                    v.visit(real ? (t0 * k[1] + t1) * k[2] + t2 : -1, p, q);
                                }
                            }
                        }
                    }
                }
            }
        }

        /** xp[n][c*P + p][j] = x[n][c][j*s + r(p) - pad], zero outside the input. */
        void packInput(float[] x, float[] xp) {
            Parallel.forRange(g.batch() * g.inChannels(), 8, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    planes.packChannel(x, i, xp, i * phases * plane);
                }
            });
        }

        /** dx[n][c][i] = dxp[n][c*P + p][j] for the one (p, j) that reads input i; zero if none does. */
        void unpackInputGradient(float[] dxp, float[] dx) {
            Parallel.forRange(g.batch() * g.inChannels(), 8, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    Arrays.fill(dx, i * inPlane, (i + 1) * inPlane, 0f);
                    planes.scatterChannel(dxp, i * phases * plane, dx, i);
                }
            });
        }
    }
}
