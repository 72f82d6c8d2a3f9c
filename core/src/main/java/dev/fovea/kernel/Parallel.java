package dev.fovea.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Data-parallel loops over a fixed pool sized to the machine ({@code -Dfovea.threads=N} overrides). Work is cut
 * into at most one chunk per thread, so callers should parallelise over coarse units: batch items, output
 * blocks, GEMM panels.
 */
public final class Parallel {
    /** Body of a parallel loop: processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int THREADS = Integer.getInteger("fovea.threads",
            Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private Parallel() {}

    public static int threads() {
        return THREADS;
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
        if (chunks <= 1 || POOL == null || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        POOL.invoke(new Chunks(body, n, chunks, 0, chunks));
    }

    private static final class Chunks extends RecursiveAction {
        private final RangeBody body;
        private final int n;
        private final int chunks;
        private final int lo;
        private final int hi;

        Chunks(RangeBody body, int n, int chunks, int lo, int hi) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                long from = (long) n * lo / chunks;
                long to = (long) n * (lo + 1) / chunks;
                body.run((int) from, (int) to);
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunks(body, n, chunks, lo, mid), new Chunks(body, n, chunks, mid, hi));
        }
    }
}
