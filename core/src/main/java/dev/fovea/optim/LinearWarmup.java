package dev.fovea.optim;

/**
 * A linear warm-up from {@code startFactor * base} to {@code base} over {@code warmupSteps} steps (PyTorch's
 * {@code LinearLR} with end factor 1), then {@code then} started afresh at epoch 0, the way
 * {@code SequentialLR([LinearLR, then], milestones=[warmupSteps])} hands over. {@code then} may be null for a
 * constant learning rate after the warm-up.
 */
public record LinearWarmup(long warmupSteps, double startFactor, LrSchedule then) implements LrSchedule {
    public LinearWarmup {
        LrSchedule.check(warmupSteps > 0, "LinearWarmup", "warmupSteps must be > 0", warmupSteps);
        LrSchedule.check(startFactor > 0 && startFactor <= 1, "LinearWarmup", "startFactor must be in (0, 1]",
                startFactor);
    }

    /** Warm-up followed by a constant learning rate. */
    public LinearWarmup(long warmupSteps, double startFactor) {
        this(warmupSteps, startFactor, null);
    }

    @Override
    public double lr(double baseLr, long epoch) {
        if (epoch < warmupSteps) {
            return baseLr * (startFactor + (1 - startFactor) * Math.max(epoch, 0) / warmupSteps);
        }
        return then == null ? baseLr : then.lr(baseLr, epoch - warmupSteps);
    }
}
