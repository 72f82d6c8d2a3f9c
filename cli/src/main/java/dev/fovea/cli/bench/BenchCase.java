package dev.fovea.cli.bench;

/**
 * One timed piece of work in {@code fovea bench}. The runner calls {@link #setup()} once, then {@link #run()}
 * repeatedly (warm-up first, then timed), then {@link #teardown()}. Keep allocation in setup: run() is what gets
 * timed. A case is cheap to construct; {@code fovea bench --only} builds every case but sets up only the selected
 * ones.
 *
 * <p>To add a case: implement this interface (or use {@link #of}) in a {@link BenchSuite} of your area and list the
 * suite in {@link BenchRegistry}. To compare with PyTorch, return a {@link TorchSpec} from {@link #torch()} and add
 * the matching {@code kind} to {@code bench/torch_bench.py}.
 */
public interface BenchCase {

    /** Unique, {@code /}-separated, suite first: {@code sgemm/1024}, {@code conv2d/a-forward}. */
    String name();

    /** What one {@link #run()} accomplishes, for the rate column (FLOPs, images, ...). */
    Work work();

    /** Allocates inputs and outputs; not timed. */
    void setup();

    /** The timed work; must do the same work on every call. */
    void run();

    /** Drops what setup allocated so the next case has the memory. */
    default void teardown() {}

    /** The same work in PyTorch, or null when there is no counterpart. */
    default TorchSpec torch() {
        return null;
    }

    /**
     * What one run does: {@code amount} of {@code unit}. FLOPs print as GFLOP/s; anything else as unit/s
     * ({@code Work.items(64, "img")} prints img/s).
     */
    record Work(double amount, String unit) {
        public Work {
            if (!(amount >= 0) || unit == null || unit.isBlank()) {
                throw new IllegalArgumentException("BenchCase.Work: expected an amount >= 0 and a unit, got "
                        + amount + " " + unit);
            }
        }

        public static Work flops(double flops) {
            return new Work(flops, "FLOP");
        }

        public static Work items(double count, String unit) {
            return new Work(count, unit);
        }

        boolean isFlops() {
            return unit.equals("FLOP");
        }

        /** Rate for one run of {@code nanos}: GFLOP/s for FLOPs, else units per second. */
        double rate(double nanos) {
            return isFlops() ? amount / nanos : amount / (nanos * 1e-9);
        }

        String rateUnit() {
            return isFlops() ? "GFLOP/s" : unit + "/s";
        }
    }

    /** A case from lambdas, for simple cases that need no class of their own. */
    static BenchCase of(String name, Work work, Runnable setup, Runnable run, Runnable teardown, TorchSpec torch) {
        return new BenchCase() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Work work() {
                return work;
            }

            @Override
            public void setup() {
                setup.run();
            }

            @Override
            public void run() {
                run.run();
            }

            @Override
            public void teardown() {
                teardown.run();
            }

            @Override
            public TorchSpec torch() {
                return torch;
            }
        };
    }
}
