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
 * Square sgemm through the active kernels ({@code -Dfovea.kernels=scalar|simd}). JMH reports ms per call; GFLOP/s is
 * 2 n^3 / (ms * 1e6). The {@code fovea bench} command prints GFLOP/s directly and can compare with PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBenchmark {

    @Param({"512", "1024", "2048"})
    int size;

    @Param({"false"})
    boolean transA;

    @Param({"false"})
    boolean transB;

    private float[] a;
    private float[] b;
    private float[] c;
    private Kernels kernels;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(size * size, rnd);
        b = random(size * size, rnd);
        c = new float[size * size];
        kernels = Kernels.get();
    }

    @Benchmark
    public float[] sgemm() {
        kernels.sgemm(transA, transB, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
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
