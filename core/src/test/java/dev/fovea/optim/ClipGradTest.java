package dev.fovea.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipGradTest {
    private static Tensor withGrad(float... g) {
        Tensor p = Tensor.zeros(g.length).requiresGrad(true);
        p.setGrad(Tensor.of(g, g.length));
        return p;
    }

    @Test
    void clipsByGlobalNormAndReturnsTheNormBefore() {
        Tensor a = withGrad(3f);
        Tensor b = withGrad(0f, 4f);
        Tensor none = Tensor.zeros(2).requiresGrad(true);
        double norm = ClipGrad.clipGradNorm(List.of(a, b, none), 1.0);
        assertEquals(5.0, norm, 1e-9);
        double c = 1 / (5 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * c)}, a.grad().toArray(), 1e-7f);
        assertArrayEquals(new float[] {0f, (float) (4 * c)}, b.grad().toArray(), 1e-7f);
    }

    @Test
    void leavesSmallGradientsAloneAndSupportsMaxNorm() {
        Tensor a = withGrad(0.3f, -0.4f);
        assertEquals(0.5, ClipGrad.clipGradNorm(List.of(a), 1.0), 1e-7);
        assertArrayEquals(new float[] {0.3f, -0.4f}, a.grad().toArray());
        assertEquals(0.4, ClipGrad.clipGradNorm(List.of(a), 0.2, Double.POSITIVE_INFINITY, false), 1e-7);
        assertEquals(-0.2f, a.grad().get(1), 1e-6f);
        assertEquals(0.7, ClipGrad.clipGradNorm(List.of(withGrad(0.3f, -0.4f)), 10, 1, false), 1e-7);
    }

    @Test
    void nonFiniteNormThrowsWhenAsked() {
        Tensor a = withGrad(Float.NaN, 1f);
        assertThrows(IllegalStateException.class, () -> ClipGrad.clipGradNorm(List.of(a), 1, 2, true));
    }

    @Test
    void clipsByValue() {
        Tensor a = withGrad(-3f, 0.5f, 2f);
        ClipGrad.clipGradValue(List.of(a), 1.0);
        assertArrayEquals(new float[] {-1f, 0.5f, 1f}, a.grad().toArray());
    }
}
