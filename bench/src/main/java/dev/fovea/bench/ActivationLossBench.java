package dev.fovea.bench;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot autograd ops outside convolution: ReLU, residual add and bias add on a ResNet-18 stage-1 activation
 * ([32, 64, 56, 56], 6.4M floats), GELU (transcendental-bound), and softmax cross-entropy on [256, 1000] logits.
 * Forward+backward variants include the graph walk. Memory-bound ones: relu forward moves 2 x 25.7 MB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ActivationLossBench {
    private Tensor x;
    private Tensor xGrad;
    private Tensor other;
    private Tensor dy;
    private Tensor bias;
    private Tensor logits;
    private int[] target;

    @Setup
    public void setup() {
        x = Tensor.randn(new Rng(1), 32, 64, 56, 56);
        xGrad = x.copy().requiresGrad(true);
        other = Tensor.randn(new Rng(2), 32, 64, 56, 56);
        dy = Tensor.randn(new Rng(3), 32, 64, 56, 56);
        bias = Tensor.randn(new Rng(4), 1, 64, 1, 1).requiresGrad(true);
        logits = Tensor.randn(new Rng(5), 256, 1000).requiresGrad(true);
        target = new int[256];
        Rng rng = new Rng(6);
        for (int i = 0; i < target.length; i++) {
            target[i] = rng.nextInt(1000);
        }
    }

    @Benchmark
    public Tensor reluForward() {
        return F.relu(x);
    }

    @Benchmark
    public Tensor reluForwardBackward() {
        F.relu(xGrad).backward(dy);
        Tensor g = xGrad.grad();
        xGrad.zeroGrad();
        return g;
    }

    @Benchmark
    public Tensor residualAdd() {
        return F.add(x, other);
    }

    @Benchmark
    public Tensor biasAddForwardBackward() {
        F.add(x, bias).backward(dy);
        Tensor g = bias.grad();
        bias.zeroGrad();
        return g;
    }

    @Benchmark
    public Tensor geluForwardBackward() {
        F.gelu(xGrad).backward(dy);
        Tensor g = xGrad.grad();
        xGrad.zeroGrad();
        return g;
    }

    @Benchmark
    public Tensor crossEntropyForwardBackward() {
        F.crossEntropy(logits, target).backward();
        Tensor g = logits.grad();
        logits.zeroGrad();
        return g;
    }

    @Benchmark
    public Tensor softmaxForward() {
        return F.softmax(logits, 1);
    }
}
