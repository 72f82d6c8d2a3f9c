package dev.fovea.optim;

/** Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs, as {@code torch.optim.lr_scheduler.StepLR}. */
public record StepLR(int stepSize, double gamma) implements LrSchedule {
    public StepLR {
        LrSchedule.check(stepSize > 0, "StepLR", "stepSize must be > 0", stepSize);
        LrSchedule.check(gamma > 0 && gamma < Double.POSITIVE_INFINITY, "StepLR", "gamma must be a finite number > 0",
                gamma);
    }

    /** PyTorch's default gamma 0.1. */
    public StepLR(int stepSize) {
        this(stepSize, 0.1);
    }

    @Override
    public double lr(double baseLr, long epoch) {
        return baseLr * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }
}
