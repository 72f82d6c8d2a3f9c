package dev.fovea.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Parallel loops on the thread team: every index runs exactly once whatever the size and grain, the caller takes
 * part, nested loops and loops of concurrent callers run inline, and a failing chunk's exception reaches the caller
 * while the team stays usable.
 */
class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[] {1, 2, 3, 7, 64, 1000, 4097}) {
            for (int grain : new int[] {1, 3, 500}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                for (int rep = 0; rep < 50; rep++) {
                    Parallel.forRange(n, grain, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(50, hits.get(i), "n " + n + ", grain " + grain + ", index " + i);
                }
            }
        }
    }

    @Test
    void theCallerRunsAChunkAndTheHelpersTheRest() {
        Thread caller = Thread.currentThread();
        ConcurrentHashMap<Thread, Boolean> seen = new ConcurrentHashMap<>();
        Parallel.forRange(Parallel.threads() * 10, (from, to) -> seen.put(Thread.currentThread(), true));
        assertTrue(seen.containsKey(caller), "the caller runs the first chunk itself");
        assertEquals(Parallel.threads(), seen.size(), "one thread per chunk");
        assertFalse(Parallel.inParallelRegion(), "outside a loop");
    }

    @Test
    void nestedLoopsRunOnTheThreadThatCallsThem() {
        AtomicInteger wrongThread = new AtomicInteger();
        AtomicInteger inner = new AtomicInteger();
        AtomicInteger outerChunks = new AtomicInteger();
        Parallel.forRange(8, (from, to) -> {
            outerChunks.incrementAndGet();
            assertTrue(Parallel.inParallelRegion());
            Thread outer = Thread.currentThread();
            Parallel.forRange(100, (a, b) -> {
                if (Thread.currentThread() != outer) {
                    wrongThread.incrementAndGet();
                }
                inner.addAndGet(b - a);
            });
        });
        assertEquals(0, wrongThread.get());
        assertEquals(Math.min(8, Parallel.threads()), outerChunks.get());
        assertEquals(100 * outerChunks.get(), inner.get());
    }

    @Test
    void concurrentCallersBothFinishTheirLoops() throws Exception {
        int threads = 4;
        AtomicIntegerArray sums = new AtomicIntegerArray(threads);
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int rep = 0; rep < 200; rep++) {
                    Parallel.forRange(1000, (from, to) -> sums.addAndGet(id, to - from));
                }
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join(60_000);
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(200 * 1000, sums.get(t), "caller " + t);
        }
    }

    @Test
    void aFailingChunkThrowsInTheCallerAndTheTeamCarriesOn() {
        IllegalStateException boom = new IllegalStateException("boom");
        for (int failing = 0; failing < Parallel.threads(); failing++) {
            int chunk = failing;
            int n = Parallel.threads() * 10;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Parallel.forRange(n, 10, (from, to) -> {
                        if (from / 10 == chunk) {
                            throw boom;
                        }
                    }));
            assertSame(boom, e);
        }
        AtomicInteger count = new AtomicInteger();
        Parallel.forRange(1000, (from, to) -> count.addAndGet(to - from));
        assertEquals(1000, count.get());
    }
}
