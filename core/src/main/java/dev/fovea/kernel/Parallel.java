package dev.fovea.kernel;

import java.util.concurrent.ForkJoinTask;

/**
 * Data-parallel loops on a fixed team of threads sized to the machine ({@code -Dfovea.threads=N} overrides). Work
 * is cut into at most one chunk per thread, so callers should parallelise over coarse units: batch items, output
 * blocks, GEMM panels.
 *
 * <p>The calling thread runs the first chunk itself and the team's helpers the others (see {@link Team}): a
 * training step is a few dozen parallel loops of 20-300 µs each, and handing each one to a pool, waking its parked
 * workers and parking the caller cost 50-100 µs per loop on this 2-core machine (measured with an empty body),
 * about a quarter of a LeNet-5 step.
 */
public final class Parallel {
    /** Body of a parallel loop: processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int THREADS = Math.max(1, Integer.getInteger("fovea.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final Team TEAM = THREADS > 1 ? new Team(THREADS - 1) : null;

    private Parallel() {}

    public static int threads() {
        return THREADS;
    }

    /**
     * Whether the current thread already runs inside a parallel loop (or a fork/join task), where a nested loop
     * runs on the calling thread: cutting work for several threads there would only repeat per-task setup.
     */
    public static boolean inParallelRegion() {
        return (TEAM != null && TEAM.isBusyHere()) || ForkJoinTask.inForkJoinPool();
    }

    /** Runs {@code body} over {@code [0, n)} split into contiguous chunks, one per thread at most. */
    public static void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    /**
     * Like {@link #forRange(int, RangeBody)} but never makes a chunk smaller than {@code grain} indices, so tiny
     * loops stay on the calling thread.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        // nested loops, and loops of a second thread while the team works for another (two models trained in
        // two threads), run on the calling thread
        if (chunks <= 1 || TEAM == null || inParallelRegion() || !TEAM.run(body, n, chunks)) {
            body.run(0, n);
        }
    }
}
