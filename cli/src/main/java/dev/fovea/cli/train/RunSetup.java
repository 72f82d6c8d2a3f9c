package dev.fovea.cli.train;

import dev.fovea.data.Datasets;
import dev.fovea.data.ImageDataset;
import dev.fovea.data.Normalization;
import dev.fovea.io.JsonWriter;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Rng;
import dev.fovea.train.ModelRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fovea eval} and {@code fovea predict} need to rebuild a trained model, saved in the checkpoint's
 * run information: model name and options, input shape, class names and normalisation.
 */
record RunSetup(String model, Map<String, String> options, String dataset, int channels, int height, int width,
        List<String> classes, Normalization normalization) {

    static RunSetup of(String model, Map<String, String> options, String dataset, ImageDataset train,
            Normalization norm) {
        return new RunSetup(model, options, dataset, train.channels(), train.height(), train.width(), train.classes(),
                norm);
    }

    Module build(Rng rng) {
        return ModelRegistry.get(model).factory().create(input(), rng);
    }

    ModelRegistry.Input input() {
        return new ModelRegistry.Input(channels, height, width, classes.size(), options);
    }

    /** Flat string map for checkpoint metadata. */
    Map<String, String> toInfo() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("model_options", JsonWriter.write(options));
        m.put("dataset", dataset);
        m.put("input_shape", channels + "," + height + "," + width);
        m.put("classes", JsonWriter.write(classes));
        m.put("mean", floats(normalization.mean()));
        m.put("std", floats(normalization.std()));
        return m;
    }

    static RunSetup fromInfo(Map<String, String> info, String source) {
        try {
            String model = need(info, "model", source);
            Map<String, String> options = new LinkedHashMap<>();
            Object o = dev.fovea.io.Json.parse(need(info, "model_options", source), source);
            if (o instanceof Map<?, ?> map) {
                map.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
            }
            String[] shape = need(info, "input_shape", source).split(",");
            List<String> classes = new ArrayList<>();
            if (dev.fovea.io.Json.parse(need(info, "classes", source), source) instanceof List<?> l) {
                l.forEach(x -> classes.add(String.valueOf(x)));
            }
            Normalization norm = new Normalization(parseFloats(need(info, "mean", source)),
                    parseFloats(need(info, "std", source)));
            return new RunSetup(model, options, info.getOrDefault("dataset", "?"), Integer.parseInt(shape[0]),
                    Integer.parseInt(shape[1]), Integer.parseInt(shape[2]), classes, norm);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": the checkpoint's run information is incomplete or"
                    + " corrupt (" + e.getMessage() + "); was it written by fovea train?", e);
        }
    }

    /** The dataset's normalisation, or [0, 1] scaling when the recipe does not standardise. */
    static Normalization normalizationFor(String dataset, ImageDataset train, boolean standardize) {
        return standardize ? Datasets.normalization(dataset, train) : Normalization.unit(train.channels());
    }

    private static String need(Map<String, String> info, String key, String source) {
        String v = info.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return v;
    }

    private static String floats(float[] a) {
        StringBuilder b = new StringBuilder();
        for (float f : a) {
            b.append(b.isEmpty() ? "" : ",").append(f);
        }
        return b.toString();
    }

    private static float[] parseFloats(String s) {
        return toArray(Arrays.stream(s.split(",")).map(Float::parseFloat).toList());
    }

    private static float[] toArray(List<Float> l) {
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }
}
