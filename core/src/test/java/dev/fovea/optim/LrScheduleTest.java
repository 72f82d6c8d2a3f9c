package dev.fovea.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1)), SGD.Options.of(lr));
    }

    private static void assertSequence(LrSchedule schedule, double base, double... expected) {
        SGD opt = sgd(base);
        LrScheduler s = new LrScheduler(opt, schedule);
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], opt.lr(), 1e-12, schedule + " at epoch " + e);
            s.step();
        }
    }

    @Test
    void stepMultiStepExponential() {
        assertSequence(new StepLR(2, 0.1), 1, 1, 1, 0.1, 0.1, 0.01);
        assertSequence(new MultiStepLR(List.of(3, 1), 0.5), 1, 1, 0.5, 0.5, 0.25, 0.25);
        assertSequence(new ExponentialLR(0.5), 2, 2, 1, 0.5, 0.25);
    }

    @Test
    void cosineAnnealing() {
        // base 1, etaMin 0.2, tMax 4: 0.2 + 0.8*(1+cos(pi*t/4))/2
        double r = Math.sqrt(0.5);
        assertSequence(new CosineAnnealingLR(4, 0.2), 1, 1, 0.2 + 0.4 * (1 + r), 0.6, 0.2 + 0.4 * (1 - r), 0.2);
    }

    @Test
    void linearWarmupThenCosine() {
        assertSequence(new LinearWarmup(4, 0.25, new CosineAnnealingLR(2)), 1,
                0.25, 0.4375, 0.625, 0.8125, 1, 0.5, 0);
        assertSequence(new LinearWarmup(2, 0.5), 0.1, 0.05, 0.075, 0.1, 0.1);
    }

    @Test
    void schedulerStateRoundTrip() {
        SGD a = sgd(1);
        LrScheduler s = new LrScheduler(a, new StepLR(2, 0.1));
        s.step();
        s.step();
        s.step();
        SGD b = sgd(1);
        LrScheduler t = new LrScheduler(b, new StepLR(2, 0.1));
        t.loadStateDict(s.stateDict());
        assertEquals(3, t.lastEpoch());
        assertEquals(a.lr(), b.lr(), 1e-15);
        s.step();
        t.step();
        assertEquals(a.lr(), b.lr(), 1e-15);
        assertEquals(0.01, b.lr(), 1e-12);
    }

    @Test
    void plateauReducesAfterPatienceAndWaitsForCooldown() {
        SGD opt = sgd(1);
        var p = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Options.defaults().withPatience(2).withCooldown(1));
        double[] metrics = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
        double[] expected = {1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.01};
        for (int e = 0; e < metrics.length; e++) {
            p.step(metrics[e]);
            assertEquals(expected[e], opt.lr(), 1e-12, "after epoch " + (e + 1));
        }
    }

    @Test
    void plateauMaxModeThresholdAndMinLr() {
        SGD opt = sgd(1);
        var p = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Options.defaults().withMode(ReduceLROnPlateau.Mode.MAX)
                .withPatience(0).withFactor(0.5).withMinLr(0.3)
                .withThreshold(0.1, ReduceLROnPlateau.ThresholdMode.ABS));
        p.step(0.5); // best 0.5
        assertEquals(1, opt.lr());
        p.step(0.55); // not better by 0.1: reduce
        assertEquals(0.5, opt.lr(), 1e-12);
        p.step(0.7); // better
        assertEquals(0.5, opt.lr(), 1e-12);
        p.step(0.7);
        assertEquals(0.3, opt.lr(), 1e-12); // clamped to minLr
        p.step(0.7);
        assertEquals(0.3, opt.lr(), 1e-12);
        SGD other = sgd(0.3);
        var q = new ReduceLROnPlateau(other, p.options());
        q.loadStateDict(p.stateDict());
        assertEquals(0.7, q.best());
        assertEquals(5, q.lastEpoch());
    }

    @Test
    void validatesHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> new StepLR(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.Options.defaults().withFactor(1));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(0));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(3, 0));
    }
}
