package dev.fovea.cli.bench;

import dev.fovea.kernel.Kernels;
import java.util.List;
import java.util.SplittableRandom;

/**
 * sgemm through the active {@link Kernels}: the square sizes every BLAS is compared on, and the skinny shapes that
 * convolution layers produce (im2col forward, and the transposed products of the backward pass).
 */
public final class GemmBenchSuite implements BenchSuite {

    @Override
    public String name() {
        return "sgemm";
    }

    @Override
    public List<BenchCase> cases() {
        return List.of(
                new Gemm("sgemm/512", 512, 512, 512, false, false),
                new Gemm("sgemm/1024", 1024, 1024, 1024, false, false),
                new Gemm("sgemm/2048", 2048, 2048, 2048, false, false),
                // conv-shaped: weights [Cout x Cin*k*k] x columns [Cin*k*k x H*W]
                new Gemm("sgemm/conv-6x784x25", 6, 784, 25, false, false),
                new Gemm("sgemm/conv-64x3136x576", 64, 3136, 576, false, false),
                new Gemm("sgemm/conv-256x784x1152", 256, 784, 1152, false, false),
                // backward: dWeight = dOut x columns^T, dColumns = weight^T x dOut
                new Gemm("sgemm/convbw-64x576x3136-nt", 64, 576, 3136, false, true),
                new Gemm("sgemm/convbd-576x3136x64-tn", 576, 3136, 64, true, false));
    }

    /** {@code C = A B} with op(A) m x k and op(B) k x n, beta 0, densely stored. */
    static final class Gemm implements BenchCase {
        private final String name;
        private final int m;
        private final int n;
        private final int k;
        private final boolean transA;
        private final boolean transB;
        private float[] a;
        private float[] b;
        private float[] c;

        Gemm(String name, int m, int n, int k, boolean transA, boolean transB) {
            this.name = name;
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Work work() {
            return Work.flops(2.0 * m * n * k);
        }

        @Override
        public void setup() {
            SplittableRandom rnd = new SplittableRandom(42);
            a = random(m * k, rnd);
            b = random(k * n, rnd);
            c = new float[m * n];
        }

        @Override
        public void run() {
            Kernels.get().sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n,
                    0f, c, 0, n);
        }

        @Override
        public void teardown() {
            a = b = c = null;
        }

        @Override
        public TorchSpec torch() {
            return TorchSpec.of("sgemm", "m", m, "n", n, "k", k, "transA", transA, "transB", transB);
        }

        private static float[] random(int size, SplittableRandom rnd) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return x;
        }
    }
}
