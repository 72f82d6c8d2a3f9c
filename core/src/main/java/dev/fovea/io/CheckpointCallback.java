package dev.fovea.io;

import dev.fovea.optim.StateDict;
import dev.fovea.train.Callback;
import dev.fovea.train.EpochResult;
import dev.fovea.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves {@code last.safetensors} after every epoch and {@code best.safetensors} whenever the monitored metric
 * (e.g. {@code val_top1}) improves. Put it last among the callbacks so the saved state includes what the others
 * did at the end of the epoch (schedule steps): then resuming from {@code last} continues exactly.
 */
public final class CheckpointCallback implements Callback {
    public static final String LAST = "last.safetensors";
    public static final String BEST = "best.safetensors";
    private final Path dir;
    private final String monitor;
    private final boolean higher;
    private final Map<String, String> info;
    private double best;

    public CheckpointCallback(Path dir, String monitor, Map<String, String> info) {
        this.dir = dir;
        this.monitor = monitor;
        this.higher = EpochResult.higherIsBetter(monitor);
        this.info = Map.copyOf(info);
        this.best = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        double v = result.metric(monitor);
        boolean improved = !Double.isNaN(v) && (higher ? v > best : v < best);
        if (improved) {
            best = v;
        }
        try {
            var state = trainer.state();
            Checkpoints.save(dir.resolve(LAST), state, info);
            if (improved) {
                Checkpoints.save(dir.resolve(BEST), state, info);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint: cannot write into " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "checkpoint";
    }

    @Override
    public StateDict stateDict() {
        return StateDict.ofScalars(Map.of("best", best));
    }

    @Override
    public void loadStateDict(StateDict state) {
        best = state.scalar("best", "checkpoint");
    }
}
