package dev.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Scratch activations: a marked intermediate is recycled once a backward sweep has run its graph, unmarked
 * tensors never are, and steps that run on recycled memory compute exactly what fresh memory gives.
 */
class ScratchTest {
    private static final int[] ONE = {1, 1};

    private static Tensor[] step(Tensor x, Tensor w, Tensor gamma, Tensor beta, Tensor r, boolean mark) {
        Tensor y = F.conv2d(x, w, null, ONE, ONE, ONE, 1);
        Tensor z = F.batchNorm(y, null, null, gamma, beta, true, 0.1, 1e-5);
        if (mark) {
            Scratch.mark(y);
        }
        Tensor out = F.relu(z);
        F.sum(F.mul(out, r)).backward();
        return new Tensor[] {y, out};
    }

    @Test
    void aMarkedActivationIsRecycledAfterItsSweepAndNothingElseIs() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 2, 3, 24, 24).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 8, 3, 3, 3).mul(0.3f).requiresGrad(true);
        Tensor gamma = Tensor.randn(rng, 8).requiresGrad(true);
        Tensor beta = Tensor.randn(rng, 8).requiresGrad(true);
        Tensor r = Tensor.randn(rng, 2, 8, 24, 24);
        Tensor[] first = step(x, w, gamma, beta, r, true);
        float[] recycled = GradBuffers.activation(first[0].numel());
        assertSame(first[0].storage(), recycled, "the marked conv output goes back to the pool");
        float[] next = GradBuffers.activation(first[0].numel());
        assertNotSame(first[1].storage(), next, "the unmarked output the caller holds is never handed out");
    }

    @Test
    void stepsOnRecycledMemoryMatchStepsOnFreshMemory() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.randn(rng, 2, 3, 24, 24).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 8, 3, 3, 3).mul(0.3f).requiresGrad(true);
        Tensor gamma = Tensor.randn(rng, 8).requiresGrad(true);
        Tensor beta = Tensor.randn(rng, 8).requiresGrad(true);
        Tensor r = Tensor.randn(rng, 2, 8, 24, 24);
        Tensor fresh = step(x, w, gamma, beta, r, false)[1];
        float[] freshOut = fresh.toArray();
        float[] dx = x.grad().toArray();
        float[] dw = w.grad().toArray();
        for (int i = 0; i < 3; i++) {
            x.zeroGrad();
            w.zeroGrad();
            gamma.zeroGrad();
            beta.zeroGrad();
            Tensor out = step(x, w, gamma, beta, r, true)[1];
            assertArrayEquals(freshOut, out.toArray(), "output, step " + i);
            assertArrayEquals(freshOut, fresh.toArray(), "the first step's output, still held, after step " + i);
            assertArrayEquals(dx, x.grad().toArray(), "dx, step " + i);
            assertArrayEquals(dw, w.grad().toArray(), "dw, step " + i);
        }
    }

    /** Without a graph a marked tensor is dead at once: its memory serves the next output. */
    @Test
    void atInferenceAMarkedTensorIsRecycledAtOnce() {
        Rng rng = new Rng(5);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor t = F.relu(Tensor.randn(rng, 4, 8, 16, 16));
            Scratch.mark(t);
            assertSame(t.storage(), GradBuffers.activation(t.numel()));
        }
    }

    /** A Sequential at inference recycles its intermediates, never its input, its output or what the caller holds. */
    @Test
    void inferenceOnRecycledMemoryGivesTheSameOutputs() {
        Rng rng = new Rng(6);
        dev.fovea.nn.Sequential model = new dev.fovea.nn.Sequential()
                .add("c1", new dev.fovea.nn.Conv2d(3, 8, 3))
                .add("r1", new dev.fovea.nn.ReLU())
                .add("c2", new dev.fovea.nn.Conv2d(8, 8, 3))
                .add("r2", new dev.fovea.nn.ReLU())
                .add("c3", new dev.fovea.nn.Conv2d(8, 4, 3));
        model.eval();
        Tensor x = Tensor.randn(rng, 2, 3, 20, 20);
        float[] input = x.toArray();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor first = model.forward(x);
            float[] expected = first.toArray();
            for (int i = 0; i < 3; i++) {
                Tensor again = model.forward(x);
                assertNotSame(first.storage(), again.storage(), "a held output is never reused");
                assertArrayEquals(expected, again.toArray(), "forward " + i);
                assertArrayEquals(expected, first.toArray(), "the first output, still held, after forward " + i);
                assertArrayEquals(input, x.toArray(), "the input after forward " + i);
            }
        }
    }
}
