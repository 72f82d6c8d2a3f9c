package dev.fovea.bench;

import dev.fovea.kernel.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sgemm through the active kernels ({@code -Dfovea.kernels=scalar|simd}): square sizes ({@code "1024"}) and the
 * skinny shapes convolutions produce ({@code "MxNxK"}, e.g. the backward-weight product 64x576x3136 with transB).
 * JMH reports ms per call; GFLOP/s is 2 m n k / (ms * 1e6). The {@code fovea bench} command prints GFLOP/s directly
 * and can compare with PyTorch. {@code -jvmArgsAppend -Dfovea.gemm.sharedB=false} times the per-task packing of B.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBenchmark {

    @Param({"512", "1024", "2048"})
    String shape;

    @Param({"false"})
    boolean transA;

    @Param({"false"})
    boolean transB;

    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private Kernels kernels;

    @Setup
    public void setup() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        n = dims.length == 3 ? Integer.parseInt(dims[1]) : m;
        k = dims.length == 3 ? Integer.parseInt(dims[2]) : m;
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(m * k, rnd);
        b = random(k * n, rnd);
        c = new float[m * n];
        kernels = Kernels.get();
    }

    @Benchmark
    public float[] sgemm() {
        kernels.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        return c;
    }

    private static float[] random(int n, SplittableRandom rnd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
