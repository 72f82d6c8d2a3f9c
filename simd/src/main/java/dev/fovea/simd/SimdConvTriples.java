package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward weight of the channel-vectorised path ({@link SimdConvChannelsWeight}) for kernels three taps wide with
 * no horizontal dilation (every 3x3 convolution): the three taps of a kernel row read three neighbouring source
 * floats, so one "row step" (source channel, kernel row) covers all three with one source offset, and dOut comes in
 * blocks of 32 channels with a constant stride, so C2 hoists its bounds checks out of the loop. Both cut the
 * address arithmetic and range checks that compete with the FMAs for execution ports: 12 steps x 32 channels ran
 * at 147 GFLOP/s per core on L1-resident data against 135 for the six-step, 64-channel per-tap kernel and 113 for
 * the eight-step, 32-channel one; whole backward-weight passes were 12% faster on CIFAR ResNet's 8x8x64 and
 * 16x16x32 layers (the latter against the wide path, which it now replaces there).
 *
 * <p>The same row-step idea for the forward tile (8 positions x 32 channels, three taps per iteration) measured 8%
 * faster on L1-resident data but 3-5% slower in whole passes in an earlier version. Its current form
 * ({@link SimdConvChannelsMicro#tile8x2Row3}, which also shares each source value's broadcast between the taps that
 * read it) ran whole forward passes on 16x16x32 and 8x8x64 at 1.75-1.90 ms against 1.68-2.05 ms for the per-tap
 * kernel in five alternating pairs of JVMs (less spread, about as fast), and whole ResNet-20 steps the same within
 * noise; it is kept for forward and backward data.
 *
 * <p>Step {@code s} of the per-tap kernels is row step {@code s / 3}, tap {@code s % 3}; the row step's source
 * offset is the per-tap offset array at {@code 3 * r} (its taps follow at +1, +2).
 *
 * <p>Each accumulator is its own local so C2 keeps it in a register.
 */
final class SimdConvTriples {
    private static final VectorSpecies<Float> S = SimdConvLayout.SPECIES;
    private static final int VL = SimdConvLayout.VL;
    /** Output channels per block: two vectors. */
    static final int CO = SimdConvChannelsMicro.CO;
    /** Row steps per backward-weight call: twelve steps. */
    static final int ROW_STEPS = 4;

    /** -Dfovea.conv.triples=false keeps backward weight on the per-tap kernels (for measuring both). */
    static final boolean ENABLED = !"false".equals(System.getProperty("fovea.conv.triples"));

    private SimdConvTriples() {}

    /** Whether every kernel row is three taps on neighbouring source floats (so offs[3r + k] = offs[3r] + k). */
    static boolean applies(SimdConvLayout l) {
        return rowsOf(l, 3);
    }

    /** Whether the taps come in rows of {@code width} on neighbouring source floats. */
    static boolean rowsOf(SimdConvLayout l, int width) {
        if (l.taps % width != 0) {
            return false;
        }
        for (int t = 0; t < l.taps; t++) {
            if (l.shifts[t] != l.shifts[t - t % width] + t % width) {
                return false;
            }
        }
        return true;
    }

    /**
     * Backward weight, four row steps (twelve steps) x one block of CO output channels: {@code t[tb + (3i+k)*ld + c]
     * += Σ_p x[o_i + k + src(p)] * dy[(p0 + p)*CO + c]} over the positions of {@code rows} output rows of
     * {@code width}, row j starting at source offset {@code rowBase[j]}. dOut comes in blocks of CO channels
     * ([position][CO]) so its stride is a compile-time constant: C2 then hoists the bounds checks of its loads.
     */
    static void weight4x2(float[] x, int[] rowBase, int rows, int width, int o0, int o1, int o2, int o3,
            float[] dy, int p0, float[] t, int tb, int ld) {
        FloatVector a000 = FloatVector.fromArray(S, t, tb + 0 * ld + 0 * VL);
        FloatVector a001 = FloatVector.fromArray(S, t, tb + 0 * ld + 1 * VL);
        FloatVector a010 = FloatVector.fromArray(S, t, tb + 1 * ld + 0 * VL);
        FloatVector a011 = FloatVector.fromArray(S, t, tb + 1 * ld + 1 * VL);
        FloatVector a020 = FloatVector.fromArray(S, t, tb + 2 * ld + 0 * VL);
        FloatVector a021 = FloatVector.fromArray(S, t, tb + 2 * ld + 1 * VL);
        FloatVector a030 = FloatVector.fromArray(S, t, tb + 3 * ld + 0 * VL);
        FloatVector a031 = FloatVector.fromArray(S, t, tb + 3 * ld + 1 * VL);
        FloatVector a040 = FloatVector.fromArray(S, t, tb + 4 * ld + 0 * VL);
        FloatVector a041 = FloatVector.fromArray(S, t, tb + 4 * ld + 1 * VL);
        FloatVector a050 = FloatVector.fromArray(S, t, tb + 5 * ld + 0 * VL);
        FloatVector a051 = FloatVector.fromArray(S, t, tb + 5 * ld + 1 * VL);
        FloatVector a060 = FloatVector.fromArray(S, t, tb + 6 * ld + 0 * VL);
        FloatVector a061 = FloatVector.fromArray(S, t, tb + 6 * ld + 1 * VL);
        FloatVector a070 = FloatVector.fromArray(S, t, tb + 7 * ld + 0 * VL);
        FloatVector a071 = FloatVector.fromArray(S, t, tb + 7 * ld + 1 * VL);
        FloatVector a080 = FloatVector.fromArray(S, t, tb + 8 * ld + 0 * VL);
        FloatVector a081 = FloatVector.fromArray(S, t, tb + 8 * ld + 1 * VL);
        FloatVector a090 = FloatVector.fromArray(S, t, tb + 9 * ld + 0 * VL);
        FloatVector a091 = FloatVector.fromArray(S, t, tb + 9 * ld + 1 * VL);
        FloatVector a100 = FloatVector.fromArray(S, t, tb + 10 * ld + 0 * VL);
        FloatVector a101 = FloatVector.fromArray(S, t, tb + 10 * ld + 1 * VL);
        FloatVector a110 = FloatVector.fromArray(S, t, tb + 11 * ld + 0 * VL);
        FloatVector a111 = FloatVector.fromArray(S, t, tb + 11 * ld + 1 * VL);
        int pr = p0;
        for (int j = 0; j < rows; j++, pr += width) {
            int rb = rowBase[j];
            int x0 = o0 + rb;
            int x1 = o1 + rb;
            int x2 = o2 + rb;
            int x3 = o3 + rb;
            for (int q = 0; q < width; q++) {
                FloatVector d0 = FloatVector.fromArray(S, dy, (pr + q) * CO + 0 * VL);
                FloatVector d1 = FloatVector.fromArray(S, dy, (pr + q) * CO + 1 * VL);
                FloatVector b00 = FloatVector.broadcast(S, x[x0 + q + 0]);
                a000 = d0.fma(b00, a000);
                a001 = d1.fma(b00, a001);
                FloatVector b01 = FloatVector.broadcast(S, x[x0 + q + 1]);
                a010 = d0.fma(b01, a010);
                a011 = d1.fma(b01, a011);
                FloatVector b02 = FloatVector.broadcast(S, x[x0 + q + 2]);
                a020 = d0.fma(b02, a020);
                a021 = d1.fma(b02, a021);
                FloatVector b03 = FloatVector.broadcast(S, x[x1 + q + 0]);
                a030 = d0.fma(b03, a030);
                a031 = d1.fma(b03, a031);
                FloatVector b04 = FloatVector.broadcast(S, x[x1 + q + 1]);
                a040 = d0.fma(b04, a040);
                a041 = d1.fma(b04, a041);
                FloatVector b05 = FloatVector.broadcast(S, x[x1 + q + 2]);
                a050 = d0.fma(b05, a050);
                a051 = d1.fma(b05, a051);
                FloatVector b06 = FloatVector.broadcast(S, x[x2 + q + 0]);
                a060 = d0.fma(b06, a060);
                a061 = d1.fma(b06, a061);
                FloatVector b07 = FloatVector.broadcast(S, x[x2 + q + 1]);
                a070 = d0.fma(b07, a070);
                a071 = d1.fma(b07, a071);
                FloatVector b08 = FloatVector.broadcast(S, x[x2 + q + 2]);
                a080 = d0.fma(b08, a080);
                a081 = d1.fma(b08, a081);
                FloatVector b09 = FloatVector.broadcast(S, x[x3 + q + 0]);
                a090 = d0.fma(b09, a090);
                a091 = d1.fma(b09, a091);
                FloatVector b10 = FloatVector.broadcast(S, x[x3 + q + 1]);
                a100 = d0.fma(b10, a100);
                a101 = d1.fma(b10, a101);
                FloatVector b11 = FloatVector.broadcast(S, x[x3 + q + 2]);
                a110 = d0.fma(b11, a110);
                a111 = d1.fma(b11, a111);
            }
        }
        a000.intoArray(t, tb + 0 * ld + 0 * VL);
        a001.intoArray(t, tb + 0 * ld + 1 * VL);
        a010.intoArray(t, tb + 1 * ld + 0 * VL);
        a011.intoArray(t, tb + 1 * ld + 1 * VL);
        a020.intoArray(t, tb + 2 * ld + 0 * VL);
        a021.intoArray(t, tb + 2 * ld + 1 * VL);
        a030.intoArray(t, tb + 3 * ld + 0 * VL);
        a031.intoArray(t, tb + 3 * ld + 1 * VL);
        a040.intoArray(t, tb + 4 * ld + 0 * VL);
        a041.intoArray(t, tb + 4 * ld + 1 * VL);
        a050.intoArray(t, tb + 5 * ld + 0 * VL);
        a051.intoArray(t, tb + 5 * ld + 1 * VL);
        a060.intoArray(t, tb + 6 * ld + 0 * VL);
        a061.intoArray(t, tb + 6 * ld + 1 * VL);
        a070.intoArray(t, tb + 7 * ld + 0 * VL);
        a071.intoArray(t, tb + 7 * ld + 1 * VL);
        a080.intoArray(t, tb + 8 * ld + 0 * VL);
        a081.intoArray(t, tb + 8 * ld + 1 * VL);
        a090.intoArray(t, tb + 9 * ld + 0 * VL);
        a091.intoArray(t, tb + 9 * ld + 1 * VL);
        a100.intoArray(t, tb + 10 * ld + 0 * VL);
        a101.intoArray(t, tb + 10 * ld + 1 * VL);
        a110.intoArray(t, tb + 11 * ld + 0 * VL);
        a111.intoArray(t, tb + 11 * ld + 1 * VL);
    }

    /**
     * As {@link #weight4x2} for a stride-2 convolution on its stride-1 padded planes: position q of a row reads the
     * source at {@code 2q + k}. Its own copy, with the stride written out, so the loads keep constant offsets (the
     * channel forward's kernel with the stride in a register ran 20% slower).
     */
    static void weight4x2Stride2(float[] x, int[] rowBase, int rows, int width, int o0, int o1, int o2, int o3,
            float[] dy, int p0, float[] t, int tb, int ld) {
        FloatVector a000 = FloatVector.fromArray(S, t, tb + 0 * ld + 0 * VL);
        FloatVector a001 = FloatVector.fromArray(S, t, tb + 0 * ld + 1 * VL);
        FloatVector a010 = FloatVector.fromArray(S, t, tb + 1 * ld + 0 * VL);
        FloatVector a011 = FloatVector.fromArray(S, t, tb + 1 * ld + 1 * VL);
        FloatVector a020 = FloatVector.fromArray(S, t, tb + 2 * ld + 0 * VL);
        FloatVector a021 = FloatVector.fromArray(S, t, tb + 2 * ld + 1 * VL);
        FloatVector a030 = FloatVector.fromArray(S, t, tb + 3 * ld + 0 * VL);
        FloatVector a031 = FloatVector.fromArray(S, t, tb + 3 * ld + 1 * VL);
        FloatVector a040 = FloatVector.fromArray(S, t, tb + 4 * ld + 0 * VL);
        FloatVector a041 = FloatVector.fromArray(S, t, tb + 4 * ld + 1 * VL);
        FloatVector a050 = FloatVector.fromArray(S, t, tb + 5 * ld + 0 * VL);
        FloatVector a051 = FloatVector.fromArray(S, t, tb + 5 * ld + 1 * VL);
        FloatVector a060 = FloatVector.fromArray(S, t, tb + 6 * ld + 0 * VL);
        FloatVector a061 = FloatVector.fromArray(S, t, tb + 6 * ld + 1 * VL);
        FloatVector a070 = FloatVector.fromArray(S, t, tb + 7 * ld + 0 * VL);
        FloatVector a071 = FloatVector.fromArray(S, t, tb + 7 * ld + 1 * VL);
        FloatVector a080 = FloatVector.fromArray(S, t, tb + 8 * ld + 0 * VL);
        FloatVector a081 = FloatVector.fromArray(S, t, tb + 8 * ld + 1 * VL);
        FloatVector a090 = FloatVector.fromArray(S, t, tb + 9 * ld + 0 * VL);
        FloatVector a091 = FloatVector.fromArray(S, t, tb + 9 * ld + 1 * VL);
        FloatVector a100 = FloatVector.fromArray(S, t, tb + 10 * ld + 0 * VL);
        FloatVector a101 = FloatVector.fromArray(S, t, tb + 10 * ld + 1 * VL);
        FloatVector a110 = FloatVector.fromArray(S, t, tb + 11 * ld + 0 * VL);
        FloatVector a111 = FloatVector.fromArray(S, t, tb + 11 * ld + 1 * VL);
        int pr = p0;
        for (int j = 0; j < rows; j++, pr += width) {
            int rb = rowBase[j];
            int x0 = o0 + rb;
            int x1 = o1 + rb;
            int x2 = o2 + rb;
            int x3 = o3 + rb;
            for (int q = 0; q < width; q++) {
                FloatVector d0 = FloatVector.fromArray(S, dy, (pr + q) * CO + 0 * VL);
                FloatVector d1 = FloatVector.fromArray(S, dy, (pr + q) * CO + 1 * VL);
                FloatVector b00 = FloatVector.broadcast(S, x[x0 + 2 * q + 0]);
                a000 = d0.fma(b00, a000);
                a001 = d1.fma(b00, a001);
                FloatVector b01 = FloatVector.broadcast(S, x[x0 + 2 * q + 1]);
                a010 = d0.fma(b01, a010);
                a011 = d1.fma(b01, a011);
                FloatVector b02 = FloatVector.broadcast(S, x[x0 + 2 * q + 2]);
                a020 = d0.fma(b02, a020);
                a021 = d1.fma(b02, a021);
                FloatVector b03 = FloatVector.broadcast(S, x[x1 + 2 * q + 0]);
                a030 = d0.fma(b03, a030);
                a031 = d1.fma(b03, a031);
                FloatVector b04 = FloatVector.broadcast(S, x[x1 + 2 * q + 1]);
                a040 = d0.fma(b04, a040);
                a041 = d1.fma(b04, a041);
                FloatVector b05 = FloatVector.broadcast(S, x[x1 + 2 * q + 2]);
                a050 = d0.fma(b05, a050);
                a051 = d1.fma(b05, a051);
                FloatVector b06 = FloatVector.broadcast(S, x[x2 + 2 * q + 0]);
                a060 = d0.fma(b06, a060);
                a061 = d1.fma(b06, a061);
                FloatVector b07 = FloatVector.broadcast(S, x[x2 + 2 * q + 1]);
                a070 = d0.fma(b07, a070);
                a071 = d1.fma(b07, a071);
                FloatVector b08 = FloatVector.broadcast(S, x[x2 + 2 * q + 2]);
                a080 = d0.fma(b08, a080);
                a081 = d1.fma(b08, a081);
                FloatVector b09 = FloatVector.broadcast(S, x[x3 + 2 * q + 0]);
                a090 = d0.fma(b09, a090);
                a091 = d1.fma(b09, a091);
                FloatVector b10 = FloatVector.broadcast(S, x[x3 + 2 * q + 1]);
                a100 = d0.fma(b10, a100);
                a101 = d1.fma(b10, a101);
                FloatVector b11 = FloatVector.broadcast(S, x[x3 + 2 * q + 2]);
                a110 = d0.fma(b11, a110);
                a111 = d1.fma(b11, a111);
            }
        }
        a000.intoArray(t, tb + 0 * ld + 0 * VL);
        a001.intoArray(t, tb + 0 * ld + 1 * VL);
        a010.intoArray(t, tb + 1 * ld + 0 * VL);
        a011.intoArray(t, tb + 1 * ld + 1 * VL);
        a020.intoArray(t, tb + 2 * ld + 0 * VL);
        a021.intoArray(t, tb + 2 * ld + 1 * VL);
        a030.intoArray(t, tb + 3 * ld + 0 * VL);
        a031.intoArray(t, tb + 3 * ld + 1 * VL);
        a040.intoArray(t, tb + 4 * ld + 0 * VL);
        a041.intoArray(t, tb + 4 * ld + 1 * VL);
        a050.intoArray(t, tb + 5 * ld + 0 * VL);
        a051.intoArray(t, tb + 5 * ld + 1 * VL);
        a060.intoArray(t, tb + 6 * ld + 0 * VL);
        a061.intoArray(t, tb + 6 * ld + 1 * VL);
        a070.intoArray(t, tb + 7 * ld + 0 * VL);
        a071.intoArray(t, tb + 7 * ld + 1 * VL);
        a080.intoArray(t, tb + 8 * ld + 0 * VL);
        a081.intoArray(t, tb + 8 * ld + 1 * VL);
        a090.intoArray(t, tb + 9 * ld + 0 * VL);
        a091.intoArray(t, tb + 9 * ld + 1 * VL);
        a100.intoArray(t, tb + 10 * ld + 0 * VL);
        a101.intoArray(t, tb + 10 * ld + 1 * VL);
        a110.intoArray(t, tb + 11 * ld + 0 * VL);
        a111.intoArray(t, tb + 11 * ld + 1 * VL);
    }

    /** Output channels per block of {@link #weight5x3x1} and {@link #weight5x2x1}: one vector. */
    static final int NARROW = VL;

    /**
     * Backward weight, row steps of a 5-wide kernel x one vector of output channels, for layers with 16 output
     * channels such as LeNet-5's second convolution (whose per-tap and wide kernels computed half their lanes or
     * positions for nothing): {@code t[tb + (5i+k)*ld + c] += Σ_p x[o_i + k + src(p)] * dy[(p0 + p)*VL + c]} over the
     * positions of {@code rows} output rows of {@code width}, row j starting at source offset {@code rowBase[j]}.
     * A 5x5 kernel takes {@link #weight5x3x1} (kernel rows 0-2, 15 accumulators) then {@link #weight5x2x1} (rows 3-4):
     * one method with all 25 accumulators needed 74 MB of C2 compiler memory, which alone put LeNet-5 training over
     * its peak-RSS budget; split, each compiles in less and the extra dOut load per position is one in 15 FMAs.
     */
    static void weight5x3x1(float[] x, int[] rowBase, int rows, int width, int o0, int o1, int o2, float[] dy, int p0,
            float[] t, int tb, int ld) {
        FloatVector a00 = FloatVector.fromArray(S, t, tb + 0 * ld);
        FloatVector a01 = FloatVector.fromArray(S, t, tb + 1 * ld);
        FloatVector a02 = FloatVector.fromArray(S, t, tb + 2 * ld);
        FloatVector a03 = FloatVector.fromArray(S, t, tb + 3 * ld);
        FloatVector a04 = FloatVector.fromArray(S, t, tb + 4 * ld);
        FloatVector a10 = FloatVector.fromArray(S, t, tb + 5 * ld);
        FloatVector a11 = FloatVector.fromArray(S, t, tb + 6 * ld);
        FloatVector a12 = FloatVector.fromArray(S, t, tb + 7 * ld);
        FloatVector a13 = FloatVector.fromArray(S, t, tb + 8 * ld);
        FloatVector a14 = FloatVector.fromArray(S, t, tb + 9 * ld);
        FloatVector a20 = FloatVector.fromArray(S, t, tb + 10 * ld);
        FloatVector a21 = FloatVector.fromArray(S, t, tb + 11 * ld);
        FloatVector a22 = FloatVector.fromArray(S, t, tb + 12 * ld);
        FloatVector a23 = FloatVector.fromArray(S, t, tb + 13 * ld);
        FloatVector a24 = FloatVector.fromArray(S, t, tb + 14 * ld);
        int pr = p0;
        for (int j = 0; j < rows; j++, pr += width) {
            int rb = rowBase[j];
            int x0 = o0 + rb;
            int x1 = o1 + rb;
            int x2 = o2 + rb;
            for (int q = 0; q < width; q++) {
                FloatVector d = FloatVector.fromArray(S, dy, (pr + q) * NARROW);
                a00 = d.fma(FloatVector.broadcast(S, x[x0 + q + 0]), a00);
                a01 = d.fma(FloatVector.broadcast(S, x[x0 + q + 1]), a01);
                a02 = d.fma(FloatVector.broadcast(S, x[x0 + q + 2]), a02);
                a03 = d.fma(FloatVector.broadcast(S, x[x0 + q + 3]), a03);
                a04 = d.fma(FloatVector.broadcast(S, x[x0 + q + 4]), a04);
                a10 = d.fma(FloatVector.broadcast(S, x[x1 + q + 0]), a10);
                a11 = d.fma(FloatVector.broadcast(S, x[x1 + q + 1]), a11);
                a12 = d.fma(FloatVector.broadcast(S, x[x1 + q + 2]), a12);
                a13 = d.fma(FloatVector.broadcast(S, x[x1 + q + 3]), a13);
                a14 = d.fma(FloatVector.broadcast(S, x[x1 + q + 4]), a14);
                a20 = d.fma(FloatVector.broadcast(S, x[x2 + q + 0]), a20);
                a21 = d.fma(FloatVector.broadcast(S, x[x2 + q + 1]), a21);
                a22 = d.fma(FloatVector.broadcast(S, x[x2 + q + 2]), a22);
                a23 = d.fma(FloatVector.broadcast(S, x[x2 + q + 3]), a23);
                a24 = d.fma(FloatVector.broadcast(S, x[x2 + q + 4]), a24);
            }
        }
        a00.intoArray(t, tb + 0 * ld);
        a01.intoArray(t, tb + 1 * ld);
        a02.intoArray(t, tb + 2 * ld);
        a03.intoArray(t, tb + 3 * ld);
        a04.intoArray(t, tb + 4 * ld);
        a10.intoArray(t, tb + 5 * ld);
        a11.intoArray(t, tb + 6 * ld);
        a12.intoArray(t, tb + 7 * ld);
        a13.intoArray(t, tb + 8 * ld);
        a14.intoArray(t, tb + 9 * ld);
        a20.intoArray(t, tb + 10 * ld);
        a21.intoArray(t, tb + 11 * ld);
        a22.intoArray(t, tb + 12 * ld);
        a23.intoArray(t, tb + 13 * ld);
        a24.intoArray(t, tb + 14 * ld);
    }

    /** Kernel rows 3-4 of a 5x5 kernel: see {@link #weight5x3x1}. */
    static void weight5x2x1(float[] x, int[] rowBase, int rows, int width, int o0, int o1, float[] dy, int p0,
            float[] t, int tb, int ld) {
        FloatVector a00 = FloatVector.fromArray(S, t, tb + 0 * ld);
        FloatVector a01 = FloatVector.fromArray(S, t, tb + 1 * ld);
        FloatVector a02 = FloatVector.fromArray(S, t, tb + 2 * ld);
        FloatVector a03 = FloatVector.fromArray(S, t, tb + 3 * ld);
        FloatVector a04 = FloatVector.fromArray(S, t, tb + 4 * ld);
        FloatVector a10 = FloatVector.fromArray(S, t, tb + 5 * ld);
        FloatVector a11 = FloatVector.fromArray(S, t, tb + 6 * ld);
        FloatVector a12 = FloatVector.fromArray(S, t, tb + 7 * ld);
        FloatVector a13 = FloatVector.fromArray(S, t, tb + 8 * ld);
        FloatVector a14 = FloatVector.fromArray(S, t, tb + 9 * ld);
        int pr = p0;
        for (int j = 0; j < rows; j++, pr += width) {
            int rb = rowBase[j];
            int x0 = o0 + rb;
            int x1 = o1 + rb;
            for (int q = 0; q < width; q++) {
                FloatVector d = FloatVector.fromArray(S, dy, (pr + q) * NARROW);
                a00 = d.fma(FloatVector.broadcast(S, x[x0 + q + 0]), a00);
                a01 = d.fma(FloatVector.broadcast(S, x[x0 + q + 1]), a01);
                a02 = d.fma(FloatVector.broadcast(S, x[x0 + q + 2]), a02);
                a03 = d.fma(FloatVector.broadcast(S, x[x0 + q + 3]), a03);
                a04 = d.fma(FloatVector.broadcast(S, x[x0 + q + 4]), a04);
                a10 = d.fma(FloatVector.broadcast(S, x[x1 + q + 0]), a10);
                a11 = d.fma(FloatVector.broadcast(S, x[x1 + q + 1]), a11);
                a12 = d.fma(FloatVector.broadcast(S, x[x1 + q + 2]), a12);
                a13 = d.fma(FloatVector.broadcast(S, x[x1 + q + 3]), a13);
                a14 = d.fma(FloatVector.broadcast(S, x[x1 + q + 4]), a14);
            }
        }
        a00.intoArray(t, tb + 0 * ld);
        a01.intoArray(t, tb + 1 * ld);
        a02.intoArray(t, tb + 2 * ld);
        a03.intoArray(t, tb + 3 * ld);
        a04.intoArray(t, tb + 4 * ld);
        a10.intoArray(t, tb + 5 * ld);
        a11.intoArray(t, tb + 6 * ld);
        a12.intoArray(t, tb + 7 * ld);
        a13.intoArray(t, tb + 8 * ld);
        a14.intoArray(t, tb + 9 * ld);
    }
}
