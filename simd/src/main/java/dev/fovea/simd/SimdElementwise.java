package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise primitives of {@link dev.fovea.kernel.Kernels} on the Vector API: full vectors over the bulk,
 * scalar code for the tail (cheaper than masked vectors on machines without mask registers). These kernels are
 * memory-bound, so only runs long enough to stream past the caches are split over threads.
 */
final class SimdElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Below this many floats a second thread costs more than it saves. */
    static final int PARALLEL_MIN = 1 << 18;

    private SimdElementwise() {}

    /** Runs body over [0, n) split into vector-aligned chunks when n is large, inline otherwise. */
    private static void split(int n, Parallel.RangeBody body) {
        if (n < PARALLEL_MIN || Parallel.threads() == 1) {
            body.run(0, n);
            return;
        }
        int blocks = (n + 4095) / 4096;
        Parallel.forRange(blocks, 16, (b0, b1) -> body.run(b0 * 4096, Math.min(n, b1 * 4096)));
    }

    static void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        split(n, (from, to) -> {
            int i = from;
            for (int end = from + S.loopBound(to - from); i < end; i += L) {
                FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i))
                        .intoArray(out, outOff + i);
            }
            for (; i < to; i++) {
                out[outOff + i] = a[aOff + i] + b[bOff + i];
            }
        });
    }

    static void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        split(n, (from, to) -> {
            int i = from;
            for (int end = from + S.loopBound(to - from); i < end; i += L) {
                FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i))
                        .intoArray(out, outOff + i);
            }
            for (; i < to; i++) {
                out[outOff + i] = a[aOff + i] * b[bOff + i];
            }
        });
    }

    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        split(n, (from, to) -> {
            int i = from;
            FloatVector va = FloatVector.broadcast(S, alpha);
            for (int end = from + S.loopBound(to - from); i < end; i += L) {
                FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i))
                        .intoArray(y, yOff + i);
            }
            for (; i < to; i++) {
                y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
            }
        });
    }

    static void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        split(n, (from, to) -> {
            int i = from;
            for (int end = from + S.loopBound(to - from); i < end; i += L) {
                FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(out, outOff + i);
            }
            for (; i < to; i++) {
                out[outOff + i] = alpha * x[xOff + i];
            }
        });
    }

    static void reluForward(int n, float[] x, int xOff, float[] y, int yOff) {
        split(n, (from, to) -> {
            int i = from;
            for (int end = from + S.loopBound(to - from); i < end; i += L) {
                // lanewise max has Math.max semantics: NaN stays NaN, -0 becomes 0, exactly as the reference
                FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(y, yOff + i);
            }
            for (; i < to; i++) {
                y[yOff + i] = Math.max(x[xOff + i], 0f);
            }
        });
    }

    static void reluBackward(int n, float[] x, int xOff, float[] dOut, int dOutOff, float[] dInput, int dInputOff) {
        split(n, (from, to) -> {
            int i = from;
            FloatVector zero = FloatVector.zero(S);
            for (int end = from + S.loopBound(to - from); i < end; i += L) {
                VectorMask<Float> pos = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
                zero.blend(FloatVector.fromArray(S, dOut, dOutOff + i), pos).intoArray(dInput, dInputOff + i);
            }
            for (; i < to; i++) {
                dInput[dInputOff + i] = x[xOff + i] > 0f ? dOut[dOutOff + i] : 0f;
            }
        });
    }
}
