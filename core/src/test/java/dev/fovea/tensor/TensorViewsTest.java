package dev.fovea.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorViewsTest {
    private static Tensor iota(int... shape) {
        return Tensor.arange(Tensor.numel(shape)).reshape(shape);
    }

    @Test
    void reshapeInfersMinusOneAndSharesStorage() {
        Tensor t = iota(2, 3, 4);
        Tensor r = t.reshape(6, -1);
        assertArrayEquals(new int[] {6, 4}, r.shape());
        assertSame(t.storage(), r.storage());
        var e = assertThrows(IllegalArgumentException.class, () -> t.reshape(5, -1));
        assertTrue(e.getMessage().contains("reshape"), e.getMessage());
    }

    @Test
    void permuteAndTransposeReorderWithoutCopy() {
        Tensor t = iota(2, 3, 4);
        Tensor p = t.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(t.get(1, 2, 3), p.get(3, 1, 2));
        assertFalse(p.isContiguous());
        assertThrows(IllegalStateException.class, () -> p.view(24));
        assertArrayEquals(p.toArray(), p.reshape(24).toArray());
        Tensor tt = iota(2, 3).t();
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tt.toArray());
    }

    @Test
    void sliceWithStepNarrowAndSelect() {
        Tensor t = iota(10);
        assertArrayEquals(new float[] {1, 4, 7}, t.slice(0, 1, 9, 3).toArray());
        assertArrayEquals(new float[] {7, 8, 9}, t.slice(0, -3, 100).toArray());
        assertEquals(0, t.slice(0, 5, 2).numel());
        Tensor m = iota(3, 4);
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, m.narrow(1, 1, 2).toArray());
        assertArrayEquals(new float[] {2, 6, 10}, m.select(1, 2).toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> m.narrow(1, 3, 2));
    }

    @Test
    void expandSqueezeUnsqueezeFlatten() {
        Tensor b = Tensor.of(new float[] {1, 2, 3}, 3, 1);
        Tensor e = b.expand(2, 3, 4);
        assertArrayEquals(new int[] {2, 3, 4}, e.shape());
        assertEquals(3f, e.get(1, 2, 3));
        assertEquals(0, e.strides()[2]);
        assertThrows(IllegalArgumentException.class, () -> b.expand(2, 2));
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3}, b.expand(3, 2).toArray());
        assertArrayEquals(new int[] {3}, b.squeeze().shape());
        assertArrayEquals(new int[] {3, 1}, b.squeeze(0).shape());
        assertArrayEquals(new int[] {1, 3, 1}, b.unsqueeze(0).shape());
        assertArrayEquals(new int[] {3, 1, 1}, b.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {2, 48}, Tensor.zeros(2, 3, 4, 4).flatten(1).shape());
        assertArrayEquals(new int[] {2, 3, 4, 4}, Tensor.zeros(2, 3, 4, 4).flatten(3).shape());
        assertArrayEquals(new int[] {96}, Tensor.zeros(2, 3, 4, 4).flatten().shape());
    }

    @Test
    void creation() {
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3).toArray());
        assertArrayEquals(new float[] {0.5f, 1.0f, 1.5f}, Tensor.arange(0.5f, 2f, 0.5f).toArray());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7, 2).toArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.of(new float[][] {{1, 2}, {3, 4}}).toArray());
        Tensor r = Tensor.randint(new Rng(1), 2, 5, 1000);
        assertEquals(2f, r.min().item());
        assertEquals(4f, r.max().item());
    }

    @Test
    void joinsAndPads() {
        Tensor a = iota(2, 2);
        Tensor b = iota(2, 1).add(10);
        assertArrayEquals(new float[] {0, 1, 10, 2, 3, 11}, Tensor.concat(java.util.List.of(a, b), -1).toArray());
        Tensor s = Tensor.stack(java.util.List.of(a, a), 1);
        assertArrayEquals(new int[] {2, 2, 2}, s.shape());
        assertArrayEquals(new float[] {0, 1, 0, 1, 2, 3, 2, 3}, s.toArray());
        var parts = iota(7).split(3, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new float[] {6}, parts.get(2).toArray());
        assertEquals(3, iota(6).chunk(4, 0).size());
        Tensor p = a.pad(new int[] {1, 0, 0, 1}, -1f);
        assertArrayEquals(new float[] {-1, 0, 1, -1, 2, 3, -1, -1, -1}, p.toArray());
        assertArrayEquals(new float[] {1, 3}, a.pad(new int[] {-1, 0}, 0).toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(java.util.List.of(a, iota(3, 1)), 1));
        assertTrue(e.getMessage().contains("concat"), e.getMessage());
    }
}
