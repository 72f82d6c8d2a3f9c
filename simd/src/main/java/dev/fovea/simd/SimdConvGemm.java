package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Parallel;
import jdk.incubator.vector.VectorMask;

/**
 * Convolution of fewer images than threads (inference on one image) as a GEMM on the sgemm micro-kernels, for the
 * small planes of deep layers. Per image, {@code C[positions][Cout] = col[positions][K] x W'[K][Cout]} with
 * {@code K = Cin * taps}: the weights are the B operand, packed once into 32-column k-major panels and kept in
 * {@link SimdConvPackCache}; the image is the A operand, its im2col written straight into 12-row micro-panels.
 * The wide kernel vectorises along output rows, so a 7-wide plane fills under half of each 16-lane vector; here
 * the vectors run along output channels, which deep layers have in multiples of 32, and positions only pad the
 * last micro-panel. Strided layers gain most (their wide path works on phase planes): 0.52 against 0.64 ms for
 * ResNet-18's 128 -> 256 channel 28x28 stride-2 layer on two threads.
 *
 * <p>Threads split the B panels (each thread then reads its share of the weights once) unless that splits worse
 * than the A panels. Each sweeps KC-deep slices: the slice of a B panel (32 KiB) stays in L1 while the A
 * micro-panels stream from L2. At the end each thread writes its block of C into the NC* output, transposed, with
 * bias, residual and ReLU applied.
 */
final class SimdConvGemm {
    private static final int MR = SimdGemm.MR;
    private static final int MR_SHORT = SimdGemm.MR_SHORT;
    private static final int NR = SimdGemm.NR;
    private static final int KC = 256;
    /** Side of the blocks the output is transposed in. */
    private static final int TILE = 16;
    private static final int WEIGHT_KIND = 0x6E;
    /** Packing units (panel x channel block) per thread, so uneven panel counts still balance. */
    private static final int PACK_UNITS_PER_THREAD = 4;
    /** -Dfovea.conv.gemm=on|off forces this path on or off where it can run (for measuring); default auto. */
    private static final String MODE = System.getProperty("fovea.conv.gemm", "auto");
    /**
     * Output rows narrower than this take this path. Whole ResNet-18 forwards at batch 1, three rounds each on a
     * busy machine: 16 gave 18.6-19.4 ms, 32 (adding the 28x28 layers) 20.4-21.3, 8 (7x7 only) 18.4-20.0; per layer,
     * the wide kernel ran the 28x28 ones faster (0.96 against 1.2 ms) and the two were level at 14x14.
     * -Dfovea.conv.gemmMaxWidth overrides it.
     */
    private static final int MAX_WIDTH = Integer.getInteger("fovea.conv.gemmMaxWidth", 16);

    /** -Dfovea.conv.gemmVectorPack=false packs A with the scalar loop only (for measuring). */
    private static final boolean VECTOR_PACK = !"false".equals(System.getProperty("fovea.conv.gemmVectorPack"));

    private SimdConvGemm() {}

    /** Whether a forward of {@code g} takes this path. */
    static boolean applies(ConvGeometry g) {
        if (g.groups() != 1 || "off".equals(MODE)) {
            return false;
        }
        if ("on".equals(MODE)) {
            return true;
        }
        if (g.batch() >= Parallel.threads()) {
            return false;
        }
        int[] out = g.outSize();
        int width = out[out.length - 1];
        // Deep layers on small planes: the wide kernel fills few lanes there, and K is long enough for the
        // micro-kernel to run at full speed between its loads and stores of C.
        return width < MAX_WIDTH && g.outChannels() >= NR
                && (long) g.inChannels() * g.kernelVolume() >= 256;
    }

    /** {@code y = relu?(conv(x, w) + bias + residual)}; bias and residual may be null. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] residual, boolean relu,
            float[] y) {
        Plan p = new Plan(g);
        float[] bp = SimdConvPackCache.packed(w, new SimdConvPackCache.Layout(WEIGHT_KIND, 1, p.cin, p.cout, p.k[0],
                p.k[1], p.k[2], 0, 0, 0), p.bPanels * p.kDepth * NR, buf -> p.packWeights(w, buf));
        SimdConvWorkspace cw = SimdConvWorkspace.caller();
        float[] a = cw.source(p.aFloats());
        float[] c = cw.wide(p.cFloats());
        int threads = Parallel.threads();
        int chunks = Math.min(p.cin, Math.max(1, (PACK_UNITS_PER_THREAD * threads + p.aPanels - 1) / p.aPanels));
        int perChunk = (p.cin + chunks - 1) / chunks;
        int chunkCount = (p.cin + perChunk - 1) / perChunk;
        SimdGemmSplit split = split(p.aPanels, p.bPanels, threads);
        // stride 1 along rows: im2col by vectors from a zero-padded copy
        SimdConvGemmImage image = p.stride[2] == 1 && VECTOR_PACK ? new SimdConvGemmImage(p) : null;
        float[] xp = image != null ? cw.padded(image.paddedFloats()) : null;
        for (int n = 0; n < g.batch(); n++) {
            int xOff = n * p.cin * p.inPlane;
            int yOff = n * p.cout * p.positions;
            if (image != null) {
                image.pad(x, xOff, xp);
            }
            Parallel.forRange(p.aPanels * chunkCount, (u0, u1) -> {
                int[] offs = SimdConvWorkspace.worker().offsets(Math.max(p.taps * MR, SimdConvGemmImage.scratchInts()));
                for (int u = u0; u < u1; u++) {
                    int i = u / chunkCount;
                    int c0 = (u - i * chunkCount) * perChunk;
                    int c1 = Math.min(p.cin, c0 + perChunk);
                    if (image == null || !image.packPanel(xp, i, c0, c1, offs, a)) {
                        p.packImage(x, xOff, i, c0, c1, offs, a);
                    }
                }
            });
            Parallel.forRange(split.tasks(), (t0, t1) -> {
                for (int t = t0; t < t1; t++) {
                    int i0 = split.rowStart(t), i1 = split.rowEnd(t), j0 = split.colStart(t), j1 = split.colEnd(t);
                    p.multiply(a, bp, c, i0, i1, j0, j1);
                    p.writeOutput(c, i0, i1, j0, j1, bias, residual, relu, y, yOff);
                }
            });
        }
    }

    /**
     * Tasks over A panels (rows) and B panels (columns), in panel units: one dimension cut into contiguous ranges,
     * columns unless that balances worse (each task then reads its share of the weights once).
     */
    private static SimdGemmSplit split(int rowPanels, int colPanels, int threads) {
        int tasks = Math.min(threads, Math.max(rowPanels, colPanels));
        // work of the busiest task relative to an even share, for each way of cutting
        double colImbalance = Math.ceil((double) colPanels / tasks) * tasks / colPanels;
        double rowImbalance = Math.ceil((double) rowPanels / tasks) * tasks / rowPanels;
        boolean byColumns = colPanels >= tasks && colImbalance <= rowImbalance;
        return new SimdGemmSplit(rowPanels, colPanels, byColumns ? 1 : tasks, byColumns ? tasks : 1, 1, 1);
    }

    /** The dimensions of one call and the packing and sweeping that depend on them. */
    static final class Plan {
        final int cin;
        final int cout;
        final int taps;
        final int kDepth;
        final int positions;
        final int inPlane;
        final int[] in;
        final int[] out;
        final int[] k;
        final int[] stride;
        final int[] pad;
        final int[] padEnd;
        final int[] dil;
        final int aPanels;
        /** Height of the last A panel: 1, 4, 6 or 12 rows ({@link SimdConvGemmEdge#panelHeight}). */
        final int lastHeight;
        final int bPanels;
        /** Columns of C: Cout rounded up to whole B panels (the padding columns hold zero weights). */
        final int cCols;

        Plan(ConvGeometry g) {
            cin = g.inChannels();
            cout = g.outChannels();
            taps = g.kernelVolume();
            kDepth = cin * taps;
            positions = g.outSpatial();
            inPlane = g.inSpatial();
            in = SimdConv.to3d(g.inSize(), 1);
            out = SimdConv.to3d(g.outSize(), 1);
            k = SimdConv.to3d(g.kernel(), 1);
            stride = SimdConv.to3d(g.stride(), 1);
            pad = SimdConv.to3d(g.padBegin(), 0);
            padEnd = SimdConv.to3d(g.padEnd(), 0);
            dil = SimdConv.to3d(g.dilation(), 1);
            aPanels = (positions + MR - 1) / MR;
            int last = positions - (aPanels - 1) * MR;
            lastHeight = SimdConvGemmEdge.panelHeight(last);
            bPanels = (cout + NR - 1) / NR;
            cCols = bPanels * NR;
        }

        int aFloats() {
            return (aPanels - 1) * MR * kDepth + lastHeight * kDepth + SimdGemmPack.A_SLACK;
        }

        int cFloats() {
            // a block of TILE rows read past the last panel by the transposing write (its lanes are not stored)
            return (aPanels * MR + TILE) * cCols;
        }

        int height(int panel) {
            return panel == aPanels - 1 ? lastHeight : MR;
        }

        /** W [Cout][K] into B panels [panel][K][32]: B[k][co] = W[co][k], zero past Cout. */
        void packWeights(float[] w, float[] bp) {
            Parallel.forRange(bPanels, (j0, j1) -> {
                for (int j = j0; j < j1; j++) {
                    int base = j * kDepth * NR;
                    for (int jj = 0; jj < NR; jj++) {
                        int co = j * NR + jj;
                        if (co >= cout) {
                            for (int q = 0; q < kDepth; q++) {
                                bp[base + q * NR + jj] = 0f;
                            }
                            continue;
                        }
                        int src = co * kDepth;
                        for (int q = 0; q < kDepth; q++) {
                            bp[base + q * NR + jj] = w[src + q];
                        }
                    }
                }
            });
        }

        /**
         * Channels [c0, c1) of A panel {@code i}: for each channel and tap, the panel's positions read from the
         * image (zero in the padding and past the last position). {@code offs} gets each (tap, row)'s offset in a
         * channel plane, or -1.
         */
        void packImage(float[] x, int xOff, int i, int c0, int c1, int[] offs, float[] a) {
            int h = height(i);
            int p0 = i * MR;
            for (int r = 0; r < h; r++) {
                int p = p0 + r;
                if (p >= positions) {
                    for (int t = 0; t < taps; t++) {
                        offs[t * h + r] = -1;
                    }
                    continue;
                }
                int ow = p % out[2];
                int oh = p / out[2] % out[1];
                int od = p / (out[2] * out[1]);
                int t = 0;
                for (int kd = 0; kd < k[0]; kd++) {
                    int id = od * stride[0] - pad[0] + kd * dil[0];
                    for (int kh = 0; kh < k[1]; kh++) {
                        int ih = oh * stride[1] - pad[1] + kh * dil[1];
                        for (int kw = 0; kw < k[2]; kw++, t++) {
                            int iw = ow * stride[2] - pad[2] + kw * dil[2];
                            boolean inside = id >= 0 && id < in[0] && ih >= 0 && ih < in[1] && iw >= 0 && iw < in[2];
                            offs[t * h + r] = inside ? (id * in[1] + ih) * in[2] + iw : -1;
                        }
                    }
                }
            }
            int d = i * MR * kDepth + c0 * taps * h;
            int span = taps * h;
            for (int ci = c0; ci < c1; ci++) {
                int xb = xOff + ci * inPlane;
                for (int q = 0; q < span; q++) {
                    int o = offs[q];
                    a[d + q] = o < 0 ? 0f : x[xb + o];
                }
                d += span;
            }
        }

        /** C rows of A panels [i0, i1) x columns of B panels [j0, j1). */
        void multiply(float[] a, float[] bp, float[] c, int i0, int i1, int j0, int j1) {
            for (int pc = 0; pc < kDepth; pc += KC) {
                int kc = Math.min(KC, kDepth - pc);
                float beta = pc == 0 ? 0f : 1f;
                for (int j = j0; j < j1; j++) {
                    int bo = j * kDepth * NR + pc * NR;
                    for (int i = i0; i < i1; i++) {
                        int h = height(i);
                        int ao = i * MR * kDepth + pc * h;
                        int co = i * MR * cCols + j * NR;
                        switch (h) {
                            case MR -> SimdGemmMicro.tile12x2(kc, a, ao, bp, bo, c, co, cCols, beta);
                            case MR_SHORT -> SimdGemmMicro.tile(MR_SHORT, 2, kc, a, ao, bp, bo, c, co, cCols, beta);
                            case 4 -> SimdConvGemmEdge.tile4x2(kc, a, ao, bp, bo, c, co, cCols, beta);
                            default -> SimdConvGemmEdge.tile1x2(kc, a, ao, bp, bo, c, co, beta);
                        }
                    }
                }
            }
        }

        /** out[co][p] = relu?(C[p][co] + bias[co] + residual[co][p]) over the task's block. */
        void writeOutput(float[] c, int i0, int i1, int j0, int j1, float[] bias, float[] residual, boolean relu,
                float[] y, int yOff) {
            int p0 = i0 * MR;
            int p1 = Math.min(positions, i1 * MR);
            int c1 = Math.min(cout, j1 * NR);
            int co0 = j0 * NR;
            if (SimdGemmTranspose.AVAILABLE) {
                // 16 x 16 blocks through the lane-select transpose: reading C down its columns one float at a
                // time took 6% of a ResNet-18 forward
                float[] t = SimdConvWorkspace.worker().wide(TILE * TILE);
                for (int p = p0; p < p1; p += TILE) {
                    int n = Math.min(TILE, p1 - p);
                    VectorMask<Float> m = SimdConvLayout.SPECIES.indexInRange(0, n);
                    for (int co = co0; co < c1; co += TILE) {
                        SimdGemmTranspose.transpose16(c, p * cCols + co, cCols, t, 0, TILE);
                        for (int r = 0, rows = Math.min(TILE, c1 - co); r < rows; r++) {
                            SimdConvGemmEdge.epilogue(t, r * TILE, bias == null ? 0f : bias[co + r], residual,
                                    relu, y, yOff + (co + r) * positions + p, n, m);
                        }
                    }
                }
                return;
            }
            for (int co = co0; co < c1; co++) {
                float b = bias == null ? 0f : bias[co];
                int yo = yOff + co * positions;
                for (int p = p0; p < p1; p++) {
                    float v = c[p * cCols + co] + b;
                    if (residual != null) {
                        v += residual[yo + p];
                    }
                    y[yo + p] = relu ? Math.max(v, 0f) : v;
                }
            }
        }
    }
}
