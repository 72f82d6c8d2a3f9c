package dev.fovea.simd;

import dev.fovea.kernel.Parallel;
import dev.fovea.kernel.NormCoefficients;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The batch-normalisation primitives of {@link dev.fovea.kernel.Kernels} on the Vector API. Each channel is one
 * unit of parallel work: its N planes are reduced in float lanes about 1024 values at a time (short runs, so
 * float is accurate), the lanes then added into double in a fixed order (reproducible run to run), and the
 * second pass over the same channel finds it still in cache. Planes shorter than a vector go to the scalar
 * reference ({@link #MIN_SPATIAL}): there the channel's values are too scattered for lanes to help.
 */
final class SimdNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Planes shorter than this take the scalar path. */
    static final int MIN_SPATIAL = L;

    private SimdNorm() {}

    /** Channels per parallel chunk so that a chunk has at least ~32K values: less is not worth a thread. */
    private static int grain(int n, int s) {
        return Math.max(1, (1 << 15) / Math.max(1, n * s));
    }

    /** Values a float lane may sum (over whole planes) before its total goes into double. */
    private static final int FLUSH_VALUES = 1024;

    /**
     * Planes whose sums stay in float lanes before the lanes are added into double: flushing the 16 lanes costs
     * a chain of 32 dependent double adds, which for the 8x8 planes of a CIFAR ResNet's last stage took longer
     * than the plane's own four vectors. A lane then sums no more values than one 1024-wide plane gave it
     * before, and the order stays fixed, so results are the same run to run.
     */
    private static int planesPerFlush(int s) {
        return Math.max(1, FLUSH_VALUES / s);
    }

    /**
     * One pass of shifted sums: {@code v = x - x[first]} keeps {@code E[v²] - E[v]²} accurate when |mean| is
     * large against the spread (the shift is one of the channel's own values).
     */
    static void statistics(int n, int c, int s, float[] x, float[] mean, float[] var) {
        Parallel.forRange(c, grain(n, s), (from, to) -> {
            float[] lanes = new float[2 * L];
            for (int ch = from; ch < to; ch++) {
                channelStatistics(n, c, s, x, ch, lanes, mean, var);
            }
        });
    }

    static void forward(int n, int c, int s, float[] x, float[] scale, float[] shift, boolean relu, float[] y) {
        Parallel.forRange(c, grain(n, s), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                channelAffine(n, c, s, x, ch, scale[ch], shift[ch], relu, y);
            }
        });
    }

    /**
     * Statistics and normalisation channel by channel: the affine pass re-reads a channel its statistics pass
     * has just brought into cache, instead of streaming the whole tensor from memory a second time.
     */
    static void trainingForward(int n, int c, int s, float[] x, float[] gamma, float[] beta, double eps,
            boolean relu, float[] y, float[] mean, float[] var, float[] invStd) {
        Parallel.forRange(c, grain(n, s), (from, to) -> {
            float[] lanes = new float[2 * L];
            for (int ch = from; ch < to; ch++) {
                channelStatistics(n, c, s, x, ch, lanes, mean, var);
                invStd[ch] = NormCoefficients.invStd(var[ch], eps);
                float a = NormCoefficients.scale(gamma, ch, invStd[ch]);
                channelAffine(n, c, s, x, ch, a, NormCoefficients.shift(beta, ch, mean[ch], a), relu, y);
            }
        });
    }

    private static void channelStatistics(int n, int c, int s, float[] x, int ch, float[] lanes, float[] mean,
            float[] var) {
        double count = (double) n * s;
        float shift = x[ch * s];
        FloatVector vs = FloatVector.broadcast(S, shift);
        double s1 = 0;
        double s2 = 0;
        int group = planesPerFlush(s);
        for (int i0 = 0; i0 < n; i0 += group) {
            FloatVector sum0 = FloatVector.zero(S);
            FloatVector sum1 = FloatVector.zero(S);
            FloatVector sq0 = FloatVector.zero(S);
            FloatVector sq1 = FloatVector.zero(S);
            for (int i = i0, i1 = Math.min(n, i0 + group); i < i1; i++) {
                int base = (i * c + ch) * s;
                int p = 0;
                // two accumulators each: the adds are latency-bound otherwise
                for (int end = s - 2 * L; p <= end; p += 2 * L) {
                    FloatVector v0 = FloatVector.fromArray(S, x, base + p).sub(vs);
                    FloatVector v1 = FloatVector.fromArray(S, x, base + p + L).sub(vs);
                    sum0 = sum0.add(v0);
                    sum1 = sum1.add(v1);
                    sq0 = v0.fma(v0, sq0);
                    sq1 = v1.fma(v1, sq1);
                }
                for (int end = s - L; p <= end; p += L) {
                    FloatVector v0 = FloatVector.fromArray(S, x, base + p).sub(vs);
                    sum0 = sum0.add(v0);
                    sq0 = v0.fma(v0, sq0);
                }
                for (; p < s; p++) {
                    double v = x[base + p] - shift;
                    s1 += v;
                    s2 += v * v;
                }
            }
            sum0.add(sum1).intoArray(lanes, 0);
            sq0.add(sq1).intoArray(lanes, L);
            for (int j = 0; j < L; j++) {
                s1 += lanes[j];
                s2 += lanes[L + j];
            }
        }
        double m1 = s1 / count;
        mean[ch] = (float) (shift + m1);
        var[ch] = (float) Math.max(0, s2 / count - m1 * m1);
    }

    private static void channelAffine(int n, int c, int s, float[] x, int ch, float a, float b, boolean relu,
            float[] y) {
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        for (int i = 0; i < n; i++) {
            int base = (i * c + ch) * s;
            int p = 0;
            for (int end = s - L; p <= end; p += L) {
                FloatVector v = FloatVector.fromArray(S, x, base + p).fma(va, vb);
                // lanewise max has Math.max semantics (NaN stays NaN), like the ReLU kernels
                (relu ? v.max(0f) : v).intoArray(y, base + p);
            }
            for (; p < s; p++) {
                float v = Math.fma(x[base + p], a, b);
                y[base + p] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * Backward of batch norm (with a fused ReLU when {@code reluOut} or {@code scale} is given). With the forward's
     * per-channel {@code scale} and {@code shift} (non-null), the ReLU's mask is recomputed as
     * {@code fma(x, scale, shift) > 0}, the forward's own arithmetic, so reluOut is not read: reading it was a third
     * of this pass's time (2.01 against 1.35 ms on one core at 128 x 16 x 32 x 32).
     */
    static void backward(int n, int c, int s, float[] x, float[] dOut, float[] reluOut, float[] scale,
            float[] shift, float[] mean, float[] invStd, float[] gamma, boolean batchStats, float[] dInput,
            float[] dGamma, float[] dBeta) {
        double count = (double) n * s;
        int group = planesPerFlush(s);
        boolean fromX = scale != null;
        Parallel.forRange(c, grain(n, s), (from, to) -> {
            float[] lanes = new float[2 * L];
            for (int ch = from; ch < to; ch++) {
                float mu = mean[ch];
                double inv = invStd[ch];
                FloatVector vmu = FloatVector.broadcast(S, mu);
                float sc = fromX ? scale[ch] : 0f;
                float sh = fromX ? shift[ch] : 0f;
                FloatVector vsc = FloatVector.broadcast(S, sc);
                FloatVector vsh = FloatVector.broadcast(S, sh);
                double sumDy = 0;
                double sumDyXmu = 0;
                for (int i0 = 0; i0 < n; i0 += group) {
                    FloatVector d0 = FloatVector.zero(S);
                    FloatVector d1 = FloatVector.zero(S);
                    FloatVector q0 = FloatVector.zero(S);
                    FloatVector q1 = FloatVector.zero(S);
                    for (int i = i0, i1 = Math.min(n, i0 + group); i < i1; i++) {
                        int base = (i * c + ch) * s;
                        int p = 0;
                        for (int end = s - 2 * L; p <= end; p += 2 * L) {
                            FloatVector x0 = FloatVector.fromArray(S, x, base + p);
                            FloatVector x1 = FloatVector.fromArray(S, x, base + p + L);
                            FloatVector g0 = gradient(dOut, reluOut, fromX, x0, vsc, vsh, base + p);
                            FloatVector g1 = gradient(dOut, reluOut, fromX, x1, vsc, vsh, base + p + L);
                            d0 = d0.add(g0);
                            d1 = d1.add(g1);
                            q0 = g0.fma(x0.sub(vmu), q0);
                            q1 = g1.fma(x1.sub(vmu), q1);
                        }
                        for (int end = s - L; p <= end; p += L) {
                            FloatVector x0 = FloatVector.fromArray(S, x, base + p);
                            FloatVector g0 = gradient(dOut, reluOut, fromX, x0, vsc, vsh, base + p);
                            d0 = d0.add(g0);
                            q0 = g0.fma(x0.sub(vmu), q0);
                        }
                        for (; p < s; p++) {
                            float dy = gradientAt(dOut, reluOut, fromX, x[base + p], sc, sh, base + p);
                            sumDy += dy;
                            sumDyXmu += (double) dy * (x[base + p] - mu);
                        }
                    }
                    d0.add(d1).intoArray(lanes, 0);
                    q0.add(q1).intoArray(lanes, L);
                    for (int j = 0; j < L; j++) {
                        sumDy += lanes[j];
                        sumDyXmu += lanes[L + j];
                    }
                }
                if (dGamma != null) {
                    dGamma[ch] = (float) (sumDyXmu * inv);
                }
                if (dBeta != null) {
                    dBeta[ch] = (float) sumDy;
                }
                if (dInput == null) {
                    continue;
                }
                double g = gamma == null ? 1 : gamma[ch];
                float a = (float) (g * inv);
                float b = batchStats ? (float) (-g * inv * inv * inv * sumDyXmu / count) : 0f;
                float k = batchStats ? (float) (-g * inv * sumDy / count) : 0f;
                FloatVector va = FloatVector.broadcast(S, a);
                FloatVector vb = FloatVector.broadcast(S, b);
                FloatVector vk = FloatVector.broadcast(S, k);
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * s;
                    int p = 0;
                    // (x - mean) rather than x with a folded constant: no cancellation when |mean| >> std
                    for (int end = s - L; p <= end; p += L) {
                        FloatVector xv = FloatVector.fromArray(S, x, base + p);
                        FloatVector xm = xv.sub(vmu);
                        gradient(dOut, reluOut, fromX, xv, vsc, vsh, base + p).fma(va, xm.fma(vb, vk))
                                .intoArray(dInput, base + p);
                    }
                    for (; p < s; p++) {
                        float dy = gradientAt(dOut, reluOut, fromX, x[base + p], sc, sh, base + p);
                        dInput[base + p] = Math.fma(dy, a, Math.fma(x[base + p] - mu, b, k));
                    }
                }
            }
        });
    }

    /**
     * dOut's lanes at {@code at}, zeroed where a fused ReLU's output is not positive: recomputed from {@code xv}
     * when {@code fromX}, else read from reluOut (null: no ReLU).
     */
    private static FloatVector gradient(float[] dOut, float[] reluOut, boolean fromX, FloatVector xv,
            FloatVector scale, FloatVector shift, int at) {
        if (!fromX) {
            return gradient(dOut, reluOut, at);
        }
        VectorMask<Float> live = xv.fma(scale, shift).compare(VectorOperators.GT, 0f);
        return FloatVector.zero(S).blend(FloatVector.fromArray(S, dOut, at), live);
    }

    private static float gradientAt(float[] dOut, float[] reluOut, boolean fromX, float x, float scale,
            float shift, int at) {
        if (!fromX) {
            return gradientAt(dOut, reluOut, at);
        }
        return Math.fma(x, scale, shift) > 0f ? dOut[at] : 0f;
    }

    /** dOut's lanes at {@code at}, zeroed where a fused ReLU's output is not positive (reluOut may be null). */
    private static FloatVector gradient(float[] dOut, float[] reluOut, int at) {
        FloatVector g = FloatVector.fromArray(S, dOut, at);
        if (reluOut == null) {
            return g;
        }
        VectorMask<Float> live = FloatVector.fromArray(S, reluOut, at).compare(VectorOperators.GT, 0f);
        return FloatVector.zero(S).blend(g, live);
    }

    /** The same for one value (the tails). */
    private static float gradientAt(float[] dOut, float[] reluOut, int at) {
        return reluOut == null || reluOut[at] > 0f ? dOut[at] : 0f;
    }
}
