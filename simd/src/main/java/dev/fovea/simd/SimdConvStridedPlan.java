package dev.fovea.simd;

import dev.fovea.kernel.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The phases of one strided convolution (one group, dilation 1; 1D and 2D seen as 3D) as {@link
 * SimdConvStridedBackward} uses them: per phase, which taps it owns, and how one phase plane moves between an input
 * (or input-gradient) plane and a buffer. Phase planes, residues and extents are those of
 * {@link SimdConvStrided.Phases}, so the forward and backward passes agree on the layout.
 *
 * <p>Phase {@code ph} has residue {@code r} per dimension and owns the taps {@code t = q*s + r < k}, {@code q <
 * kq = ceil((k - r)/s)}. In backward data it reads padded dOut (padding {@code kp - 1}, {@code kp = ceil(k/s)})
 * at shift {@code u = kp - 1 - q}; in backward weight tap t reads its phase plane at shift {@code t / s}.
 */
final class SimdConvStridedPlan {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    /**
     * Lane indices 0, 2, ..., 30 over two source vectors: the even elements of 32 consecutive floats, for the
     * stride-2 gather of {@link #transfer} (16 lanes only, AVX-512; otherwise the scalar loop). A static final so
     * C2 knows the exact vector class (see SimdGemmTranspose).
     */
    private static final FloatVector EVEN = S.length() == 16 ? evenLanes() : null;

    private static FloatVector evenLanes() {
        float[] idx = new float[16];
        for (int l = 0; l < 16; l++) {
            idx[l] = 2 * l;
        }
        return FloatVector.fromArray(S, idx, 0);
    }
    final int batch;
    final int cin;
    final int cout;
    final int[] in;
    final int[] k;
    final int[] s;
    final int[] pad;
    final int[] out;
    /** Phase plane extent per dimension ({@code out + kp - 1}) and the phase kernel extent {@code ceil(k/s)}. */
    final int[] ext;
    final int[] kp = new int[3];
    final int phases;
    final int plane;
    final int inSpatial;
    final int taps;
    /** Largest tap shift inside a phase plane (backward weight reads that far past a position). */
    final int maxShift;
    /**
     * Whether every input element has a phase position (every residue is used and the last input lies within the
     * phase planes), so scattering phase planes back writes all of an input gradient and needs no zeroing first.
     */
    final boolean phasesCoverInput;
    /** Per phase: residue per dimension, number of taps, and each tap's dOut shift index (kp grid) and tap. */
    final int[][] residue;
    /**
     * Per phase, the phase indices [from, to) per dimension whose input lies inside the image ({@link #inside},
     * {@link #insideEnd}): computed once, since {@link #transfer} runs once per channel, phase and image, and for
     * small planes their six floor divisions cost as much as the plane's copy.
     */
    private final int[][] insideRange;
    final int[] phaseTaps;
    final int[][] phaseShift;
    final int[][] phaseTap;
    /** Per phase: first step in the backward-data offsets and first float of its packed weights. */
    final int[] offBase;
    final int[] weightBase;
    /** Per tap of the kernel: its phase and its shift inside the phase plane. */
    final int[] tapPhase;
    final int[] tapShift;

    SimdConvStridedPlan(ConvGeometry g) {
        SimdConvStrided.Phases ph = new SimdConvStrided.Phases(g);
        batch = g.batch();
        cin = g.inChannels();
        cout = g.outChannels();
        in = ph.in;
        k = ph.k;
        s = ph.s;
        pad = ph.pad;
        out = ph.out;
        ext = ph.ext;
        for (int d = 0; d < 3; d++) {
            kp[d] = ext[d] - out[d] + 1;
        }
        phases = ph.perChannel;
        plane = ph.plane;
        inSpatial = in[0] * in[1] * in[2];
        taps = ph.taps;
        maxShift = ph.maxShift;
        residue = new int[phases][3];
        phaseTaps = new int[phases];
        phaseShift = new int[phases][];
        phaseTap = new int[phases][];
        offBase = new int[phases];
        weightBase = new int[phases];
        int blocks = (cin + SimdConvMicro.ROWS - 1) / SimdConvMicro.ROWS;
        int p = 0;
        int steps = 0;
        for (int r0 : ph.residues[0]) {
            for (int r1 : ph.residues[1]) {
                for (int r2 : ph.residues[2]) {
                    int[] r = {r0, r1, r2};
                    int[] kq = new int[3];
                    for (int d = 0; d < 3; d++) {
                        kq[d] = (k[d] - r[d] + s[d] - 1) / s[d];
                    }
                    int n = kq[0] * kq[1] * kq[2];
                    residue[p] = r;
                    phaseTaps[p] = n;
                    phaseShift[p] = new int[n];
                    phaseTap[p] = new int[n];
                    int i = 0;
                    for (int q0 = 0; q0 < kq[0]; q0++) {
                        for (int q1 = 0; q1 < kq[1]; q1++) {
                            for (int q2 = 0; q2 < kq[2]; q2++, i++) {
                                int u0 = kp[0] - 1 - q0;
                                int u1 = kp[1] - 1 - q1;
                                int u2 = kp[2] - 1 - q2;
                                phaseShift[p][i] = (u0 * kp[1] + u1) * kp[2] + u2;
                                phaseTap[p][i] = ((q0 * s[0] + r0) * k[1] + q1 * s[1] + r1) * k[2] + q2 * s[2] + r2;
                            }
                        }
                    }
                    offBase[p] = steps;
                    weightBase[p] = steps * blocks * SimdConvMicro.ROWS;
                    steps += cout * n;
                    p++;
                }
            }
        }
        boolean covers = true;
        for (int d = 0; d < 3; d++) {
            covers &= ph.residues[d].length == s[d] && (in[d] - 1 + pad[d]) / s[d] < ext[d];
        }
        phasesCoverInput = covers;
        insideRange = new int[phases][6];
        for (int q = 0; q < phases; q++) {
            for (int d = 0; d < 3; d++) {
                insideRange[q][2 * d] = inside(d, residue[q][d]);
                insideRange[q][2 * d + 1] = insideEnd(d, residue[q][d]);
            }
        }
        tapPhase = new int[taps];
        tapShift = new int[taps];
        int t = 0;
        for (int t0 = 0; t0 < k[0]; t0++) {
            for (int t1 = 0; t1 < k[1]; t1++) {
                for (int t2 = 0; t2 < k[2]; t2++, t++) {
                    tapPhase[t] = (ph.phaseOf[0][t0 % s[0]] * ph.residues[1].length + ph.phaseOf[1][t1 % s[1]])
                            * ph.residues[2].length + ph.phaseOf[2][t2 % s[2]];
                    tapShift[t] = ((t0 / s[0]) * ext[1] + t1 / s[1]) * ext[2] + t2 / s[2];
                }
            }
        }
    }

    /** dOut padded by kp - 1 on both sides: its wide plane (and output) is exactly one phase plane. */
    SimdConvLayout dOutLayout() {
        int[] pd = {kp[0] - 1, kp[1] - 1, kp[2] - 1};
        SimdConvLayout l = new SimdConvLayout(batch, cout, cin, 1, out, pd, pd, kp, new int[] {1, 1, 1});
        assert l.plane == plane && l.out[0] * l.out[1] * l.out[2] == plane;
        return l;
    }

    /** Phase planes as a stride-1 input of kernel kp: positions, gaps and dOut transposition for backward weight. */
    SimdConvLayout phaseLayout() {
        SimdConvLayout l = new SimdConvLayout(batch, cin * phases, cout, 1, ext, new int[3], new int[3], kp,
                new int[] {1, 1, 1});
        assert l.plane == plane && l.outSpatial == out[0] * out[1] * out[2];
        return l;
    }

    /** Backward-data steps over all phases: (dOut channel, phase tap). */
    int dataSteps() {
        return offBase[phases - 1] + cout * phaseTaps[phases - 1];
    }

    int packedDataWeightFloats() {
        return dataSteps() * ((cin + SimdConvMicro.ROWS - 1) / SimdConvMicro.ROWS) * SimdConvMicro.ROWS;
    }

    /**
     * Backward-data weights per phase: [row block of input channels][co*phaseTaps + i][ROWS], row j of block rb
     * being input channel {@code rb*ROWS + j} (zero past cin), value {@code w[co][ci][phaseTap[i]]}.
     */
    void packDataWeights(float[] w, float[] wp) {
        int rows = SimdConvMicro.ROWS;
        int blocks = (cin + rows - 1) / rows;
        for (int p = 0; p < phases; p++) {
            int n = phaseTaps[p];
            for (int rb = 0; rb < blocks; rb++) {
                int base = weightBase[p] + rb * cout * n * rows;
                for (int co = 0; co < cout; co++) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < rows; j++) {
                            int ci = rb * rows + j;
                            wp[base + (co * n + i) * rows + j] = ci < cin ? w[(co * cin + ci) * taps + phaseTap[p][i]]
                                    : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Step offsets of every phase for a sub-batch of b images packed by {@code l} (see {@link #dOutLayout}). */
    void dataOffsets(SimdConvLayout l, int b, int[] offs) {
        for (int p = 0; p < phases; p++) {
            int n = phaseTaps[p];
            for (int c = 0; c < cout; c++) {
                for (int i = 0; i < n; i++) {
                    offs[offBase[p] + c * n + i] = c * b * l.plane + l.shifts[phaseShift[p][i]];
                }
            }
        }
    }

    /**
     * Images [n0, n0+b) of x into phase planes [channel][phase][image][plane], so each phase of a channel holds the
     * sub-batch end to end, followed by {@code slack} zeros (loads past the last plane meet dOut zeros or feed
     * dropped outputs, but must not be NaN).
     */
    void packPhases(float[] x, int n0, int b, float[] xp, int slack) {
        int positions = b * plane;
        for (int c = 0; c < cin; c++) {
            for (int p = 0; p < phases; p++) {
                for (int j = 0; j < b; j++) {
                    transfer(x, ((n0 + j) * cin + c) * inSpatial, xp, (c * phases + p) * positions + j * plane, p,
                            false);
                }
            }
        }
        int floats = cin * phases * positions;
        Arrays.fill(xp, floats, floats + slack, 0f);
    }

    /** Step (channel c, tap t) at {@code c*taps + t}: its phase plane of a packed sub-batch of b, at its shift. */
    void tapOffsets(int b, int[] offs) {
        for (int c = 0; c < cin; c++) {
            for (int t = 0; t < taps; t++) {
                offs[c * taps + t] = (c * phases + tapPhase[t]) * b * plane + tapShift[t];
            }
        }
    }

    /**
     * Phase plane {@code p} at {@code at} in {@code buf} filled from the plane at {@code from} in {@code img}
     * (zeros where it lies outside the input), or with {@code back} written into it: each input element belongs
     * to one phase position at most, so the phases of one plane fill disjoint elements. Packing zeroes the plane
     * with one fill, then copies only the rows inside the input: per-row zero loops of one or two elements (rows
     * are out + 1 long) cost more than the copy (per core, 64 images of ResNet-20's 32x32 -> 16x16 layer: forward
     * 2.3-2.4 -> 2.0-2.1 ms, backward weight 2.5 -> 2.1-2.2 ms against SimdConvStrided.Phases's row loops).
     */
    void transfer(float[] img, int from, float[] buf, int at, int p, boolean back) {
        int r0 = residue[p][0];
        int r1 = residue[p][1];
        int r2 = residue[p][2];
        int st = s[2];
        if (!back) {
            Arrays.fill(buf, at, at + plane, 0f);
        }
        // phase rows and columns j whose input j*s + r - pad lies inside [0, in)
        int[] range = insideRange[p];
        int a0 = range[0];
        int b0 = range[1];
        int a1 = range[2];
        int b1 = range[3];
        int jLo = range[4];
        int jHi = range[5];
        // stride 2 forward: the even elements of each row span by a two-source lane select, 16 at a time; the
        // scalar gather was a quarter of the strided layers' time (ResNet-20's 16x16 -> 8x8 layer, per core)
        boolean lanes = !back && st == 2 && EVEN != null;
        int full = lanes ? (jHi - jLo) / 16 * 16 : 0;
        VectorMask<Float> tail = lanes ? S.indexInRange(0, jHi - jLo - full) : null;
        for (int j0 = a0; j0 < b0; j0++) {
            int i0 = j0 * s[0] + r0 - pad[0];
            for (int j1 = a1; j1 < b1; j1++) {
                int i1 = j1 * s[1] + r1 - pad[1];
                int row = at + (j0 * ext[1] + j1) * ext[2];
                int src = from + (i0 * in[1] + i1) * in[2] + r2 - pad[2];
                if (back) {
                    for (int j = jLo; j < jHi; j++) {
                        img[src + j * st] = buf[row + j];
                    }
                } else if (st == 2) {
                    int j = jLo;
                    if (lanes) {
                        for (int end = jLo + full; j < end && src + 2 * j + 32 <= img.length; j += 16) {
                            EVEN.selectFrom(FloatVector.fromArray(S, img, src + 2 * j),
                                    FloatVector.fromArray(S, img, src + 2 * j + 16)).intoArray(buf, row + j);
                        }
                        if (j == jLo + full && j < jHi && src + 2 * j + 32 <= img.length) {
                            EVEN.selectFrom(FloatVector.fromArray(S, img, src + 2 * j),
                                    FloatVector.fromArray(S, img, src + 2 * j + 16)).intoArray(buf, row + j, tail);
                            j = jHi;
                        }
                    }
                    // a constant stride for the common case (and the last rows of the array)
                    for (; j < jHi; j++) {
                        buf[row + j] = img[src + 2 * j];
                    }
                } else {
                    for (int j = jLo; j < jHi; j++) {
                        buf[row + j] = img[src + j * st];
                    }
                }
            }
        }
    }

    /**
     * The whole input plane at {@code to} in {@code img} from its phase planes (phase p at {@code base +
     * p*phaseStride} in {@code buf}), when the phases cover the input and the innermost stride is 2: each input
     * row interleaves two phase rows, so it is written front to back instead of by four strided passes
     * (backward data's scatter).
     */
    void gatherCovered(float[] buf, int base, int phaseStride, float[] img, int to) {
        assert phasesCoverInput && s[2] == 2;
        // input column 2m is residue a at phase column ja + m, column 2m + 1 the other residue at jb + m
        int a = pad[2] & 1;
        int ja = pad[2] >> 1;
        int jb = (pad[2] + 1) >> 1;
        int pairs = in[2] >> 1;
        boolean odd = (in[2] & 1) != 0;
        for (int i0 = 0; i0 < in[0]; i0++) {
            int r0 = (i0 + pad[0]) % s[0];
            int j0 = (i0 + pad[0]) / s[0];
            for (int i1 = 0; i1 < in[1]; i1++) {
                int r1 = (i1 + pad[1]) % s[1];
                int j1 = (i1 + pad[1]) / s[1];
                // covered: every residue is a phase, numbered in residue order
                int outer = (r0 * s[1] + r1) * 2;
                int row = (j0 * ext[1] + j1) * ext[2];
                int pa = base + (outer + a) * phaseStride + row + ja;
                int pb = base + (outer + 1 - a) * phaseStride + row + jb;
                int o = to + (i0 * in[1] + i1) * in[2];
                for (int m = 0; m < pairs; m++) {
                    img[o + 2 * m] = buf[pa + m];
                    img[o + 2 * m + 1] = buf[pb + m];
                }
                if (odd) {
                    img[o + in[2] - 1] = buf[pa + pairs];
                }
            }
        }
    }

    /**
     * Phase p's index ranges whose inputs lie inside the input: {from, to} per dimension (D, H, W), six values.
     * Shared, not a copy: callers must not write to it.
     */
    int[] insideRange(int p) {
        return insideRange[p];
    }

    /** First phase index along dimension d (residue r) whose input lies inside the input, clamped to [0, ext). */
    private int inside(int d, int r) {
        return Math.min(ext[d], Math.max(0, Math.floorDiv(pad[d] - r + s[d] - 1, s[d])));
    }

    /** One past the last such index. */
    private int insideEnd(int d, int r) {
        return Math.max(inside(d, r), Math.min(ext[d], Math.floorDiv(in[d] + pad[d] - r + s[d] - 1, s[d])));
    }
}
