package dev.fovea.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Multiplies the learning rate by {@code gamma} at each milestone epoch, as
 * {@code torch.optim.lr_scheduler.MultiStepLR}; a milestone listed twice applies gamma twice.
 */
public record MultiStepLR(List<Integer> milestones, double gamma) implements LrSchedule {
    public MultiStepLR {
        List<Integer> sorted = new ArrayList<>(milestones);
        for (Integer m : sorted) {
            if (m == null || m < 0) {
                throw new IllegalArgumentException("MultiStepLR: milestones must be epochs >= 0, got " + milestones);
            }
        }
        Collections.sort(sorted);
        milestones = List.copyOf(sorted);
        LrSchedule.check(gamma > 0 && gamma < Double.POSITIVE_INFINITY, "MultiStepLR",
                "gamma must be a finite number > 0", gamma);
    }

    @Override
    public double lr(double baseLr, long epoch) {
        int passed = 0; // bisect_right: milestones <= epoch
        for (int m : milestones) {
            if (m <= epoch) {
                passed++;
            }
        }
        return baseLr * Math.pow(gamma, passed);
    }
}
