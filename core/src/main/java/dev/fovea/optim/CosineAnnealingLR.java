package dev.fovea.optim;

/**
 * Cosine annealing from the base learning rate down to {@code etaMin} over {@code tMax} epochs (the closed form of
 * {@code torch.optim.lr_scheduler.CosineAnnealingLR}): {@code etaMin + (base - etaMin) * (1 + cos(pi*t/tMax)) / 2}.
 * Past {@code tMax} the cosine continues, rising again, as PyTorch's does.
 */
public record CosineAnnealingLR(long tMax, double etaMin) implements LrSchedule {
    public CosineAnnealingLR {
        LrSchedule.check(tMax > 0, "CosineAnnealingLR", "tMax must be > 0", tMax);
        LrSchedule.check(etaMin >= 0 && etaMin < Double.POSITIVE_INFINITY, "CosineAnnealingLR",
                "etaMin must be a finite number >= 0", etaMin);
    }

    public CosineAnnealingLR(long tMax) {
        this(tMax, 0);
    }

    @Override
    public double lr(double baseLr, long epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
