package dev.fovea.optim;

/**
 * A learning-rate schedule as a pure function of the base learning rate and the epoch (or step) count, the closed
 * forms of PyTorch's schedulers. Being pure, schedules compose ({@link LinearWarmup} runs one after a warm-up) and an
 * {@link LrScheduler} resumes one exactly from nothing but its epoch count.
 */
public interface LrSchedule {
    /** The learning rate at {@code epoch} (0 = before the first {@code step()}) for a group whose base is {@code baseLr}. */
    double lr(double baseLr, long epoch);

    static void check(boolean ok, String schedule, String what, double got) {
        if (!ok) {
            throw new IllegalArgumentException(schedule + ": " + what + ", got " + got);
        }
    }
}
