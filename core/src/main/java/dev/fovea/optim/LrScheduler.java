package dev.fovea.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives an {@link LrSchedule} over an optimizer's parameter groups with PyTorch's protocol: building it sets the
 * epoch-0 learning rate, and each {@link #step()} (once per epoch, or per batch for warm-ups) advances one epoch and
 * writes the new rates into the groups. The base rates are the groups' {@code initialLr}, recorded by the first
 * scheduler attached, so a second scheduler on the same optimizer starts from the same base.
 */
public final class LrScheduler {
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double[] baseLrs;
    private long lastEpoch;

    public LrScheduler(Optimizer optimizer, LrSchedule schedule) {
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("LrScheduler: optimizer and schedule must not be null");
        }
        this.optimizer = optimizer;
        this.schedule = schedule;
        List<ParamGroup> groups = optimizer.paramGroups();
        this.baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (Double.isNaN(g.initialLr())) {
                g.setInitialLr(g.lr());
            }
            baseLrs[i] = g.initialLr();
        }
        apply();
    }

    /** Advances one epoch and updates the learning rates. */
    public void step() {
        lastEpoch++;
        apply();
    }

    private void apply() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < baseLrs.length; i++) {
            double lr = schedule.lr(baseLrs[i], lastEpoch);
            groups.get(i).setLr(Math.max(lr, 0));
        }
    }

    /** The number of {@link #step()} calls so far (PyTorch's {@code last_epoch}). */
    public long lastEpoch() {
        return lastEpoch;
    }

    /** The learning rate of each group as last set. */
    public double[] lastLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = groups.get(i).lr();
        }
        return out;
    }

    public LrSchedule schedule() {
        return schedule;
    }

    public StateDict stateDict() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("last_epoch", (double) lastEpoch);
        for (int i = 0; i < baseLrs.length; i++) {
            s.put("base_lrs." + i, baseLrs[i]);
        }
        return StateDict.ofScalars(s);
    }

    /** Restores the epoch count and base rates and re-applies the schedule's rate for that epoch. */
    public void loadStateDict(StateDict state) {
        double epoch = state.scalar("last_epoch", "LrScheduler");
        if (epoch < 0 || epoch != Math.rint(epoch)) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: last_epoch must be a whole number >= 0,"
                    + " got " + epoch);
        }
        double[] bases = new double[baseLrs.length];
        for (int i = 0; i < bases.length; i++) {
            bases[i] = state.scalar("base_lrs." + i, "LrScheduler");
        }
        if (state.scalars().size() != bases.length + 1) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: the state has " + state.scalars().size()
                    + " entries, expected " + (bases.length + 1) + " for " + bases.length
                    + " parameter groups; it was saved for a different optimizer");
        }
        System.arraycopy(bases, 0, baseLrs, 0, bases.length);
        lastEpoch = (long) epoch;
        apply();
    }
}
