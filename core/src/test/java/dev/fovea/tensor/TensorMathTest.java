package dev.fovea.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorMathTest {
    private static Tensor iota(int... shape) {
        return Tensor.arange(Tensor.numel(shape)).reshape(shape);
    }

    @Test
    void broadcastingBinaryOps() {
        Tensor a = iota(2, 3);
        Tensor row = Tensor.of(10, 20, 30);
        Tensor col = Tensor.of(new float[] {100, 200}, 2, 1);
        assertArrayEquals(new float[] {10, 21, 32, 13, 24, 35}, a.add(row).toArray());
        assertArrayEquals(new float[] {100, 101, 102, 203, 204, 205}, a.add(col).toArray());
        assertArrayEquals(new float[] {0, 20, 60, 30, 80, 150}, a.mul(row).toArray());
        assertArrayEquals(new float[] {-10, -19, -28, -7, -16, -25}, a.sub(row).toArray());
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, a.div(2).toArray());
        assertArrayEquals(new int[] {2, 2, 3}, a.add(iota(2, 1, 1)).shape());
        // non-contiguous operand
        assertArrayEquals(new float[] {0, 3, 3, 6}, iota(2, 2).t().add(iota(2, 2)).toArray(), 0f);
        var e = assertThrows(IllegalArgumentException.class, () -> a.add(iota(2)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void unaryAndComparisons() {
        Tensor x = Tensor.of(-2, -0.5f, 0, 1, 4);
        assertArrayEquals(new float[] {2, 0.5f, 0, 1, 4}, x.abs().toArray());
        assertArrayEquals(new float[] {-1, -0.5f, 0, 1, 1}, x.clamp(-1, 1).toArray());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1}, x.gt(0).toArray());
        assertArrayEquals(new float[] {4, 0.25f, 0, 1, 16}, x.pow(2).toArray());
        assertArrayEquals(new float[] {0, 0, 0, 1, 4}, x.relu().toArray());
        assertArrayEquals(new float[] {2, 0.5f, 0, 1, 4}, x.maximum(x.neg()).toArray());
        assertEquals(2f, Tensor.of(4f).sqrt().item());
        assertEquals((float) Math.exp(1), Tensor.of(1f).exp().item());
    }

    @Test
    void inPlaceOps() {
        Tensor p = Tensor.ones(2, 3);
        p.addInPlace(iota(2, 3), -0.5f);
        assertArrayEquals(new float[] {1, 0.5f, 0, -0.5f, -1, -1.5f}, p.toArray());
        p.mulInPlace(2).addInPlace(Tensor.of(1, 1, 1));
        assertArrayEquals(new float[] {3, 2, 1, 0, -1, -2}, p.toArray());
        Tensor view = p.narrow(1, 1, 1);
        view.fillInPlace(9);
        assertArrayEquals(new float[] {3, 9, 1, 0, 9, -2}, p.toArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).addInPlace(Tensor.zeros(2, 3)));
        Tensor q = Tensor.of(4, 9);
        q.sqrtInPlace();
        assertArrayEquals(new float[] {2, 3}, q.toArray());
    }

    @Test
    void reductions() {
        Tensor x = iota(2, 3, 4);
        assertEquals(276f, x.sum().item());
        assertArrayEquals(new float[] {12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34}, x.sum(0, false).toArray());
        assertArrayEquals(new int[] {2, 1, 4}, x.sum(1, true).shape());
        assertArrayEquals(new float[] {12, 15, 18, 21, 48, 51, 54, 57}, x.sum(1, false).toArray());
        assertArrayEquals(new float[] {6, 22, 38, 54, 70, 86}, x.sum(-1, false).toArray());
        assertArrayEquals(new float[] {60, 92, 124}, x.sum(new int[] {0, 2}, false).toArray());
        assertEquals(11.5f, x.mean().item());
        assertArrayEquals(new float[] {8, 9, 10, 11, 20, 21, 22, 23}, x.max(1, false).toArray());
        assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3}, x.argmax(2, false).toArray());
        assertEquals(23, x.argmax());
        assertArrayEquals(new float[] {1, 1}, Tensor.of(new float[] {1, 2, 3, 3, 4, 5}, 2, 3).var(1, false).toArray(),
                1e-6f);
        assertArrayEquals(new float[] {2f / 3, 2f / 3},
                Tensor.of(new float[] {1, 2, 3, 3, 4, 5}, 2, 3).var(new int[] {1}, 0, false).toArray(), 1e-6f);
        assertArrayEquals(new float[] {3, 5, 7}, iota(2, 3).sumToSize(1, 3).toArray());
        assertArrayEquals(new float[] {3, 12}, iota(2, 3).sumToSize(2, 1).toArray());
        // reduce over a strided view
        assertArrayEquals(new float[] {6, 9}, iota(3, 2).t().sum(1, false).toArray());
    }

    @Test
    void matmulAllShapes() {
        Tensor a = iota(2, 3);
        Tensor b = iota(3, 2);
        assertArrayEquals(new float[] {10, 13, 28, 40}, a.matmul(b).toArray());
        // transposed views go through sgemm's flags
        assertArrayEquals(new float[] {10, 28, 13, 40}, b.t().matmul(a.t()).toArray());
        assertArrayEquals(new float[] {5, 14}, a.matmul(Tensor.of(0, 1, 2)).toArray());
        assertArrayEquals(new float[] {3, 4, 5}, Tensor.of(0, 1).matmul(a).toArray());
        assertEquals(5f, Tensor.of(0, 1, 2).matmul(Tensor.of(0, 1, 2)).item());
        Tensor batch = iota(2, 2, 3);
        Tensor prod = batch.matmul(b);
        assertArrayEquals(new int[] {2, 2, 2}, prod.shape());
        assertArrayEquals(new float[] {46, 67, 64, 94}, prod.select(0, 1).toArray());
        Tensor bb = Tensor.stack(java.util.List.of(b, b.mul(2)), 0);
        Tensor r = batch.bmm(bb);
        assertArrayEquals(new float[] {92, 134, 128, 188}, r.select(0, 1).toArray());
        // broadcast batch: [2,1,2,3] x [3,3,2]
        Tensor bc = iota(2, 1, 2, 3).matmul(Tensor.stack(java.util.List.of(b, b, b), 0));
        assertArrayEquals(new int[] {2, 3, 2, 2}, bc.shape());
        var e = assertThrows(IllegalArgumentException.class, () -> a.matmul(a));
        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
    }

    @Test
    void rngIsReproducibleAndRestorable() {
        Rng r = new Rng(42);
        r.nextGaussian();
        long[] state = r.state();
        double g1 = r.nextGaussian();
        float f1 = r.nextFloat();
        r.setState(state);
        assertEquals(g1, r.nextGaussian());
        assertEquals(f1, r.nextFloat());
        assertNotEquals(new Rng(1).nextLong(), new Rng(2).nextLong());
        Tensor n = Tensor.randn(new Rng(7), 20000);
        assertEquals(0.0, n.mean().item(), 0.03);
        assertEquals(1.0, n.var().item(), 0.05);
        Tensor u = Tensor.rand(new Rng(7), 20000);
        assertEquals(0.5, u.mean().item(), 0.01);
        assertTrue(u.min().item() >= 0 && u.max().item() < 1);
    }

    @Test
    void printsSmallAndLargeNumbers() {
        String s = Tensor.of(1e-8f, 12345.678f).toString();
        assertTrue(s.contains("1.0000e-08"), s);
        String big = Tensor.arange(2000).reshape(40, 50).t().toString();
        assertTrue(big.startsWith("tensor([[0.0, 50.0, 100.0, ..., 1850.0, 1900.0, 1950.0],"), big);
        assertTrue(big.contains("...") && big.endsWith("shape=[50, 40])"), big);
        assertEquals("tensor(nan, shape=[])", Tensor.scalar(Float.NaN).toString());
    }
}
