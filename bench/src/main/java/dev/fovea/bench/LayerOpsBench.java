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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory-bound layer ops on a ResNet-18 stage-1 activation ([32, 64, 56, 56], 6.4M floats, 25.7 MB): batch norm
 * in training (forward and forward+backward) and group norm. Batch norm reads the input twice and writes once
 * forward, and reads input and gradient twice and writes once backward: report GB/s against that traffic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayerOpsBench {
    @Param({"32"})
    public int batch;

    private Tensor x;
    private Tensor dy;
    private Tensor weight;
    private Tensor bias;
    private Tensor runningMean;
    private Tensor runningVar;

    @Setup
    public void setup() {
        x = Tensor.randn(new Rng(1), batch, 64, 56, 56);
        dy = Tensor.randn(new Rng(2), batch, 64, 56, 56);
        weight = Tensor.ones(64).requiresGrad(true);
        bias = Tensor.zeros(64).requiresGrad(true);
        runningMean = Tensor.zeros(64);
        runningVar = Tensor.ones(64);
    }

    @Benchmark
    public Tensor batchNormTrainForward() {
        return F.batchNorm(x, runningMean, runningVar, weight, bias, true, 0.1, 1e-5);
    }

    @Benchmark
    public Tensor batchNormTrainForwardBackward() {
        Tensor in = x.detach().requiresGrad(true);
        Tensor y = F.batchNorm(in, runningMean, runningVar, weight, bias, true, 0.1, 1e-5);
        y.backward(dy);
        weight.zeroGrad();
        bias.zeroGrad();
        return in.grad();
    }

    @Benchmark
    public Tensor groupNormForwardBackward() {
        Tensor in = x.detach().requiresGrad(true);
        Tensor y = F.groupNorm(in, 32, weight, bias, 1e-5);
        y.backward(dy);
        weight.zeroGrad();
        bias.zeroGrad();
        return in.grad();
    }
}
