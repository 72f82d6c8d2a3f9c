package dev.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph walk: accumulation, freeing, no-grad scopes and gradient buffer ownership. */
class AutogradEngineTest {
    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        F.sum(F.mul(w, 3f)).backward();
        F.sum(F.mul(w, 3f)).backward();
        assertArrayEquals(new float[] {6, 6}, w.grad().toArray());
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void backwardFreesTheGraph() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor h = F.exp(x);
        Tensor y = F.sum(h);
        y.backward();
        assertTrue(h.gradFn().inputs().isEmpty(), "the node and its saved tensors are released");
        assertNull(h.grad(), "intermediate gradients are messages, not kept");
        // a second pass through the freed part must fail, not return partial gradients
        var e = assertThrows(IllegalStateException.class, () -> F.sum(F.mul(h, 2f)).backward());
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void noGradRecordsNothingAndRestores() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        try (var scope = GradMode.noGrad()) {
            Tensor y = F.relu(F.mul(x, 2f));
            assertNull(y.gradFn());
            assertFalse(y.requiresGrad());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(F.relu(x).requiresGrad());
    }

    @Test
    void sharedUpstreamBufferIsNeverAliasedBetweenInputs() {
        // add sends dOut to both inputs: a shared buffer would double-count the second backward
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor b = Tensor.of(3f, 4f).requiresGrad(true);
        F.sum(F.add(a, b)).backward();
        assertNotSame(a.grad().storage(), b.grad().storage());
        F.sum(F.add(a, b)).backward();
        assertArrayEquals(new float[] {2, 2}, a.grad().toArray());
        assertArrayEquals(new float[] {2, 2}, b.grad().toArray());
    }

    @Test
    void callersUpstreamGradientIsNotAdoptedOrModified() {
        Tensor x = Tensor.of(1f, -2f).requiresGrad(true);
        Tensor dOut = Tensor.of(5f, 7f);
        F.relu(x).backward(dOut);
        assertArrayEquals(new float[] {5, 7}, dOut.toArray());
        assertArrayEquals(new float[] {5, 0}, x.grad().toArray());
        assertNotSame(dOut.storage(), x.grad().storage());
    }

    @Test
    void gradientArrivingAsAViewIsCopiedBeforeAccumulation() {
        // concat backward hands out narrow views of one buffer; the second accumulation must not spill over
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor b = Tensor.of(3f).requiresGrad(true);
        Tensor y = F.concat(List.of(a, b), 0);
        y.backward(Tensor.of(1f, 2f, 3f));
        F.concat(List.of(a, b), 0).backward(Tensor.of(10f, 20f, 30f));
        assertArrayEquals(new float[] {11, 22}, a.grad().toArray());
        assertArrayEquals(new float[] {33}, b.grad().toArray());
    }

    @Test
    void backwardNeedsAScalarOrAnExplicitGradient() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> F.exp(x).backward());
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Tensor.of(1f).backward());
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Tensor x = Tensor.of(0.5f).requiresGrad(true);
        Tensor h = x;
        for (int i = 0; i < 20000; i++) {
            h = F.add(h, 0f);
        }
        h.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    void longPointwiseRunsSplitOverThreadsGiveTheSameResults() {
        // above PointwiseOp.PARALLEL_MIN the loops are cut into chunks; compare with small (sequential) pieces
        int n = 3 * PointwiseOp.PARALLEL_MIN + 17;
        Tensor x = Tensor.uniform(new dev.fovea.tensor.Rng(9), -3f, 3f, n);
        Tensor r = Tensor.uniform(new dev.fovea.tensor.Rng(10), -1f, 1f, n);
        List<java.util.function.UnaryOperator<Tensor>> fns = List.of(F::gelu, F::sigmoid, F::tanh, t -> F.elu(t, 1f),
                F::softplus, t -> F.leakyRelu(t, 0.1f), t -> F.gelu(t, "tanh"), t -> F.pow(F.abs(t), 1.5f));
        for (var fn : fns) {
            Tensor big = x.copy().requiresGrad(true);
            Tensor yBig = fn.apply(big);
            yBig.backward(r);
            int piece = 1000;
            for (int at = 0; at < n; at += piece) {
                int len = Math.min(piece, n - at);
                Tensor small = x.narrow(0, at, len).copy().requiresGrad(true);
                Tensor y = fn.apply(small);
                y.backward(r.narrow(0, at, len));
                assertArrayEquals(y.toArray(), yBig.narrow(0, at, len).toArray());
                assertArrayEquals(small.grad().toArray(), big.grad().narrow(0, at, len).toArray());
            }
        }
    }

    @Test
    void viewsReturnNewTensorsNotTheInput() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor r = F.reshape(x, 2, 3);
        assertNotSame(x, r);
        assertSame(x, F.dropout(x, 0.5f, false, null), "dropout in eval is the identity, as in PyTorch");
    }
}
