package dev.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Forward values of the losses against direct formulas (the gradient check covers their backward passes). */
class LossSemanticsTest {
    private static final Tensor LOGITS = Tensor.of(new float[][] {{1, 2, 3}, {0.5f, -1, 0}, {2, 2, 2}, {-3, 0, 3}});

    private static double logSoftmaxAt(float[] row, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (float v : row) {
            s += Math.exp(v - max);
        }
        return row[k] - max - Math.log(s);
    }

    private static float[] row(int i) {
        return LOGITS.select(0, i).toArray();
    }

    @Test
    void crossEntropyMatchesTheFormulaWithSmoothing() {
        int[] t = {2, 0, 1, 0};
        double eps = 0.2;
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            double all = 0;
            for (int k = 0; k < 3; k++) {
                all -= logSoftmaxAt(row(i), k);
            }
            expected += (1 - eps) * -logSoftmaxAt(row(i), t[i]) + eps * all / 3;
        }
        assertEquals(expected / 4, F.crossEntropy(LOGITS, t, Reduction.MEAN, 0.2f).item(), 1e-6);
        assertEquals(expected, F.crossEntropy(LOGITS, t, Reduction.SUM, 0.2f).item(), 1e-5);
        assertArrayEquals(new int[] {4}, F.crossEntropy(LOGITS, t, Reduction.NONE, 0f).shape());
    }

    @Test
    void ignoredTargetsAddNothingAndLeaveTheMean() {
        int[] t = {2, -100, 1, -100};
        double expected = (-logSoftmaxAt(row(0), 2) - logSoftmaxAt(row(2), 1)) / 2;
        assertEquals(expected, F.crossEntropy(LOGITS, t, Reduction.MEAN, 0f, -100).item(), 1e-6);
        Tensor x = LOGITS.copy().requiresGrad(true);
        F.crossEntropy(x, t, Reduction.MEAN, 0f, -100).backward();
        assertArrayEquals(new float[] {0, 0, 0}, x.grad().select(0, 1).toArray());
        assertTrue(Float.isNaN(F.crossEntropy(LOGITS, new int[] {-100, -100, -100, -100}, Reduction.MEAN, 0f, -100)
                .item()), "a mean over no targets is NaN, as in PyTorch");
        var e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(LOGITS, new int[] {0, 1, 3, 0}));
        assertTrue(e.getMessage().contains("target 2 is 3"), e.getMessage());
    }

    @Test
    void perPixelCrossEntropyEqualsTheFlattenedOne() {
        Tensor x = Tensor.randn(new Rng(3), 2, 3, 2, 2);
        int[] t = {0, 1, 2, 1, 2, 2, 0, 1};
        Tensor flat = x.permute(0, 2, 3, 1).reshape(-1, 3);
        assertEquals(F.crossEntropy(flat, t).item(), F.crossEntropy(x, t).item(), 1e-6);
        Tensor none = F.crossEntropy(x, t, Reduction.NONE, 0f);
        assertArrayEquals(new int[] {2, 2, 2}, none.shape());
        assertArrayEquals(F.crossEntropy(flat, t, Reduction.NONE, 0f).toArray(), none.toArray(), 1e-6f);
    }

    @Test
    void binaryLossesMatchTheirFormulas() {
        Tensor z = Tensor.of(-30f, -1f, 0f, 2f, 40f);
        Tensor t = Tensor.of(0f, 1f, 0.5f, 0.25f, 1f);
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            double p = 1 / (1 + Math.exp(-z.get(i)));
            double lp = Math.max(Math.log(p), -100);
            double lq = Math.max(Math.log1p(-p), -100);
            expected += -(t.get(i) * lp + (1 - t.get(i)) * lq);
        }
        // stable even where sigmoid saturates to 0 or 1 in float
        assertEquals(expected / 5, F.bceWithLogits(z, t).item(), 1e-5);
        assertEquals(Math.log(2), F.bce(Tensor.of(0.5f), Tensor.of(1f)).item(), 1e-6);
        assertEquals(100f, F.bce(Tensor.of(0f), Tensor.of(1f)).item(), "log clamped at -100");
        assertEquals(2.5f, F.mseLoss(Tensor.of(1f, 2f), Tensor.of(0f, 4f)).item());
        assertEquals(5f, F.mseLoss(Tensor.of(1f, 2f), Tensor.of(0f, 4f), Reduction.SUM).item());
    }
}
