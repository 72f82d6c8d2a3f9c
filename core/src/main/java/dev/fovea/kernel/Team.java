package dev.fovea.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The helper threads behind {@link Parallel}: the caller of a loop runs chunk 0 and helper {@code i} chunk
 * {@code i + 1}. Between loops a helper spins for {@link #SPIN_NANOS} before it parks, so the next loop of a
 * training step (usually a few microseconds to a few hundred away) starts on a running thread instead of waiting
 * for the scheduler to wake one; OpenMP runtimes do the same. The spin is short enough that an idle model costs
 * nothing and a busy machine loses at most that much per loop ({@code -Dfovea.spinMicros=0} parks at once).
 *
 * <p>Publication: each loop is an immutable {@link Job} in one volatile field, so a helper that lags behind a loop
 * it had no chunk in sees the next one whole, never one loop's body with another's size. Completion: a helper
 * counts {@code pending} down after its chunk, and the caller reads it before returning. A helper about to park
 * sets its {@code sleeping} flag and reads the job once more; the caller publishes the next job and then reads the
 * flag, so one of the two always sees the other and no wake-up is lost (the same handshake, with
 * {@code ownerParked}, wakes a caller that parked while waiting for a helper).
 */
final class Team {
    private static final long SPIN_NANOS = 1000L * Long.getLong("fovea.spinMicros", 200L);
    /**
     * Spin by yielding the core ({@code Thread.yield}) rather than by pausing it ({@code Thread.onSpinWait}): on an
     * idle core a yield returns at once, and on a machine busy with other processes it lets them, and this team's
     * other thread, run instead of burning the core the thread being waited for needs. Pausing was as fast on a
     * quiet machine and twice as slow as the fork/join pool at load 4 on 2 cores ({@code -Dfovea.spinYield=false}).
     */
    private static final boolean YIELD = !"false".equals(System.getProperty("fovea.spinYield"));

    private final Helper[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Job job = new Job(0, null, 0, 0);
    private volatile Thread owner;
    private volatile Throwable failure;
    private volatile boolean ownerParked;

    private record Job(long generation, Parallel.RangeBody body, int n, int chunks) {}

    Team(int size) {
        helpers = new Helper[size];
        for (int i = 0; i < size; i++) {
            helpers[i] = new Helper(i + 1);
            helpers[i].start();
        }
    }

    /** Whether the current thread is a helper or the caller of a loop in progress. */
    boolean isBusyHere() {
        Thread t = Thread.currentThread();
        return t instanceof Helper || t == owner;
    }

    /**
     * Runs the loop over the team; false (nothing run) when another thread is using the team, in which case the
     * caller runs the loop itself.
     */
    boolean run(Parallel.RangeBody body, int n, int chunks) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        owner = Thread.currentThread();
        try {
            pending.set(chunks - 1);
            job = new Job(job.generation() + 1, body, n, chunks);
            for (int i = 0; i < chunks - 1; i++) {
                if (helpers[i].sleeping) {
                    LockSupport.unpark(helpers[i]);
                }
            }
            Throwable mine = null;
            try {
                runChunk(body, n, chunks, 0);
            } catch (Throwable t) {
                mine = t;
            }
            awaitHelpers();
            // the same generation without the body: the finished loop's lambda (and the arrays it captured) must
            // not stay reachable until the next loop
            job = new Job(job.generation(), null, 0, 0);
            Throwable theirs = failure;
            failure = null;
            if (mine != null) {
                rethrow(mine);
            }
            if (theirs != null) {
                rethrow(theirs);
            }
            return true;
        } finally {
            owner = null;
            busy.set(false);
        }
    }

    private void awaitHelpers() {
        // chunks are equal, so the helpers are usually done within microseconds; a helper that lags (slow code
        // still being compiled, or its core lost to another process) gets the core instead of a spinning caller
        long spinStart = System.nanoTime();
        for (int spins = 1; pending.get() != 0; spins++) {
            if ((spins & 7) != 0 || System.nanoTime() - spinStart < SPIN_NANOS) {
                pause();
                continue;
            }
            ownerParked = true;
            if (pending.get() != 0) {
                LockSupport.park(this);
            }
            ownerParked = false;
        }
    }

    private static void pause() {
        if (YIELD) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    private static void runChunk(Parallel.RangeBody body, int n, int chunks, int chunk) {
        int from = (int) ((long) n * chunk / chunks);
        int to = (int) ((long) n * (chunk + 1) / chunks);
        body.run(from, to);
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("parallel loop failed: " + t, t);
    }

    private final class Helper extends Thread {
        private final int chunk;
        volatile boolean sleeping;

        Helper(int chunk) {
            super("fovea-parallel-" + chunk);
            this.chunk = chunk;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                Job j = awaitJob(seen);
                seen = j.generation();
                if (chunk >= j.chunks()) {
                    continue; // a loop with fewer chunks than threads: nothing for this helper
                }
                try {
                    runChunk(j.body(), j.n(), j.chunks(), chunk);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (pending.decrementAndGet() == 0 && ownerParked) {
                        LockSupport.unpark(owner);
                    }
                }
            }
        }

        private Job awaitJob(long seen) {
            long spinStart = System.nanoTime();
            for (int spins = 1; ; spins++) {
                Job j = job;
                if (j.generation() != seen) {
                    return j;
                }
                if ((spins & 7) != 0 || System.nanoTime() - spinStart < SPIN_NANOS) {
                    pause();
                    continue;
                }
                sleeping = true;
                if (job.generation() == seen) {
                    LockSupport.park(this);
                }
                sleeping = false;
                spinStart = System.nanoTime();
            }
        }
    }
}
