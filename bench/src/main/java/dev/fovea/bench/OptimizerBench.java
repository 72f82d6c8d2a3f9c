package dev.fovea.bench;

import dev.fovea.optim.Adagrad;
import dev.fovea.optim.Adam;
import dev.fovea.optim.AdamW;
import dev.fovea.optim.Optimizer;
import dev.fovea.optim.RMSprop;
import dev.fovea.optim.SGD;
import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
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
 * One optimizer step over a ResNet-18-sized parameter set (11.5M floats in 62 tensors). The step is
 * memory-bound: report it as GB/s of parameter, gradient and state traffic when comparing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OptimizerBench {
    @Param({"sgd-momentum", "adam", "adamw", "rmsprop", "adagrad"})
    public String optimizer;

    private Optimizer opt;

    @Setup
    public void setup() {
        List<Tensor> params = new ArrayList<>();
        // conv weights of the four stages (and the classifier), each with a batch-norm-sized pair, padded to 62 tensors
        int[][] convs = {{64, 3, 7, 7}, {64, 64, 3, 3}, {64, 64, 3, 3}, {64, 64, 3, 3}, {64, 64, 3, 3},
            {128, 64, 3, 3}, {128, 128, 3, 3}, {128, 128, 3, 3}, {128, 128, 3, 3},
            {256, 128, 3, 3}, {256, 256, 3, 3}, {256, 256, 3, 3}, {256, 256, 3, 3},
            {512, 256, 3, 3}, {512, 512, 3, 3}, {512, 512, 3, 3}, {512, 512, 3, 3}, {1000, 512}};
        for (int[] shape : convs) {
            params.add(param(shape));
            params.add(param(shape[0]));
            params.add(param(shape[0]));
        }
        for (int i = params.size(); i < 62; i++) {
            params.add(param(64));
        }
        opt = switch (optimizer) {
            case "sgd-momentum" -> new SGD(params, SGD.Options.of(0.1).withMomentum(0.9).withWeightDecay(1e-4));
            case "adam" -> new Adam(params, Adam.Options.defaults());
            case "adamw" -> new AdamW(params, Adam.Options.adamwDefaults());
            case "rmsprop" -> new RMSprop(params, RMSprop.Options.defaults());
            case "adagrad" -> new Adagrad(params, Adagrad.Options.defaults());
            default -> throw new IllegalArgumentException(optimizer);
        };
        opt.step();
    }

    private static Tensor param(int... shape) {
        Tensor p = Tensor.full(0.01f, shape).requiresGrad(true);
        p.setGrad(Tensor.full(1e-3f, shape));
        return p;
    }

    @Benchmark
    public void step() {
        opt.step();
    }
}
