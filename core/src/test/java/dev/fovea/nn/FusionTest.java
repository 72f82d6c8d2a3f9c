package dev.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fovea.autograd.F;
import dev.fovea.autograd.GradMode;
import dev.fovea.optim.SGD;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The folded inference path computes the unfused layers, and follows every change of their parameters. */
class FusionTest {
    private final Rng rng = new Rng(21);

    private static Tensor unfused(Conv2d conv, BatchNorm2d bn, Tensor x, boolean relu) {
        try (var s = GradMode.noGrad()) {
            Tensor y = bn.forward(conv.forward(x));
            return relu ? F.relu(y) : y;
        }
    }

    private static Tensor fused(Conv2d conv, BatchNorm2d bn, Tensor x, boolean relu) {
        try (var s = GradMode.noGrad()) {
            return Fusion.convBn(conv, bn, x, relu);
        }
    }

    /** Running statistics and affine parameters away from their 0/1 defaults, through a few training steps. */
    private void train(Conv2d conv, BatchNorm2d bn, int steps) {
        conv.train();
        bn.train();
        SGD sgd = new SGD(List.of(conv.weight.tensor(), bn.weight.tensor(), bn.bias.tensor()), SGD.Options.of(0.1));
        for (int i = 0; i < steps; i++) {
            Tensor x = Tensor.randn(rng, 4, 3, 6, 7).mul(2f).add(1f);
            F.sum(F.mul(bn.forward(conv.forward(x)), Tensor.randn(rng, 4, 5, 6, 7))).backward();
            sgd.step();
            sgd.zeroGrad();
        }
        conv.eval();
        bn.eval();
    }

    @Test
    void foldedConvBatchNormReluMatchesTheLayersAndTracksUpdates() {
        Conv2d conv = new Conv2d(ConvSpec.of(2, 3, 5, 3).withPadding(1).withBias(true), new Rng(1));
        BatchNorm2d bn = new BatchNorm2d(5);
        Tensor x = Tensor.randn(rng, 1, 3, 6, 7);
        for (int round = 0; round < 3; round++) {
            train(conv, bn, 2);
            for (boolean relu : new boolean[] {false, true}) {
                assertArrayEquals(unfused(conv, bn, x, relu).toArray(), fused(conv, bn, x, relu).toArray(), 1e-4f,
                        "round " + round + " relu " + relu);
            }
        }
        // load_state_dict into the convolution: the next fused call sees the new weights
        var state = conv.stateDict();
        conv.loadStateDict(java.util.Map.of("weight", state.get("weight").mul(-1f), "bias", state.get("bias")));
        assertArrayEquals(unfused(conv, bn, x, true).toArray(), fused(conv, bn, x, true).toArray(), 1e-4f);
    }

    @Test
    void trainingOrAutogradRunsTheUnfusedLayers() {
        Conv2d conv = new Conv2d(ConvSpec.of(2, 3, 5, 3).withPadding(1), new Rng(2));
        BatchNorm2d bn = new BatchNorm2d(5);
        train(conv, bn, 1);
        Tensor x = Tensor.randn(rng, 2, 3, 6, 7).requiresGrad(true);
        Tensor y = Fusion.convBn(conv, bn, x, true);
        assertNotNull(y.gradFn(), "with autograd on the graph is recorded");
        F.sum(y).backward();
        assertNotNull(conv.weight.grad());
        Tensor expected = unfused(conv, bn, x.detach(), true);
        assertArrayEquals(expected.toArray(), y.toArray(), 1e-6f);
    }

    @Test
    void residualBlockEndMatchesTheLayers() {
        Conv2d conv = new Conv2d(ConvSpec.of(2, 3, 5, 3).withPadding(1).withBias(false), new Rng(3));
        BatchNorm2d bn = new BatchNorm2d(5);
        train(conv, bn, 2);
        Tensor x = Tensor.randn(rng, 1, 3, 6, 7);
        Tensor residual = Tensor.randn(rng, 1, 5, 6, 7);
        Tensor expected = F.relu(F.add(unfused(conv, bn, x, false), residual));
        try (var s = GradMode.noGrad()) {
            assertArrayEquals(expected.toArray(), Fusion.convBnAddRelu(conv, bn, x, residual).toArray(), 1e-4f);
            // without batch norm: the convolution's own bias
            Tensor plain = F.relu(F.add(conv.forward(x), residual));
            assertArrayEquals(plain.toArray(), Fusion.convBnAddRelu(conv, null, x, residual).toArray(), 1e-5f);
        }
        // with autograd on: the same values through the recorded ops
        Tensor xg = x.copy().requiresGrad(true);
        Tensor y = Fusion.convBnAddRelu(conv, bn, xg, residual);
        assertNotNull(y.gradFn());
        assertArrayEquals(expected.toArray(), y.toArray(), 1e-4f);
    }

    @Test
    void addReluWritesOverItsFreshFirstOperandWithoutAutograd() {
        Tensor a = Tensor.randn(rng, 2, 3, 4);
        Tensor b = Tensor.randn(rng, 2, 3, 4);
        Tensor expected = F.relu(F.add(a, b));
        try (var s = GradMode.noGrad()) {
            Tensor y = Fusion.addRelu(a, b);
            assertSame(a, y);
            assertArrayEquals(expected.toArray(), y.toArray(), 0f);
        }
    }
}
