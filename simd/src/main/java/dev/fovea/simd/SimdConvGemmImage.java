package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col of one image into {@link SimdConvGemm}'s A panels with vectors, for convolutions with stride 1 along
 * rows. The image is first copied into zero-padded planes, so every tap reads valid memory. A panel's 12
 * positions then fall into at most a few runs along output rows (a 7-wide plane: two or three), and for each
 * channel and tap every run is one masked load whose lanes land where the panel wants them: a panel row of 12
 * values costs a few vector instructions instead of 12 scalar gathers with a bounds test each (the scalar packing
 * was a quarter of a 128-channel 28x28 layer).
 */
final class SimdConvGemmImage {
    private static final VectorSpecies<Float> S = SimdGemmMicro.S;
    private static final int L = SimdGemmMicro.L;
    /** Zeros before the first plane, so a masked load that starts before a run stays inside the array. */
    static final int FRONT = L;
    /** Runs per panel this path handles; panels with more (planes under 6 wide) take the scalar packing. */
    static final int MAX_RUNS = 3;

    private final SimdConvGemm.Plan p;
    /** Padded extents [D, H, W]: the input plus its padding on both sides. */
    private final int[] e = new int[3];
    private final int plane;
    /** Per tap, its offset in a padded plane from the tap-0 position. */
    private final int[] tapOff;

    SimdConvGemmImage(SimdConvGemm.Plan p) {
        this.p = p;
        for (int d = 0; d < 3; d++) {
            e[d] = p.in[d] + p.pad[d] + p.padEnd[d];
        }
        plane = e[0] * e[1] * e[2];
        tapOff = new int[p.taps];
        int t = 0;
        for (int kd = 0; kd < p.k[0]; kd++) {
            for (int kh = 0; kh < p.k[1]; kh++) {
                for (int kw = 0; kw < p.k[2]; kw++) {
                    tapOff[t++] = (kd * p.dil[0] * e[1] + kh * p.dil[1]) * e[2] + kw * p.dil[2];
                }
            }
        }
    }

    /** Ints of the scratch {@link #packPanel} needs. */
    static int scratchInts() {
        return 2 * (MAX_RUNS + 1);
    }

    /** Floats of the padded copy (with the front zeros and a vector of room at the end). */
    int paddedFloats() {
        return FRONT + p.cin * plane + L;
    }

    /** Image {@code x[xOff..]} [Cin, D, H, W] into zero-padded planes at {@code xp[FRONT..]}, split over channels. */
    void pad(float[] x, int xOff, float[] xp) {
        Arrays.fill(xp, 0, FRONT, 0f);
        Arrays.fill(xp, FRONT + p.cin * plane, paddedFloats(), 0f);
        Parallel.forRange(p.cin, 16, (c0, c1) -> {
            for (int ci = c0; ci < c1; ci++) {
                int to = FRONT + ci * plane;
                Arrays.fill(xp, to, to + plane, 0f);
                int from = xOff + ci * p.inPlane;
                for (int d = 0; d < p.in[0]; d++) {
                    for (int h = 0; h < p.in[1]; h++) {
                        int at = to + ((d + p.pad[0]) * e[1] + h + p.pad[1]) * e[2] + p.pad[2];
                        System.arraycopy(x, from + (d * p.in[1] + h) * p.in[2], xp, at, p.in[2]);
                    }
                }
            }
        });
    }

    /**
     * Channels [c0, c1) of A panel {@code i} from the padded copy; false (nothing written) when the panel's
     * positions make more than {@link #MAX_RUNS} runs. {@code scratch} holds at least
     * {@link #scratchInts} ints.
     */
    boolean packPanel(float[] xp, int i, int c0, int c1, int[] scratch, float[] a) {
        int h = p.height(i);
        int p0 = i * SimdGemm.MR;
        int p1 = Math.min(p.positions, p0 + h);
        // runs of consecutive output columns: first panel row and padded offset of the run's first position
        int runs = 0;
        int[] runRow = scratch;
        int runBase = MAX_RUNS + 1;
        for (int q = p0; q < p1; q++) {
            int ow = q % p.out[2];
            if (q == p0 || ow == 0) {
                if (runs == MAX_RUNS) {
                    return false;
                }
                int oh = q / p.out[2] % p.out[1];
                int od = q / (p.out[2] * p.out[1]);
                runRow[runs] = q - p0;
                scratch[runBase + runs] = ((od * p.stride[0]) * e[1] + oh * p.stride[1]) * e[2] + ow;
                runs++;
            }
        }
        runRow[runs] = p1 - p0;
        VectorMask<Float> m0 = S.indexInRange(-runRow[0], runRow[1] - runRow[0]);
        VectorMask<Float> m1 = runs > 1 ? S.indexInRange(-runRow[1], runRow[2] - runRow[1]) : m0;
        VectorMask<Float> m2 = runs > 2 ? S.indexInRange(-runRow[2], runRow[3] - runRow[2]) : m0;
        VectorMask<Float> store = S.indexInRange(0, h);
        int s0 = scratch[runBase] - runRow[0];
        int s1 = runs > 1 ? scratch[runBase + 1] - runRow[1] : 0;
        int s2 = runs > 2 ? scratch[runBase + 2] - runRow[2] : 0;
        int taps = p.taps;
        int d = i * SimdGemm.MR * p.kDepth + c0 * taps * h;
        FloatVector zero = FloatVector.zero(S);
        for (int ci = c0; ci < c1; ci++) {
            int xb = FRONT + ci * plane;
            for (int tap = 0; tap < taps; tap++, d += h) {
                int o = xb + tapOff[tap];
                FloatVector v = runs > 0 ? FloatVector.fromArray(S, xp, o + s0, m0) : zero;
                if (runs > 1) {
                    v = v.blend(FloatVector.fromArray(S, xp, o + s1, m1), m1);
                    if (runs > 2) {
                        v = v.blend(FloatVector.fromArray(S, xp, o + s2, m2), m2);
                    }
                }
                v.intoArray(a, d, store);
            }
        }
        return true;
    }
}
