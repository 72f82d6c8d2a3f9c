package dev.fovea.train;

import dev.fovea.optim.StateDict;
import dev.fovea.tensor.Tensor;
import java.util.Map;

/**
 * Everything needed to continue a training run exactly where it stopped: the model's state dict, the
 * optimizer's state, each callback's state (schedules, plateau counters, early stopping, best checkpoint), the
 * number of finished epochs and optimizer steps, and the trainer's random generator. Data order and
 * augmentation are functions of (seed, epoch) and need no state of their own.
 */
public record TrainState(int epoch, long step, long[] rngState, Map<String, Tensor> model, StateDict optimizer,
        Map<String, StateDict> callbacks) {
    public TrainState {
        rngState = rngState.clone();
        model = Map.copyOf(model);
        callbacks = Map.copyOf(callbacks);
    }
}
