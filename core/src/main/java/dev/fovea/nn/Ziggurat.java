package dev.fovea.nn;

import dev.fovea.tensor.Rng;

/**
 * Standard normal deviates by Marsaglia and Tsang's ziggurat (128 layers): about 99% of draws cost one 64-bit random
 * number, a table lookup and a multiply, against a logarithm and a square root (polar method) or also a sine and
 * cosine (Box-Muller). Initialising a 100M-weight model is dominated by this. The layer index and the value come
 * from disjoint bits of one draw, avoiding the original's low-bit correlation.
 */
final class Ziggurat {
    private static final int LAYERS = 128;
    private static final double R = 3.442619855899;
    private static final double AREA = 9.91256303526217e-3;
    private static final double M = 2147483648.0;
    private static final long[] K = new long[LAYERS];
    private static final double[] W = new double[LAYERS];
    private static final double[] F = new double[LAYERS];

    static {
        double dn = R;
        double tn = dn;
        double q = AREA / Math.exp(-0.5 * dn * dn);
        K[0] = (long) ((dn / q) * M);
        K[1] = 0;
        W[0] = q / M;
        W[LAYERS - 1] = dn / M;
        F[0] = 1.0;
        F[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
        for (int i = LAYERS - 2; i >= 1; i--) {
            dn = Math.sqrt(-2 * Math.log(AREA / dn + Math.exp(-0.5 * dn * dn)));
            K[i + 1] = (long) ((dn / tn) * M);
            tn = dn;
            F[i] = Math.exp(-0.5 * dn * dn);
            W[i] = dn / M;
        }
    }

    private Ziggurat() {}

    static double next(Rng rng) {
        while (true) {
            long bits = rng.nextLong();
            int layer = (int) (bits & (LAYERS - 1));
            long hz = bits >> 32; // signed 32-bit value from the high bits
            double x = hz * W[layer];
            if (Math.abs(hz) < K[layer]) {
                return x;
            }
            if (layer == 0) {
                // the base strip: sample the tail beyond R
                double t;
                double y;
                do {
                    t = -Math.log(1 - rng.nextDouble()) / R;
                    y = -Math.log(1 - rng.nextDouble());
                } while (y + y < t * t);
                return hz > 0 ? R + t : -R - t;
            }
            if (F[layer] + rng.nextDouble() * (F[layer - 1] - F[layer]) < Math.exp(-0.5 * x * x)) {
                return x;
            }
        }
    }
}
