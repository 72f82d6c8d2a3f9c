package dev.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
    private static double[] meanStd(Tensor t) {
        float[] d = t.toArray();
        double s = 0;
        double s2 = 0;
        for (float v : d) {
            s += v;
            s2 += v * v;
        }
        double m = s / d.length;
        return new double[] {m, Math.sqrt(s2 / d.length - m * m)};
    }

    private static float maxAbs(Tensor t) {
        float m = 0;
        for (float v : t.toArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void fansFollowPyTorch() {
        assertArrayEquals(new int[] {3 * 9, 16 * 9}, Init.fans(16, 3, 3, 3));
        assertArrayEquals(new int[] {784, 30}, Init.fans(30, 784));
        assertThrows(IllegalArgumentException.class, () -> Init.fans(5));
        assertEquals(Math.sqrt(2), Init.gain(Init.Nonlinearity.RELU, 0), 1e-12);
        assertEquals(Math.sqrt(2 / 1.0001), Init.gain(Init.Nonlinearity.LEAKY_RELU, 0.01), 1e-12);
        assertEquals(5 / 3.0, Init.gain(Init.Nonlinearity.TANH, 0), 1e-12);
    }

    @Test
    void distributionsHaveTheirVariance() {
        Rng rng = new Rng(1);
        Tensor w = Tensor.zeros(256, 128, 3, 3); // fan_in 1152, fan_out 2304
        double[] ms = meanStd(Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, rng));
        assertEquals(0, ms[0], 2e-3);
        assertEquals(Math.sqrt(2.0 / 1152), ms[1], 1e-3);
        ms = meanStd(Init.kaimingNormal(w, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, rng));
        assertEquals(Math.sqrt(2.0 / 2304), ms[1], 1e-3);
        ms = meanStd(Init.kaimingUniform(w, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, rng));
        assertEquals(0, ms[0], 2e-3);
        assertEquals(Math.sqrt(2.0 / 1152), ms[1], 1e-3);
        assertTrue(maxAbs(w) <= Math.sqrt(6.0 / 1152) && maxAbs(w) > 0.99 * Math.sqrt(6.0 / 1152));
        ms = meanStd(Init.xavierNormal(w, 1, rng));
        assertEquals(Math.sqrt(2.0 / (1152 + 2304)), ms[1], 1e-3);
        Init.xavierUniform(w, 1, rng);
        assertTrue(maxAbs(w) <= Math.sqrt(6.0 / (1152 + 2304)));
        ms = meanStd(Init.lecunNormal(w, rng));
        assertEquals(Math.sqrt(1.0 / 1152), ms[1], 1e-3);
        Init.lecunUniform(w, rng);
        assertTrue(maxAbs(w) <= Math.sqrt(3.0 / 1152));
        ms = meanStd(Init.gaussian(Tensor.zeros(100_000), rng));
        assertEquals(0, ms[0], 0.02);
        assertEquals(1, ms[1], 0.02);
        assertEquals(0.5f, Init.constant(Tensor.zeros(3), 0.5f).get(2));
    }

    @Test
    void pytorchDefaultsBoundWeightsAndBiasByOneOverSqrtFanIn() {
        Init.manualSeed(3);
        Conv2d conv = new Conv2d(16, 8, 3);
        double bound = 1 / Math.sqrt(16 * 9);
        assertTrue(maxAbs(conv.weight.tensor()) <= bound && maxAbs(conv.weight.tensor()) > 0.9 * bound);
        assertTrue(maxAbs(conv.bias.tensor()) <= bound);
        BatchNorm2d bn = new BatchNorm2d(4);
        assertArrayEquals(new float[] {1, 1, 1, 1}, bn.weight.tensor().toArray());
        assertArrayEquals(new float[4], bn.bias.tensor().toArray());
    }

    @Test
    void sameSeedSameWeights() {
        Init.manualSeed(11);
        float[] a = new Conv2d(3, 4, 3).weight.tensor().toArray();
        Init.manualSeed(11);
        float[] b = new Conv2d(3, 4, 3).weight.tensor().toArray();
        assertArrayEquals(a, b);
        float[] c = new Conv2d(3, 4, 3).weight.tensor().toArray();
        assertTrue(!java.util.Arrays.equals(a, c), "the generator advances between layers");
    }

    @Test
    void normalDeviatesFollowTheGaussianCdfIncludingTheTails() {
        float[] d = Init.gaussian(Tensor.zeros(1 << 20), new Rng(17)).toArray();
        double[] at = {-3, -2, -1, 0, 0.5, 1, 2, 3};
        double[] cdf = {0.0013499, 0.0227501, 0.1586553, 0.5, 0.6914625, 0.8413447, 0.9772499, 0.9986501};
        for (int j = 0; j < at.length; j++) {
            int below = 0;
            for (float v : d) {
                below += v < at[j] ? 1 : 0;
            }
            double p = (double) below / d.length;
            // 5 standard errors of a binomial proportion over 1M draws
            double tol = 5 * Math.sqrt(cdf[j] * (1 - cdf[j]) / d.length);
            assertEquals(cdf[j], p, tol, "P(x < " + at[j] + ")");
        }
        double m4 = 0;
        for (float v : d) {
            m4 += (double) v * v * v * v;
        }
        assertEquals(3.0, m4 / d.length, 0.05, "kurtosis");
        // blocks are seeded in order, so the values do not depend on the thread count; same seed, same values
        assertArrayEquals(d, Init.gaussian(Tensor.zeros(1 << 20), new Rng(17)).toArray());
    }

    @Test
    void rejectsNonContiguousViews() {
        Tensor w = Tensor.zeros(4, 6);
        Tensor view = w.transpose(0, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Init.zeros(view));
        assertTrue(e.getMessage().contains("contiguous"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Init.gaussian(view, new Rng(1)));
    }
}
