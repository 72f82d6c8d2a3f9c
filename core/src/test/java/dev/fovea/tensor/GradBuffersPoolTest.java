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
}
