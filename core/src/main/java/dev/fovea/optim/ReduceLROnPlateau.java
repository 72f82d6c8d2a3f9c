package dev.fovea.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lowers the learning rate when a watched metric stops improving, as
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau}: after more than {@code patience} epochs without an improvement
 * beyond {@code threshold}, every group's rate is multiplied by {@code factor} (not below {@code minLr}), then
 * {@code cooldown} epochs pass before bad epochs are counted again.
 */
public final class ReduceLROnPlateau {
    /** Whether a lower ({@code MIN}, e.g. a loss) or higher ({@code MAX}, e.g. accuracy) metric is better. */
    public enum Mode { MIN, MAX }

    /** Whether {@code threshold} is relative to the best value so far ({@code REL}) or an absolute margin. */
    public enum ThresholdMode { REL, ABS }

    /** Validated options; {@link #defaults()} gives PyTorch's. */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
            int cooldown, double minLr, double eps) {
        public Options {
            if (mode == null || thresholdMode == null) {
                throw new IllegalArgumentException("ReduceLROnPlateau: mode and thresholdMode must not be null");
            }
            LrSchedule.check(factor > 0 && factor < 1, "ReduceLROnPlateau",
                    "factor must be in (0, 1) (0.1 divides the rate by 10)", factor);
            LrSchedule.check(patience >= 0, "ReduceLROnPlateau", "patience must be >= 0", patience);
            LrSchedule.check(threshold >= 0 && threshold < Double.POSITIVE_INFINITY, "ReduceLROnPlateau",
                    "threshold must be a finite number >= 0", threshold);
            LrSchedule.check(cooldown >= 0, "ReduceLROnPlateau", "cooldown must be >= 0", cooldown);
            LrSchedule.check(minLr >= 0 && minLr < Double.POSITIVE_INFINITY, "ReduceLROnPlateau",
                    "minLr must be a finite number >= 0", minLr);
            LrSchedule.check(eps >= 0, "ReduceLROnPlateau", "eps must be >= 0", eps);
        }

        /** mode min, factor 0.1, patience 10, threshold 1e-4 relative, cooldown 0, minLr 0, eps 1e-8. */
        public static Options defaults() {
            return new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
        }

        public Options withMode(Mode v) {
            return new Options(v, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withFactor(double v) {
            return new Options(mode, v, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withPatience(int v) {
            return new Options(mode, factor, v, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withThreshold(double v, ThresholdMode m) {
            return new Options(mode, factor, patience, v, m, cooldown, minLr, eps);
        }

        public Options withCooldown(int v) {
            return new Options(mode, factor, patience, threshold, thresholdMode, v, minLr, eps);
        }

        public Options withMinLr(double v) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, v, eps);
        }
    }

    private final Optimizer optimizer;
    private final Options options;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private long lastEpoch;

    public ReduceLROnPlateau(Optimizer optimizer, Options options) {
        if (optimizer == null || options == null) {
            throw new IllegalArgumentException("ReduceLROnPlateau: optimizer and options must not be null");
        }
        this.optimizer = optimizer;
        this.options = options;
        this.best = worst();
    }

    private double worst() {
        return options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Records this epoch's metric and lowers the learning rates if it has plateaued. */
    public void step(double metric) {
        if (Double.isNaN(metric)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: the metric is NaN; the model has probably"
                    + " diverged (check the loss before stepping the schedule)");
        }
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0; // bad epochs during cooldown do not count
        }
        if (numBadEpochs > options.patience()) {
            reduce();
            cooldownCounter = options.cooldown();
            numBadEpochs = 0;
        }
    }

    private boolean isBetter(double a) {
        double t = options.threshold();
        boolean rel = options.thresholdMode() == ThresholdMode.REL;
        if (options.mode() == Mode.MIN) {
            return rel ? a < best * (1 - t) : a < best - t;
        }
        return rel ? a > best * (1 + t) : a > best + t;
    }

    private void reduce() {
        for (ParamGroup g : optimizer.paramGroups()) {
            double old = g.lr();
            double lowered = Math.max(old * options.factor(), options.minLr());
            if (old - lowered > options.eps()) {
                g.setLr(lowered);
            }
        }
    }

    public double best() {
        return best;
    }

    public int numBadEpochs() {
        return numBadEpochs;
    }

    public long lastEpoch() {
        return lastEpoch;
    }

    public Options options() {
        return options;
    }

    public StateDict stateDict() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("num_bad_epochs", (double) numBadEpochs);
        s.put("cooldown_counter", (double) cooldownCounter);
        s.put("last_epoch", (double) lastEpoch);
        return StateDict.ofScalars(s);
    }

    /** Restores the counters; the learning rates themselves are restored with the optimizer's state. */
    public void loadStateDict(StateDict state) {
        double b = state.scalar("best", "ReduceLROnPlateau");
        double bad = state.scalar("num_bad_epochs", "ReduceLROnPlateau");
        double cool = state.scalar("cooldown_counter", "ReduceLROnPlateau");
        double epoch = state.scalar("last_epoch", "ReduceLROnPlateau");
        if (bad < 0 || cool < 0 || epoch < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau.loadStateDict: counters must be >= 0, got "
                    + state.scalars());
        }
        best = b;
        numBadEpochs = (int) bad;
        cooldownCounter = (int) cool;
        lastEpoch = (long) epoch;
    }
}
