package dev.fovea.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.kernel.ScalarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of the SIMD batch-norm kernels against the double-precision scalar reference: plane sizes
 * around the vector width (tails, one vector, two-vector unrolls), channel counts that split unevenly over
 * threads, inputs whose mean dwarfs their spread, and in-place backward.
 */
class SimdNormTest {
    private static final ScalarKernels REF = new ScalarKernels();
    private static final SimdKernels SIMD = new SimdKernels();
    /** {n, c, s}: s below, at and around multiples of 8 and 16 lanes; big enough ones to run on all threads. */
    private static final int[][] SHAPES = {{2, 1, 1}, {3, 5, 2}, {2, 3, 7}, {4, 3, 8}, {2, 5, 15}, {3, 2, 16},
        {2, 7, 17}, {5, 3, 31}, {2, 4, 32}, {3, 3, 33}, {2, 6, 49}, {4, 13, 64}, {3, 9, 100}, {16, 7, 1025}};

    private static float[] random(SplittableRandom rnd, int len, double center, double spread) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (float) (center + spread * rnd.nextDouble(-1, 1));
        }
        return a;
    }

    private static void close(float[] ref, float[] got, double tol, String what) {
        assertEquals(ref.length, got.length, what);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], got[i], tol * (1 + Math.abs(ref[i])), what + " at " + i);
        }
    }

    @Test
    void statisticsMatchScalarEvenWithALargeMean() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int[] sh : SHAPES) {
            for (double center : new double[] {0, 3, -500}) {
                int n = sh[0], c = sh[1], s = sh[2];
                float[] x = random(rnd, n * c * s, center, 2);
                float[] refMean = new float[c], refVar = new float[c], mean = new float[c], var = new float[c];
                REF.batchNormStatistics(n, c, s, x, refMean, refVar);
                SIMD.batchNormStatistics(n, c, s, x, mean, var);
                String what = "statistics " + n + "x" + c + "x" + s + " center " + center;
                close(refMean, mean, 1e-6, what + " mean");
                // the variance (about 4/3 here) must stay accurate although |mean| is 250 times the spread
                close(refVar, var, center == 0 ? 1e-5 : 1e-4, what + " var");
                for (float v : var) {
                    assertTrue(v >= 0f, what);
                }
            }
        }
    }

    @Test
    void forwardMatchesScalarWithinOneRounding() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int[] sh : SHAPES) {
            int n = sh[0], c = sh[1], s = sh[2];
            float[] x = random(rnd, n * c * s, 0.5, 3);
            float[] scale = random(rnd, c, 0, 2);
            float[] shift = random(rnd, c, 0, 2);
            for (boolean relu : new boolean[] {false, true}) {
                String what = "forward " + n + "x" + c + "x" + s + (relu ? " relu" : "");
                float[] ref = new float[x.length];
                float[] got = new float[x.length];
                REF.batchNormForward(n, c, s, x, scale, shift, relu, ref);
                SIMD.batchNormForward(n, c, s, x, scale, shift, relu, got);
                close(ref, got, 1e-6, what);
                float[] inPlace = x.clone();
                SIMD.batchNormForward(n, c, s, inPlace, scale, shift, relu, inPlace);
                close(ref, inPlace, 1e-6, what + " in place");
                if (relu) {
                    for (float v : got) {
                        assertTrue(v >= 0f, what);
                    }
                }
            }
        }
    }

    @Test
    void trainingForwardMatchesTheScalarComposition() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int[] sh : SHAPES) {
            for (boolean relu : new boolean[] {false, true}) {
                int n = sh[0], c = sh[1], s = sh[2];
                String what = "training forward " + n + "x" + c + "x" + s + (relu ? " relu" : "");
                float[] x = random(rnd, n * c * s, -7, 3);
                float[] gamma = random(rnd, c, 0, 2);
                float[] beta = random(rnd, c, 0, 2);
                float[] refY = new float[x.length], refMean = new float[c], refVar = new float[c];
                float[] refInv = new float[c];
                REF.batchNormTrainingForward(n, c, s, x, gamma, beta, 1e-5, relu, refY, refMean, refVar, refInv);
                float[] y = new float[x.length], mean = new float[c], var = new float[c], inv = new float[c];
                SIMD.batchNormTrainingForward(n, c, s, x, gamma, beta, 1e-5, relu, y, mean, var, inv);
                close(refMean, mean, 1e-6, what + " mean");
                close(refVar, var, 1e-4, what + " var");
                close(refInv, inv, 1e-4, what + " invStd");
                // normalised values are O(1): compare on that scale
                close(refY, y, 3e-4, what + " y");
                // and without gamma and beta
                REF.batchNormTrainingForward(n, c, s, x, null, null, 1e-5, relu, refY, refMean, refVar, refInv);
                SIMD.batchNormTrainingForward(n, c, s, x, null, null, 1e-5, relu, y, mean, var, inv);
                close(refY, y, 3e-4, what + " y, no affine");
            }
        }
    }

    @Test
    void backwardMatchesScalarInTrainingAndEvalAndInPlace() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] sh : SHAPES) {
            for (boolean batchStats : new boolean[] {true, false}) {
                int n = sh[0], c = sh[1], s = sh[2];
                String what = "backward " + n + "x" + c + "x" + s + (batchStats ? " train" : " eval");
                float[] x = random(rnd, n * c * s, -20, 3);
                float[] dy = random(rnd, x.length, 0.1, 1);
                float[] mean = new float[c], var = new float[c], invStd = new float[c];
                REF.batchNormStatistics(n, c, s, x, mean, var);
                for (int ch = 0; ch < c; ch++) {
                    invStd[ch] = (float) (1 / Math.sqrt(var[ch] + 1e-5));
                }
                float[] gamma = random(rnd, c, 0, 2);
                float[] refDx = new float[x.length], refDg = new float[c], refDb = new float[c];
                REF.batchNormBackward(n, c, s, x, dy, null, mean, invStd, gamma, batchStats, refDx, refDg, refDb);
                float[] dx = new float[x.length], dg = new float[c], db = new float[c];
                SIMD.batchNormBackward(n, c, s, x, dy, null, mean, invStd, gamma, batchStats, dx, dg, db);
                // dInput in training is a difference of similar terms: compare against the gradient's scale
                close(refDx, dx, 2e-5 * max(refDx), what + " dInput");
                close(refDg, dg, 1e-4, what + " dGamma");
                close(refDb, db, 1e-5, what + " dBeta");
                // in place over dOut, without gamma, without the parameter gradients
                REF.batchNormBackward(n, c, s, x, dy, null, mean, invStd, null, batchStats, refDx, null, null);
                float[] inPlace = dy.clone();
                SIMD.batchNormBackward(n, c, s, x, inPlace, null, mean, invStd, null, batchStats, inPlace, null,
                        null);
                close(refDx, inPlace, 2e-5 * max(refDx), what + " dInput in place, no gamma");
                // fused ReLU: the gradient counts only where the forward output is positive (about half here)
                float[] reluOut = random(rnd, x.length, 0, 1);
                REF.batchNormBackward(n, c, s, x, dy, reluOut, mean, invStd, gamma, batchStats, refDx, refDg, refDb);
                SIMD.batchNormBackward(n, c, s, x, dy, reluOut, mean, invStd, gamma, batchStats, dx, dg, db);
                close(refDx, dx, 2e-5 * max(refDx), what + " relu dInput");
                close(refDg, dg, 1e-4, what + " relu dGamma");
                close(refDb, db, 1e-5, what + " relu dBeta");
            }
        }
    }

    /**
     * With the forward's scale and shift, the fused ReLU's mask is recomputed from x: the gradients must equal those
     * computed from the output the forward really wrote (SIMD forward, scalar reference backward reading it).
     */
    @Test
    void reluBackwardFromTheForwardsCoefficientsMatchesReadingItsOutput() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int[] sh : SHAPES) {
            int n = sh[0], c = sh[1], s = sh[2];
            String what = "relu backward " + n + "x" + c + "x" + s;
            float[] x = random(rnd, n * c * s, 1, 3);
            float[] dy = random(rnd, x.length, 0, 1);
            float[] gamma = random(rnd, c, 0, 2);
            float[] beta = random(rnd, c, 0, 1);
            float[] y = new float[x.length], mean = new float[c], var = new float[c], inv = new float[c];
            SIMD.batchNormTrainingForward(n, c, s, x, gamma, beta, 1e-5, true, y, mean, var, inv);
            float[] scale = new float[c], shift = new float[c];
            for (int ch = 0; ch < c; ch++) {
                scale[ch] = dev.fovea.kernel.NormCoefficients.scale(gamma, ch, inv[ch]);
                shift[ch] = dev.fovea.kernel.NormCoefficients.shift(beta, ch, mean[ch], scale[ch]);
            }
            float[] refDx = new float[x.length], refDg = new float[c], refDb = new float[c];
            REF.batchNormBackward(n, c, s, x, dy, y, mean, inv, gamma, true, refDx, refDg, refDb);
            float[] dx = new float[x.length], dg = new float[c], db = new float[c];
            SIMD.batchNormReluBackward(n, c, s, x, dy, y, scale, shift, mean, inv, gamma, true, dx, dg, db);
            close(refDx, dx, 2e-5 * max(refDx), what + " dInput");
            close(refDg, dg, 1e-4, what + " dGamma");
            close(refDb, db, 1e-5, what + " dBeta");
        }
    }

    private static double max(float[] a) {
        double m = 1;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
