package dev.fovea.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void countsTop1Top5AndConfusion() {
        // 3 samples, 6 classes
        Tensor logits = Tensor.of(new float[] {
            9, 1, 2, 3, 4, 5, // label 0: top-1
            0, 1, 2, 3, 4, 5, // label 0: five classes higher -> not top-5
            0, 1, 2, 3, 4, 5, // label 2: three higher -> top-5, not top-1
        }, 3, 6);
        Metrics m = new Metrics(6);
        m.update(logits, new int[] {0, 0, 2}, 0.5);
        assertEquals(1.0 / 3, m.top1(), 1e-12);
        assertEquals(2.0 / 3, m.top5(), 1e-12);
        assertEquals(0.5, m.loss(), 1e-12);
        assertEquals(1, m.confusion()[0][0]);
        assertEquals(1, m.confusion()[0][5]);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 1}, m.confusion()[2]);
        m.update(Tensor.of(new float[] {0, 1, 0, 0, 0, 0}, 1, 6), new int[] {1}, 1.5);
        assertEquals(0.5, m.top1(), 1e-12);
        assertEquals((0.5 * 3 + 1.5) / 4, m.loss(), 1e-12);
    }

    @Test
    void tiesDoNotCountAgainstTheTrueClass() {
        Metrics m = new Metrics(0);
        m.update(Tensor.of(new float[] {1, 1, 1}, 1, 3), new int[] {2}, 0);
        assertEquals(1.0, m.top1());
    }

    @Test
    void rejectsOutputsThatAreNotLogits() {
        Metrics m = new Metrics(0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.update(Tensor.zeros(2, 3, 4), new int[] {0, 1}, 0));
        assertTrue(e.getMessage().contains("[2, 3, 4]"), e.getMessage());
    }

    @Test
    void progressBarFormatsTime() {
        assertEquals("0:07", ProgressBar.formatSeconds(7.2));
        assertEquals("2:05", ProgressBar.formatSeconds(125));
        assertEquals("1:00:01", ProgressBar.formatSeconds(3601));
        assertEquals("?", ProgressBar.formatSeconds(Double.NaN));
    }

    @Test
    void recipeValidatesEveryField() {
        Recipe r = Models.LENET5_RECIPE;
        assertEquals("sgd", r.optimizer());
        assertThrows(IllegalArgumentException.class, () -> r.withOptimizer("lbfgs"));
        assertThrows(IllegalArgumentException.class, () -> r.withLr(0));
        assertThrows(IllegalArgumentException.class, () -> r.withSchedule("step:x:0.1"));
        assertThrows(IllegalArgumentException.class, () -> r.withLoss("hinge"));
        assertThrows(IllegalArgumentException.class, () -> r.withAugment("wobble"));
        assertEquals("multistep:3,6:0.1", r.withSchedule("multistep:3,6:0.1").schedule());
    }

    @Test
    void metricsLogWritesJsonWithNullForMissingValues() {
        EpochResult r = new EpochResult(2, 0.5, 0.9, 1.0, Double.NaN, Double.NaN, Double.NaN, 0.1, 3, 1000);
        String json = MetricsLog.toJson(r.asMap());
        assertTrue(json.startsWith("{\"epoch\":2,\"train_loss\":0.5,"), json);
        assertTrue(json.contains("\"val_loss\":null"), json);
        assertEquals(0.9, r.metric("train_top1"));
        assertThrows(IllegalArgumentException.class, () -> r.metric("accuracy"));
    }
}
