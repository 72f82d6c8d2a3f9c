package dev.fovea.zoo.summary;

import dev.fovea.io.JsonWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Summary} as a fixed-width table (in the manner of torchinfo and Keras) or as JSON. */
final class SummaryPrinter {
    private SummaryPrinter() {}

    private static final double MB = 1e6; // torchinfo's convention: decimal megabytes

    static String table(Summary s, int maxDepth) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"Layer (type)", "Output shape", "Param #", "Activations", "Memory", "Mult-adds"});
        for (LayerRow r : s.rows()) {
            if (maxDepth > 0 && r.depth() > maxDepth) {
                continue;
            }
            String name = "  ".repeat(Math.max(0, r.depth() - 1)) + (r.name().isEmpty() ? "" : r.name() + " ")
                    + "(" + r.type() + ")";
            cells.add(new String[] {name, Arrays.toString(r.outputShape()), count(r.params()),
                    count(r.activations()), r.inPlace() ? "in place" : mb(r.activationBytes()), r.macs() == 0 ? "--" : count(r.macs())});
        }
        int[] width = new int[6];
        for (String[] row : cells) {
            for (int i = 0; i < 6; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        int total = Arrays.stream(width).sum() + 2 * 5;
        StringBuilder b = new StringBuilder();
        String rule = "=".repeat(total) + "\n";
        b.append(rule);
        for (int k = 0; k < cells.size(); k++) {
            String[] row = cells.get(k);
            for (int i = 0; i < 6; i++) {
                String pad = " ".repeat(width[i] - row[i].length());
                b.append(i == 0 ? row[i] + pad : pad + row[i]).append(i < 5 ? "  " : "\n");
            }
            if (k == 0) {
                b.append(rule);
            }
        }
        b.append(rule);
        b.append("Input shape: ").append(Arrays.toString(s.inputShape())).append("   output shape: ")
                .append(Arrays.toString(s.outputShape())).append('\n');
        b.append("Total params: ").append(count(s.params())).append(" (").append(mb(s.paramBytes())).append(")\n");
        b.append("Trainable params: ").append(count(s.trainable())).append('\n');
        b.append("Non-trainable params: ").append(count(s.params() - s.trainable())).append('\n');
        b.append(String.format(Locale.ROOT, "Mult-adds (conv and linear): %s (%.2f G; convolutions alone %.1f M)%n",
                count(s.macs()), s.macs() / 1e9, s.convMacs() / 1e6));
        b.append("Forward activations: ").append(count(s.activations())).append(" values, ")
                .append(mb(s.activationBytes()))
                .append(" (float32; input included, in-place ReLU and dropout outputs not counted)\n");
        b.append(rule);
        return b.toString();
    }

    static String json(Summary s) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", s.model());
        root.put("input_shape", s.inputShape());
        root.put("output_shape", s.outputShape());
        List<Object> layers = new ArrayList<>();
        for (LayerRow r : s.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("type", r.type());
            m.put("depth", r.depth());
            m.put("leaf", r.leaf());
            m.put("input_shape", r.inputShape());
            m.put("output_shape", r.outputShape());
            m.put("params", r.params());
            m.put("weights", r.weights());
            m.put("activations", r.activations());
            m.put("activation_bytes", r.activationBytes());
            m.put("mult_adds", r.macs());
            m.put("in_place", r.inPlace());
            layers.add(m);
        }
        root.put("layers", layers);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("params", s.params());
        totals.put("trainable_params", s.trainable());
        totals.put("param_bytes", s.paramBytes());
        totals.put("mult_adds", s.macs());
        totals.put("conv_mult_adds", s.convMacs());
        totals.put("activations", s.activations());
        totals.put("activation_bytes", s.activationBytes());
        root.put("totals", totals);
        return JsonWriter.write(root);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Decimal units as torchinfo: kB below a megabyte, GB from a gigabyte. */
    static String mb(long bytes) {
        if (bytes < MB) {
            return String.format(Locale.ROOT, "%.2f kB", bytes / 1e3);
        }
        return bytes < 1e9 ? String.format(Locale.ROOT, "%.2f MB", bytes / MB)
                : String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
