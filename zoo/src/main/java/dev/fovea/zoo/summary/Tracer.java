package dev.fovea.zoo.summary;

import dev.fovea.autograd.GradMode;
import dev.fovea.nn.Concat;
import dev.fovea.nn.DepthwiseSeparableConv2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.Residual;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walks a model with shapes instead of tensors and records one {@link LayerRow} per module. Layers go through
 * {@link LayerRules}; {@link Sequential} runs its children in order; a {@link Traceable} module routes its own
 * children. A leaf layer no rule knows (an upsampling, a flatten) is probed: run once on zeros of the input shape
 * without recording a graph, which costs that one layer, never the whole model.
 */
public final class Tracer {
    private final List<LayerRow> rows = new ArrayList<>();
    private final String rootPrefix;
    private int depth;

    Tracer(Module root) {
        String p = root.path();
        this.rootPrefix = p == null ? "" : p + ".";
    }

    List<LayerRow> rows() {
        return rows;
    }

    /** Sends {@code input} through {@code m}, recording its row (and its children's), and returns the output shape. */
    public int[] apply(Module m, int[] input) {
        depth++;
        try {
            if (isContainer(m)) {
                return container(m, input);
            }
            LayerRules.Inferred r = LayerRules.infer(m, input);
            if (r == null) {
                if (!m.children().isEmpty()) {
                    throw LayerRules.error(m, "cannot infer shapes through this container: its forward is custom"
                            + " code; implement dev.fovea.zoo.summary.Traceable to route its children");
                }
                r = new LayerRules.Inferred(probe(m, input), 0, false);
            }
            rows.add(row(m, input, r.output(), true, r.macs(), r.inPlace()));
            return r.output();
        } finally {
            depth--;
        }
    }

    private static boolean isContainer(Module m) {
        return m instanceof Traceable || m instanceof Sequential || m instanceof DepthwiseSeparableConv2d
                || m instanceof Residual || m instanceof Concat;
    }

    /** The model itself gets no row: its children are traced as the top level (depth 1). */
    int[] applyChildrenOf(Module model, int[] input) {
        if (model instanceof Residual || model instanceof Concat) {
            return apply(model, input);
        }
        if (!(model instanceof Sequential) && !model.children().isEmpty()
                && !(model instanceof DepthwiseSeparableConv2d)) {
            throw LayerRules.error(model, "cannot infer shapes through this model: its forward is custom code;"
                    + " implement dev.fovea.zoo.summary.Traceable to route its children");
        }
        if (model.children().isEmpty()) {
            return apply(model, input);
        }
        int[] out = input;
        for (Module c : model.children()) {
            out = apply(c, out);
        }
        return out;
    }

    private int[] container(Module m, int[] input) {
        int at = rows.size();
        rows.add(null); // the container's row comes before its children; filled in once they are done
        int[] out;
        if (m instanceof Traceable t) {
            out = t.trace(input.clone(), this);
        } else if (m instanceof Residual r) {
            int[] a = apply(r.main, input);
            int[] b = r.shortcut == null ? input : apply(r.shortcut, input);
            out = add(r, a, b);
            if (r.activation != null) {
                out = apply(r.activation, out);
            }
        } else if (m instanceof Concat c) {
            List<int[]> parts = new ArrayList<>();
            for (Module b : c.children()) {
                parts.add(apply(b, input));
            }
            out = concat(c, c.dim() < 0 ? c.dim() + input.length : c.dim(), parts);
        } else {
            out = input;
            for (Module c : m.children()) {
                out = apply(c, out);
            }
        }
        long macs = 0;
        for (int i = at + 1; i < rows.size(); i++) {
            LayerRow r = rows.get(i);
            if (r.leaf()) {
                macs += r.macs();
            }
        }
        rows.set(at, row(m, input, out, false, macs, false));
        return out;
    }

    private LayerRow row(Module m, int[] in, int[] out, boolean leaf, long macs, boolean inPlace) {
        long params = 0;
        long weights = 0;
        for (var e : m.namedParameters().entrySet()) {
            long n = e.getValue().numel();
            params += n;
            if (!e.getKey().equals("bias") && !e.getKey().endsWith(".bias")) {
                weights += n;
            }
        }
        String p = m.path();
        String name = p == null ? "" : p.startsWith(rootPrefix) ? p.substring(rootPrefix.length()) : p;
        return new LayerRow(name, m.typeName(), depth, leaf, in, out, params, weights, LayerRules.numel(out), macs,
                inPlace);
    }

    private static int[] probe(Module m, int[] input) {
        boolean training = m.isTraining();
        m.eval(); // no running-statistics update, no dropout draw
        try (var scope = GradMode.noGrad()) {
            return m.forward(Tensor.zeros(input)).shape();
        } catch (RuntimeException e) {
            throw LayerRules.error(m, "cannot infer the output shape for input " + Arrays.toString(input) + ": "
                    + e.getMessage());
        } finally {
            m.train(training);
        }
    }

    // ---------------------------------------------------------------- helpers for Traceable modules

    /** The shape of {@code a + b} in a residual connection: both must be equal. */
    public static int[] add(Module where, int[] a, int[] b) {
        if (!Arrays.equals(a, b)) {
            throw LayerRules.error(where, "residual branches disagree: " + Arrays.toString(a) + " vs "
                    + Arrays.toString(b));
        }
        return a.clone();
    }

    /** The shape of the concatenation of {@code parts} along {@code dim}. */
    public static int[] concat(Module where, int dim, List<int[]> parts) {
        int[] out = parts.get(0).clone();
        for (int i = 1; i < parts.size(); i++) {
            int[] p = parts.get(i);
            for (int d = 0; d < out.length; d++) {
                if (d != dim && p[d] != out[d]) {
                    throw LayerRules.error(where, "cannot concatenate " + Arrays.toString(out) + " and "
                            + Arrays.toString(p) + " along dim " + dim);
                }
            }
            out[dim] += p[dim];
        }
        return out;
    }
}
