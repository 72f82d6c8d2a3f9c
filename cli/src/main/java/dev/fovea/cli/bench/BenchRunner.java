package dev.fovea.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times cases: warm-up runs until {@code warmupSeconds} have passed and the run time has settled (so the JIT has
 * compiled the hot paths), then timed samples until {@code seconds} have passed, at least {@code minRuns} of them.
 * Runs shorter than ~0.2 ms are timed in batches so the clock's resolution does not matter. Reports the best sample
 * (least disturbed by other processes on a shared machine) and the median.
 */
public final class BenchRunner {
    private static final double MIN_SAMPLE_NANOS = 200_000;
    private static final int MAX_SAMPLES = 10_000;

    private final double warmupSeconds;
    private final double seconds;
    private final int minRuns;
    private final PrintStream progress;

    public BenchRunner(double warmupSeconds, double seconds, int minRuns, PrintStream progress) {
        if (!(warmupSeconds >= 0) || !(seconds >= 0) || minRuns < 1) {
            throw new IllegalArgumentException("bench: expected warm-up and measure seconds >= 0 and at least 1 run, "
                    + "got " + warmupSeconds + ", " + seconds + ", " + minRuns);
        }
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.minRuns = minRuns;
        this.progress = progress;
    }

    public List<BenchResult> runAll(List<BenchCase> cases) {
        List<BenchResult> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            BenchCase c = cases.get(i);
            progress.printf("[%d/%d] %s ...%n", i + 1, cases.size(), c.name());
            BenchResult r;
            try {
                r = run(c);
            } catch (RuntimeException | OutOfMemoryError e) {
                // One broken case should not cost the numbers of all the others.
                progress.printf("[%d/%d] %s FAILED, left out of the results: %s%n", i + 1, cases.size(), c.name(),
                        e);
                continue;
            }
            progress.printf("[%d/%d] %s: %s ms best of %d%n", i + 1, cases.size(), c.name(),
                    BenchReport.ms(r.bestNanos()), r.runs());
            out.add(r);
        }
        return out;
    }

    public BenchResult run(BenchCase c) {
        c.setup();
        try {
            int batch = warmUp(c);
            double[] samples = new double[Math.max(minRuns, 16)];
            int n = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while ((n < minRuns || System.nanoTime() < end) && n < MAX_SAMPLES) {
                long t0 = System.nanoTime();
                for (int b = 0; b < batch; b++) {
                    c.run();
                }
                double perRun = (double) (System.nanoTime() - t0) / batch;
                if (n == samples.length) {
                    samples = Arrays.copyOf(samples, n * 2);
                }
                samples[n++] = perRun;
            }
            double[] sorted = Arrays.copyOf(samples, n);
            Arrays.sort(sorted);
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return BenchResult.of(c.name(), c.work(), n, sorted[0], median);
        } finally {
            c.teardown();
        }
    }

    /**
     * Runs until warm and returns how many runs make one sample of at least {@link #MIN_SAMPLE_NANOS}. Warm means
     * at least {@code warmupSeconds} have passed and the fastest run has stopped improving (by 3%) for a quarter of
     * that (at least 0.2 s): on a loaded machine the JIT may need several seconds to compile the vector kernels, and
     * timing them half-compiled would be meaningless. Gives up waiting after five times the warm-up (at least 5 s).
     */
    private int warmUp(BenchCase c) {
        long start = System.nanoTime();
        long minEnd = start + (long) (warmupSeconds * 1e9);
        long quiet = (long) (Math.max(0.2, warmupSeconds / 4) * 1e9);
        long cap = start + (long) (Math.max(5, 5 * warmupSeconds) * 1e9);
        double fastest = Double.MAX_VALUE;
        long lastGain = start;
        int runs = 0;
        while (true) {
            long t0 = System.nanoTime();
            c.run();
            long t1 = System.nanoTime();
            if (t1 - t0 < fastest * 0.97) {
                lastGain = t1;
            }
            fastest = Math.min(fastest, t1 - t0);
            runs++;
            boolean settled = t1 >= minEnd && t1 - lastGain >= quiet;
            if (runs >= 2 && (settled || t1 >= cap || warmupSeconds == 0)) {
                break;
            }
        }
        return (int) Math.max(1, Math.min(10_000, Math.ceil(MIN_SAMPLE_NANOS / Math.max(1, fastest))));
    }
}
