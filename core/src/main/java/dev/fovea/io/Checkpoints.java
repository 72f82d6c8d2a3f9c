package dev.fovea.io;

import dev.fovea.optim.StateDict;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import dev.fovea.train.TrainState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training checkpoints as safetensors files: the model's state dict under {@code model.<name>}, the optimizer's
 * buffers under {@code optimizer.<key>}, and in the string metadata the optimizer's and callbacks' numbers
 * (exact decimal round trip), the epoch, step and generator state, plus free-form run information (model name,
 * dataset, options) so {@code fovea eval} can rebuild the model. Any safetensors reader can open the weights.
 * Writes are atomic; reads are bounded and every inconsistency is reported with the file name.
 */
public final class Checkpoints {
    static final String FORMAT = "fovea-checkpoint-1";
    private static final String MODEL = "model.";
    private static final String OPTIM = "optimizer.";
    private static final String OPTIM_SCALAR = "optimizer_scalar.";
    private static final String CALLBACK = "callback.";

    private Checkpoints() {}

    /** A loaded checkpoint: the training state and the run information saved with it. */
    public record Loaded(TrainState state, Map<String, String> info) {}

    public static void save(Path file, TrainState s, Map<String, String> info) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        s.model().forEach((k, v) -> tensors.put(MODEL + k, v));
        s.optimizer().tensors().forEach((k, v) -> tensors.put(OPTIM + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(s.epoch()));
        meta.put("step", Long.toString(s.step()));
        StringBuilder rng = new StringBuilder();
        for (long v : s.rngState()) {
            rng.append(rng.isEmpty() ? "" : ",").append(v);
        }
        meta.put("rng", rng.toString());
        s.optimizer().scalars().forEach((k, v) -> meta.put(OPTIM_SCALAR + k, Double.toString(v)));
        s.callbacks().forEach((name, st) -> {
            if (!st.tensors().isEmpty()) {
                throw new IllegalArgumentException("checkpoint: callback " + name + " has tensor state, which"
                        + " checkpoints do not store");
            }
            st.scalars().forEach((k, v) -> meta.put(CALLBACK + name + "." + k, Double.toString(v)));
        });
        info.forEach((k, v) -> meta.put("info." + k, v));
        SafeTensors.save(file, tensors, meta);
    }

    public static Loaded load(Path file) throws IOException {
        SafeTensors st = SafeTensors.load(file);
        Map<String, String> meta = st.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + ": not a Fovea checkpoint (metadata format is " + meta.get("format")
                    + ", expected " + FORMAT + "); for plain weights use SafeTensors.load");
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optTensors = new LinkedHashMap<>();
        for (var e : st.tensors().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                model.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (e.getKey().startsWith(OPTIM)) {
                optTensors.put(e.getKey().substring(OPTIM.length()), e.getValue());
            } else {
                throw new IOException(file + ": unexpected tensor '" + e.getKey() + "' in a checkpoint");
            }
        }
        Map<String, Double> optScalars = new LinkedHashMap<>();
        Map<String, Map<String, Double>> callbacks = new TreeMap<>();
        Map<String, String> info = new LinkedHashMap<>();
        for (var e : meta.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(OPTIM_SCALAR)) {
                optScalars.put(k.substring(OPTIM_SCALAR.length()), number(file, k, e.getValue()));
            } else if (k.startsWith(CALLBACK)) {
                String rest = k.substring(CALLBACK.length());
                int dot = rest.indexOf('.');
                if (dot <= 0) {
                    throw new IOException(file + ": malformed callback entry '" + k + "'");
                }
                callbacks.computeIfAbsent(rest.substring(0, dot), x -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), number(file, k, e.getValue()));
            } else if (k.startsWith("info.")) {
                info.put(k.substring(5), e.getValue());
            }
        }
        String[] rngParts = meta.getOrDefault("rng", "").split(",");
        if (rngParts.length != Rng.STATE_LENGTH) {
            throw new IOException(file + ": generator state has " + rngParts.length + " numbers, expected "
                    + Rng.STATE_LENGTH);
        }
        long[] rng = new long[rngParts.length];
        for (int i = 0; i < rng.length; i++) {
            rng[i] = (long) integer(file, "rng", rngParts[i]);
        }
        Map<String, StateDict> cb = new LinkedHashMap<>();
        callbacks.forEach((name, scalars) -> cb.put(name, StateDict.ofScalars(scalars)));
        int epoch = (int) integer(file, "epoch", meta.get("epoch"));
        long step = integer(file, "step", meta.get("step"));
        TrainState state = new TrainState(epoch, step, rng, model, new StateDict(optTensors, optScalars), cb);
        return new Loaded(state, info);
    }

    /** Only the model's weights from a checkpoint (for evaluation and prediction). */
    public static Map<String, Tensor> loadModel(Path file) throws IOException {
        return load(file).state().model();
    }

    private static double number(Path file, String key, String v) throws IOException {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(file + ": entry '" + key + "' is not a number: " + v);
        }
    }

    private static long integer(Path file, String key, String v) throws IOException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(file + ": entry '" + key + "' is not an integer: " + v);
        }
    }
}
