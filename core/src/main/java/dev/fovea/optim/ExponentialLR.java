package dev.fovea.optim;

/** Multiplies the learning rate by {@code gamma} every epoch, as {@code torch.optim.lr_scheduler.ExponentialLR}. */
public record ExponentialLR(double gamma) implements LrSchedule {
    public ExponentialLR {
        LrSchedule.check(gamma > 0 && gamma < Double.POSITIVE_INFINITY, "ExponentialLR",
                "gamma must be a finite number > 0", gamma);
    }

    @Override
    public double lr(double baseLr, long epoch) {
        return baseLr * Math.pow(gamma, epoch);
    }
}
