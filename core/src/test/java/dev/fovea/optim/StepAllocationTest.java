package dev.fovea.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After the first step (which allocates the buffers) a step allocates nothing, whatever the parameter count. */
class StepAllocationTest {
    @Test
    void stepsAfterTheFirstDoNotAllocate() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        List<Tensor> params = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Tensor p = Tensor.zeros(4096).requiresGrad(true);
            p.setGrad(Tensor.full(0.01f, 4096));
            params.add(p);
        }
        List<Optimizer> all = List.of(
                new SGD(params, SGD.Options.of(0.1).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-4)),
                new Adam(params, Adam.Options.defaults().withAmsgrad(true)),
                new AdamW(params, Adam.Options.adamwDefaults()),
                new RMSprop(params, RMSprop.Options.defaults().withCentered(true).withMomentum(0.9)),
                new Adagrad(params, Adagrad.Options.defaults().withLrDecay(0.01)));
        for (Optimizer opt : all) {
            for (int i = 0; i < 3; i++) {
                opt.step(); // buffers, class loading
            }
            // the best of three rounds: a JIT compilation landing inside a round can charge a few bytes to it
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long before = mx.getThreadAllocatedBytes(tid);
                for (int i = 0; i < 20; i++) {
                    opt.step();
                }
                least = Math.min(least, mx.getThreadAllocatedBytes(tid) - before);
            }
            // 20 steps x 50 parameters: even one small object per parameter and step would exceed this
            assertTrue(least < 1024, opt.name() + " allocated " + least + " bytes in 20 steps");
        }
    }
}
