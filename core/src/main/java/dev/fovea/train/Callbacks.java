package dev.fovea.train;

import dev.fovea.optim.LrScheduler;
import dev.fovea.optim.ReduceLROnPlateau;
import dev.fovea.optim.StateDict;
import java.util.LinkedHashMap;
import java.util.Map;

/** The standard callbacks: learning-rate schedules, ReduceLROnPlateau and early stopping. */
public final class Callbacks {
    private Callbacks() {}

    /** Steps a schedule once per epoch, or once per batch (warm-ups, per-step cosine). */
    public static Callback schedule(LrScheduler scheduler, boolean perBatch) {
        return new Callback() {
            @Override
            public void onBatchEnd(Trainer trainer, int batch) {
                if (perBatch) {
                    scheduler.step();
                }
            }

            @Override
            public void onEpochEnd(Trainer trainer, EpochResult result) {
                if (!perBatch) {
                    scheduler.step();
                }
            }

            @Override
            public String name() {
                return "schedule";
            }

            @Override
            public StateDict stateDict() {
                return scheduler.stateDict();
            }

            @Override
            public void loadStateDict(StateDict state) {
                scheduler.loadStateDict(state);
            }
        };
    }

    /** Feeds {@code metric} (e.g. {@code val_loss}) to a ReduceLROnPlateau after each epoch. */
    public static Callback plateau(ReduceLROnPlateau plateau, String metric) {
        return new Callback() {
            @Override
            public void onEpochEnd(Trainer trainer, EpochResult result) {
                double v = result.metric(metric);
                if (!Double.isNaN(v)) {
                    plateau.step(v);
                }
            }

            @Override
            public String name() {
                return "plateau";
            }

            @Override
            public StateDict stateDict() {
                return plateau.stateDict();
            }

            @Override
            public void loadStateDict(StateDict state) {
                plateau.loadStateDict(state);
            }
        };
    }

    /** Stops training when {@code metric} has not improved by {@code minDelta} for {@code patience} epochs. */
    public static Callback earlyStopping(String metric, int patience, double minDelta) {
        if (patience < 0) {
            throw new IllegalArgumentException("earlyStopping: patience must be >= 0, got " + patience);
        }
        boolean higher = EpochResult.higherIsBetter(metric);
        return new Callback() {
            double best = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            int bad;

            @Override
            public void onEpochEnd(Trainer trainer, EpochResult result) {
                double v = result.metric(metric);
                if (Double.isNaN(v)) {
                    return;
                }
                boolean better = higher ? v > best + minDelta : v < best - minDelta;
                if (better) {
                    best = v;
                    bad = 0;
                } else if (++bad > patience) {
                    trainer.log("early stopping: " + metric + " has not improved for " + bad + " epochs (best "
                            + best + ")");
                    trainer.requestStop();
                }
            }

            @Override
            public String name() {
                return "early_stopping";
            }

            @Override
            public StateDict stateDict() {
                Map<String, Double> s = new LinkedHashMap<>();
                s.put("best", best);
                s.put("bad_epochs", (double) bad);
                return StateDict.ofScalars(s);
            }

            @Override
            public void loadStateDict(StateDict state) {
                best = state.scalar("best", "earlyStopping");
                bad = (int) state.scalar("bad_epochs", "earlyStopping");
            }
        };
    }
}
