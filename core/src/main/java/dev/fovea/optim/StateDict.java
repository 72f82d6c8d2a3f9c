package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resumable state of an optimizer or a learning-rate schedule, in the spirit of PyTorch's {@code state_dict()}:
 * named tensors (moment buffers) and named numbers (step counts, learning rates, counters). Keys follow PyTorch's
 * layout flattened with dots, e.g. {@code state.3.exp_avg}, {@code state.3.step}, {@code param_groups.0.lr}.
 * Checkpoints store both maps as they are; {@code loadStateDict} checks every key and shape.
 */
public record StateDict(Map<String, Tensor> tensors, Map<String, Double> scalars) {
    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }

    /** A state with numbers only (schedules). */
    public static StateDict ofScalars(Map<String, Double> scalars) {
        return new StateDict(Map.of(), scalars);
    }

    /** The number stored under {@code key}; {@code owner} names the object loading it in the error. */
    public double scalar(String key, String owner) {
        Double v = scalars.get(key);
        if (v == null) {
            throw new IllegalArgumentException(owner + ".loadStateDict: missing number '" + key
                    + "'; the state was saved by a different optimizer or schedule (keys: " + scalars.keySet() + ")");
        }
        return v;
    }
}
