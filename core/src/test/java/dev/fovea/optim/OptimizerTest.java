package dev.fovea.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every optimizer against values worked out by hand from PyTorch's formulas. */
class OptimizerTest {
    private static Tensor param(float... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    private static void grad(Tensor p, float... g) {
        p.setGrad(Tensor.of(g, g.length));
    }

    @Test
    void sgdPlainWithWeightDecay() {
        Tensor p = param(1f, -2f);
        var opt = new SGD(List.of(p), SGD.Options.of(0.1).withWeightDecay(0.5));
        grad(p, 0.5f, 1f);
        opt.step();
        // g + 0.5*p = (1.0, 0.0); p - 0.1*g
        assertArrayEquals(new float[] {0.9f, -2f}, p.toArray(), 1e-6f);
    }

    @Test
    void sgdMomentumSkipsDampeningOnFirstStep() {
        Tensor p = param(1f);
        var opt = new SGD(List.of(p), SGD.Options.of(0.1).withMomentum(0.9).withDampening(0.5));
        grad(p, 1f);
        opt.step(); // buf = 1, p = 0.9
        assertEquals(0.9f, p.get(0), 1e-6f);
        grad(p, 2f);
        opt.step(); // buf = 0.9*1 + 0.5*2 = 1.9, p = 0.9 - 0.19
        assertEquals(0.71f, p.get(0), 1e-6f);
    }

    @Test
    void sgdNesterov() {
        Tensor p = param(0f);
        var opt = new SGD(List.of(p), SGD.Options.of(1).withMomentum(0.5).withNesterov(true));
        grad(p, 1f);
        opt.step(); // buf = 1, step = 1 + 0.5*1 = 1.5
        assertEquals(-1.5f, p.get(0), 1e-6f);
        grad(p, 1f);
        opt.step(); // buf = 0.5 + 1 = 1.5, step = 1 + 0.75 = 1.75
        assertEquals(-3.25f, p.get(0), 1e-6f);
    }

    @Test
    void adamFirstStepMovesByLrTimesSign() {
        Tensor p = param(1f, 1f);
        var opt = new Adam(List.of(p), Adam.Options.defaults().withLr(0.01).withEps(0));
        grad(p, 0.3f, -7f);
        opt.step(); // bias-corrected m/sqrt(v) = sign(g)
        assertArrayEquals(new float[] {0.99f, 1.01f}, p.toArray(), 1e-6f);
        assertEquals(1, opt.stepCount(0));
    }

    @Test
    void adamSecondStepByHand() {
        Tensor p = param(0f);
        var opt = new Adam(List.of(p), Adam.Options.defaults().withLr(0.1).withBetas(0.5, 0.75).withEps(0));
        grad(p, 1f);
        opt.step(); // p = -0.1
        grad(p, 3f);
        opt.step();
        // m = 0.5*0.5 + 0.5*3 = 1.75, v = 0.75*0.25 + 0.25*9 = 2.4375; bc1 = 0.75, bc2 = 0.4375
        double expected = -0.1 - 0.1 / 0.75 * 1.75 / (Math.sqrt(2.4375) / Math.sqrt(0.4375));
        assertEquals(expected, p.get(0), 1e-6);
    }

    @Test
    void adamL2VersusAdamWDecoupled() {
        Tensor a = param(2f);
        Tensor b = param(2f);
        var adam = new Adam(List.of(a), Adam.Options.defaults().withLr(0.1).withWeightDecay(0.5).withEps(0));
        var adamw = new AdamW(List.of(b), Adam.Options.defaults().withLr(0.1).withWeightDecay(0.5).withEps(0));
        grad(a, -0.5f); // g + 0.5*2 = 0.5 > 0: moves down by lr
        grad(b, -0.5f); // p *= 1 - 0.05 = 1.9, then moves up by lr
        adam.step();
        adamw.step();
        assertEquals(1.9f, a.get(0), 1e-6f);
        assertEquals(2.0f, b.get(0), 1e-6f);
    }

    @Test
    void amsgradKeepsTheMaximumSecondMoment() {
        Tensor p = param(0f);
        var opt = new Adam(List.of(p), Adam.Options.defaults().withLr(0.1).withBetas(0, 0.5).withEps(0)
                .withAmsgrad(true));
        grad(p, 2f);
        opt.step(); // v = 2, vmax = 2; bc2 = 0.5: denom = sqrt(2)/sqrt(0.5) = 2, m = 2 -> p = -0.1
        grad(p, 1f);
        opt.step(); // v = 1 + 0.5 = 1.5 < vmax 2; bc2 = 0.75: denom = sqrt(2/0.75); m = 1
        assertEquals(-0.1 - 0.1 / Math.sqrt(2 / 0.75), p.get(0), 1e-6);
    }

    @Test
    void rmspropPlainCenteredAndMomentum() {
        Tensor p = param(0f);
        var plain = new RMSprop(List.of(p), RMSprop.Options.defaults().withAlpha(0.75).withEps(0));
        grad(p, 2f);
        plain.step(); // v = 0.25*4 = 1, p -= 0.01 * 2 / 1
        assertEquals(-0.02f, p.get(0), 1e-7f);

        Tensor q = param(0f);
        var centered = new RMSprop(List.of(q), RMSprop.Options.defaults().withAlpha(0.75).withEps(0)
                .withCentered(true).withMomentum(0.5).withLr(1));
        grad(q, 2f);
        centered.step(); // v = 1, ga = 0.5, avg = sqrt(1 - 0.25); buf = 2/avg
        double buf = 2 / Math.sqrt(0.75);
        assertEquals(-buf, q.get(0), 1e-5);
        grad(q, 2f);
        centered.step(); // v = 0.75 + 1 = 1.75, ga = 0.375 + 0.5 = 0.875; buf = 0.5*buf + 2/avg
        buf = 0.5 * buf + 2 / Math.sqrt(1.75 - 0.875 * 0.875);
        assertEquals(-2 / Math.sqrt(0.75) - buf, q.get(0), 1e-5);
    }

    @Test
    void adagradWithInitialAccumulatorAndLrDecay() {
        Tensor p = param(0f);
        var opt = new Adagrad(List.of(p), Adagrad.Options.defaults().withLr(1).withLrDecay(1)
                .withInitialAccumulatorValue(0.44).withEps(0));
        grad(p, 0.6f);
        opt.step(); // sum = 0.8, clr = 1: p -= 0.6 / sqrt(0.8)
        double p1 = -0.6 / Math.sqrt(0.8);
        assertEquals(p1, p.get(0), 1e-6);
        grad(p, 0.6f);
        opt.step(); // sum = 1.16, clr = 1/2
        assertEquals(p1 - 0.5 * 0.6 / Math.sqrt(1.16), p.get(0), 1e-6);
    }

    @Test
    void paramGroupsHaveTheirOwnLrAndWeightDecay() {
        Tensor a = param(1f);
        Tensor b = param(1f);
        var opt = new SGD(SGD.Options.of(0.1), new ParamGroup(List.of(a)), new ParamGroup(List.of(b), 1, 1));
        grad(a, 1f);
        grad(b, 1f);
        opt.step();
        assertEquals(0.9f, a.get(0), 1e-6f);
        assertEquals(-1f, b.get(0), 1e-6f); // g = 1 + 1*1 = 2, lr 1
    }

    @Test
    void skipsParametersWithoutGradientAndZeroGradDropsThem() {
        Tensor a = param(1f);
        Tensor b = param(1f);
        var opt = new Adam(List.of(a, b), Adam.Options.defaults());
        grad(a, 1f);
        opt.step();
        assertEquals(1f, b.get(0));
        assertEquals(0, opt.stepCount(1));
        opt.zeroGrad();
        assertNull(a.grad());
    }

    @Test
    void stateDictRoundTripResumesExactly() {
        for (int kind = 0; kind < 5; kind++) {
            Tensor a = param(1f, 2f, 3f);
            Tensor b = param(1f, 2f, 3f);
            Optimizer first = make(kind, a);
            for (int s = 0; s < 3; s++) {
                grad(a, 0.1f * s, -0.2f, 0.3f);
                first.step();
            }
            Optimizer second = make(kind, b);
            second.loadStateDict(first.stateDict());
            System.arraycopy(a.toArray(), 0, b.storage(), 0, 3);
            grad(a, 0.5f, 0.5f, -1f);
            grad(b, 0.5f, 0.5f, -1f);
            first.step();
            second.step();
            assertArrayEquals(a.toArray(), b.toArray(), first.name());
            assertEquals(4, second.stepCount(0));
        }
    }

    private static Optimizer make(int kind, Tensor p) {
        return switch (kind) {
            case 0 -> new SGD(List.of(p), SGD.Options.of(0.1).withMomentum(0.9));
            case 1 -> new Adam(List.of(p), Adam.Options.defaults().withAmsgrad(true));
            case 2 -> new AdamW(List.of(p), Adam.Options.adamwDefaults());
            case 3 -> new RMSprop(List.of(p), RMSprop.Options.defaults().withCentered(true).withMomentum(0.5));
            default -> new Adagrad(List.of(p), Adagrad.Options.defaults().withLrDecay(0.1));
        };
    }

    @Test
    void loadStateDictRejectsAnotherOptimizersState() {
        Tensor a = param(1f);
        var adam = new Adam(List.of(a), Adam.Options.defaults());
        grad(a, 1f);
        adam.step();
        var sgd = new SGD(List.of(param(1f)), SGD.Options.of(0.1).withMomentum(0.9));
        var e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(adam.stateDict()));
        assertTrue(e.getMessage().contains("momentum_buffer"), e.getMessage());
        var wrongShape = new Adam(List.of(param(1f, 2f)), Adam.Options.defaults());
        e = assertThrows(IllegalArgumentException.class, () -> wrongShape.loadStateDict(adam.stateDict()));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }

    @Test
    void optionsAreValidatedWithClearMessages() {
        var e = assertThrows(IllegalArgumentException.class, () -> SGD.Options.of(-1));
        assertTrue(e.getMessage().contains("SGD: lr must be"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adam.Options.defaults().withBetas(0.9, 1.0));
        assertTrue(e.getMessage().contains("beta2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SGD.Options.of(0.1).withNesterov(true));
        assertTrue(e.getMessage().contains("nesterov"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RMSprop.Options.defaults().withAlpha(1.5));
        assertThrows(IllegalArgumentException.class, () -> Adagrad.Options.defaults().withEps(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), SGD.Options.of(0.1)));
        Tensor p = param(1f);
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p, p), SGD.Options.of(0.1)));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void addParamGroupStartsFreshStateForTheNewParameters() {
        Tensor a = param(1f);
        Tensor b = param(1f);
        var opt = new SGD(List.of(a), SGD.Options.of(0.1).withMomentum(0.5));
        grad(a, 1f);
        opt.step(); // a: buf 1, 0.9
        opt.addParamGroup(new ParamGroup(List.of(b), 1.0, Double.NaN));
        grad(a, 1f);
        grad(b, 1f);
        opt.step(); // a: buf 1.5 -> 0.75; b: first step, buf 1 -> 0
        assertEquals(0.75f, a.get(0), 1e-6f);
        assertEquals(0f, b.get(0), 1e-6f);
        assertEquals(2, opt.stepCount(0));
        assertEquals(1, opt.stepCount(1));
        assertEquals(0.0, opt.paramGroups().get(1).weightDecay());
        assertTrue(opt.stateDict().tensors().containsKey("state.1.momentum_buffer"));
        assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(new ParamGroup(List.of(a))));
    }
}
