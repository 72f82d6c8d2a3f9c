package dev.fovea.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.autograd.F;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The per-thread pool of free buffers under its byte budget: a size that keeps coming back without being taken
 * must not lock the others out (the oldest buffers go first), and nothing is ever handed out twice.
 */
class GradBuffersPoolTest {
    private static final int A = 5_000;
    private static final int B = 7_000;
    private static final long BUDGET = 4L * 10 * B;

    @Test
    void aSizeThatIsNeverTakenDoesNotLockOutTheOthers() {
        GradBuffers.Pool pool = new GradBuffers.Pool(BUDGET);
        // one step's worth of a size the model asks for, then a flood of a size nobody takes (an op that
        // allocates its output itself and has it recycled after every sweep)
        float[] wanted = new float[B];
        pool.give(wanted);
        for (int i = 0; i < 30; i++) {
            pool.give(new float[A]);
        }
        assertTrue(pool.bytes() <= BUDGET, "the pool stays within its budget: " + pool.bytes());
        // the flood evicted the oldest buffer; a buffer given now is kept and handed out again
        float[] again = new float[B];
        pool.give(again);
        assertSame(again, pool.take(B));
        assertNull(pool.take(B), "the first buffer of that size went first, being the oldest");
        assertTrue(pool.bytes() <= BUDGET);
    }

    @Test
    void theNewestBufferOfASizeIsHandedOutFirstAndOnlyOnce() {
        GradBuffers.Pool pool = new GradBuffers.Pool(BUDGET);
        float[] first = new float[A];
        float[] second = new float[A];
        pool.give(first);
        pool.give(second);
        pool.give(second); // views sharing one storage can be given twice
        assertEquals(8L * A, pool.bytes());
        assertSame(second, pool.take(A)); // still warm in cache
        assertSame(first, pool.take(A));
        assertNull(pool.take(A));
        assertEquals(0, pool.bytes());
    }

    @Test
    void aBufferLargerThanTheBudgetIsNotKept() {
        GradBuffers.Pool pool = new GradBuffers.Pool(BUDGET);
        float[] small = new float[A];
        pool.give(small);
        pool.give(new float[(int) (BUDGET / 4) + 1]);
        assertSame(small, pool.take(A), "a buffer that could never fit must not evict the others");
    }

    /** Ops that take their outputs from the pool must write every element: recycled memory holds garbage. */
    @Test
    void opsOnRecycledGarbageGiveTheResultsOfFreshMemory() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 64, 4, 16, 16);
        Tensor w = Tensor.randn(rng, 96, 256);
        Tensor rows = x.reshape(256, 256).transpose(0, 1).contiguous();
        float[][] fresh = {
            F.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, false).toArray(),
            F.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true, false).toArray(),
            F.relu(x).toArray(),
            F.linear(rows, w, null).toArray(),
            F.linear(Tensor.zeros(64, 0), Tensor.zeros(96, 0), null).toArray(),
        };
        for (float[] r : fresh) {
            float[] garbage = new float[r.length];
            Arrays.fill(garbage, Float.NaN);
            GradBuffers.recycle(garbage);
        }
        float[][] recycled = {
            F.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, false).toArray(),
            F.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true, false).toArray(),
            F.relu(x).toArray(),
            F.linear(rows, w, null).toArray(),
            F.linear(Tensor.zeros(64, 0), Tensor.zeros(96, 0), null).toArray(),
        };
        for (int i = 0; i < fresh.length; i++) {
            assertTrue(fresh[i].length >= 4096, "large enough to be pooled: " + fresh[i].length);
            assertTrue(Arrays.equals(fresh[i], recycled[i]), "op " + i + " left recycled garbage in its output");
        }
    }

    /**
     * A tensor read by two ops gets two gradient buffers: the first becomes its gradient, the second is added into
     * it and is then dead. The sweep recycles that one (it would otherwise be garbage, and a fresh array allocated
     * in its place next step), and never the one that became the gradient.
     */
    @Test
    void aGradientAddedIntoAnotherIsRecycledButTheAdoptedOneIsNot() {
        int rows = 64;
        int in = 128;
        int n = rows * in;
        Rng rng = new Rng(5);
        for (int step = 0; step < 3; step++) {
            GradBuffers.clearKept();
            Tensor x = Tensor.randn(rng, rows, in).requiresGrad(true);
            Tensor w1 = Tensor.randn(rng, 32, in);
            Tensor w2 = Tensor.randn(rng, 48, in);
            // each linear sends x a fresh dx (not its dOut): ones @ w, every row the column sums of w
            F.sum(F.add(F.sum(F.linear(x, w1, null)), F.sum(F.linear(x, w2, null)))).backward();
            float[] grad = x.grad().storage();
            float[] s1 = columnSums(w1);
            float[] s2 = columnSums(w2);
            for (int i = 0; i < n; i++) {
                assertEquals(s1[i % in] + s2[i % in], grad[i], 1e-3, "step " + step + " gradient at " + i);
            }
            boolean recycled = false;
            for (int k = 0; k < 4; k++) {
                float[] b = GradBuffers.empty(n);
                assertTrue(b != grad, "the adopted gradient must never be handed out again");
                boolean one = true;
                boolean two = true;
                for (int i = 0; i < n; i++) {
                    one &= Math.abs(b[i] - s1[i % in]) <= 1e-3f;
                    two &= Math.abs(b[i] - s2[i % in]) <= 1e-3f;
                }
                recycled |= one || two;
                Arrays.fill(b, Float.NaN); // whoever takes it writes garbage: the next step must not see it
            }
            assertTrue(recycled, "the dx added into x.grad goes back to the pool");
        }
    }

    private static float[] columnSums(Tensor w) {
        int out = w.shape()[0];
        int in = w.shape()[1];
        float[] s = new float[in];
        for (int j = 0; j < out; j++) {
            for (int k = 0; k < in; k++) {
                s[k] += w.data()[j * in + k];
            }
        }
        return s;
    }
}
