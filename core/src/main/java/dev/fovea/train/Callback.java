package dev.fovea.train;

import dev.fovea.optim.StateDict;

/**
 * Hooks into the {@link Trainer}'s loop. Callbacks run in the order given; put checkpointing last so it saves
 * the state after every other callback (schedules, early stopping) has acted. A callback with state that must
 * survive a resume returns it from {@link #stateDict()} under a stable {@link #name()}.
 */
public interface Callback {
    default void onTrainBegin(Trainer trainer) {}

    /** After each optimizer step; {@code batch} is the 0-based index within the epoch. */
    default void onBatchEnd(Trainer trainer, int batch) {}

    default void onEpochEnd(Trainer trainer, EpochResult result) {}

    default void onTrainEnd(Trainer trainer) {}

    /** Key of this callback's state in checkpoints. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** State to checkpoint, or null for none. */
    default StateDict stateDict() {
        return null;
    }

    default void loadStateDict(StateDict state) {}
}
