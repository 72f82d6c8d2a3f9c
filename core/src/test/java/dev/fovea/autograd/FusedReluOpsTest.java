package dev.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fused ops {@code batchNormRelu} and {@code addRelu} against the unfused pair on random data where many
 * values sit on each side of the kink (which the finite-difference gradient checks must avoid): outputs, running
 * statistics and every gradient agree.
 */
class FusedReluOpsTest {

    @Test
    void batchNormReluMatchesReluOfBatchNorm() {
        Rng rng = new Rng(3);
        Tensor x0 = Tensor.randn(rng, 4, 5, 6, 7);
        Tensor w0 = Tensor.randn(rng, 5);
        Tensor b0 = Tensor.randn(rng, 5);
        Tensor dy = Tensor.randn(rng, 4, 5, 6, 7);
        for (boolean training : new boolean[] {true, false}) {
            Tensor[] fused = run(x0, w0, b0, dy, t -> F.batchNormRelu(t[0], t[3], t[4], t[1], t[2], training, 0.1,
                    1e-5));
            Tensor[] plain = run(x0, w0, b0, dy, t -> F.relu(F.batchNorm(t[0], t[3], t[4], t[1], t[2], training, 0.1,
                    1e-5)));
            String[] names = {"output", "dInput", "dWeight", "dBias", "running_mean", "running_var"};
            for (int i = 0; i < names.length; i++) {
                assertClose(plain[i], fused[i], (training ? "train " : "eval ") + names[i]);
            }
        }
    }

    @Test
    void addReluMatchesReluOfAdd() {
        Rng rng = new Rng(4);
        Tensor a0 = Tensor.randn(rng, 3, 4, 50, 50);
        Tensor b0 = Tensor.randn(rng, 3, 4, 50, 50);
        Tensor dy = Tensor.randn(rng, 3, 4, 50, 50);
        Tensor[] fused = runAdd(a0, b0, dy, true);
        Tensor[] plain = runAdd(a0, b0, dy, false);
        String[] names = {"output", "dA", "dB"};
        for (int i = 0; i < names.length; i++) {
            assertClose(plain[i], fused[i], names[i]);
        }
    }

    /** {output, dx, dWeight, dBias, running mean, running var} of op(x, w, b, runningMean, runningVar). */
    private static Tensor[] run(Tensor x0, Tensor w0, Tensor b0, Tensor dy, Function<Tensor[], Tensor> op) {
        Tensor x = x0.copy().requiresGrad(true);
        Tensor w = w0.copy().requiresGrad(true);
        Tensor b = b0.copy().requiresGrad(true);
        Tensor rm = Tensor.zeros(5);
        Tensor rv = Tensor.ones(5);
        Tensor y = op.apply(new Tensor[] {x, w, b, rm, rv});
        y.backward(dy);
        return new Tensor[] {y.detach(), x.grad(), w.grad(), b.grad(), rm, rv};
    }

    private static Tensor[] runAdd(Tensor a0, Tensor b0, Tensor dy, boolean fused) {
        Tensor a = a0.copy().requiresGrad(true);
        Tensor b = b0.copy().requiresGrad(true);
        Tensor y = fused ? F.addRelu(a, b) : F.relu(F.add(a, b));
        y.backward(dy);
        return new Tensor[] {y.detach(), a.grad(), b.grad()};
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5f * (1 + Math.abs(e[i])), what + " at " + i);
        }
    }
}
