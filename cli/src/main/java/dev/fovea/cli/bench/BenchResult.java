package dev.fovea.cli.bench;

/**
 * Timings of one case: per-run nanoseconds, best and median over {@code runs} timed samples, and, when compared,
 * the PyTorch best and median for the same work (NaN when absent).
 */
public record BenchResult(String name, BenchCase.Work work, int runs, double bestNanos, double medianNanos,
        double torchBestNanos, double torchMedianNanos, String torchNote) {

    static BenchResult of(String name, BenchCase.Work work, int runs, double best, double median) {
        return new BenchResult(name, work, runs, best, median, Double.NaN, Double.NaN, null);
    }

    BenchResult withTorch(double best, double median, String note) {
        return new BenchResult(name, work, runs, bestNanos, medianNanos, best, median, note);
    }

    double rate() {
        return work.rate(bestNanos);
    }

    boolean hasTorch() {
        return !Double.isNaN(torchBestNanos);
    }

    /** How many times faster Fovea is than PyTorch (best against best): above 1 means Fovea wins. */
    double speedup() {
        return torchBestNanos / bestNanos;
    }
}
