package dev.fovea.autograd;

import dev.fovea.tensor.GradNode;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finite-difference gradient check. With a fixed random r of the output's shape, the scalar
 * {@code L = Σ y·r} (accumulated in double) has gradient {@code x.grad} after {@code y.backward(r)}; each input
 * element is compared with the central difference {@code (L(x+h) - L(x-h)) / 2h} computed without recording.
 */
final class GradCheck {
    /** Inputs larger than this are checked at an evenly spread sample of elements. */
    private static final int MAX_CHECKED_PER_INPUT = 160;

    private GradCheck() {}

    /** Fresh leaf copies of the case's inputs (the case's own tensors are never modified). */
    static Tensor[] leaves(GradCase c) {
        Tensor[] leaves = new Tensor[c.inputs().length];
        for (int i = 0; i < leaves.length; i++) {
            Tensor in = c.inputs()[i];
            leaves[i] = in == null ? null : in.copy().requiresGrad(true);
        }
        return leaves;
    }

    /** Runs the check; returns null when it passes, else a description of the first mismatch. */
    static String check(GradCase c) {
        Tensor[] leaves = leaves(c);
        Tensor y = c.fn().apply(leaves);
        if (!y.requiresGrad()) {
            return c.name() + ": the output does not require grad (no op recorded a graph)";
        }
        Tensor r = Tensor.uniform(new Rng(12345), -1f, 1f, y.shape());
        y.backward(r);
        float[] rv = r.toArray();
        for (int i = 0; i < leaves.length; i++) {
            // ops must never write into their inputs (a saved activation or a parameter)
            if (leaves[i] != null && !Arrays.equals(leaves[i].toArray(), c.inputs()[i].toArray())) {
                return c.name() + ": input " + i + " was modified by the forward or backward pass";
            }
        }
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i] == null) {
                continue;
            }
            Tensor g = leaves[i].grad();
            float[] analytic = g == null ? null : g.toArray();
            if (g != null && !Arrays.equals(g.shape(), leaves[i].shape())) {
                return c.name() + ": input " + i + " got a gradient of shape " + Arrays.toString(g.shape())
                        + " for shape " + Arrays.toString(leaves[i].shape());
            }
            float[] x = leaves[i].storage();
            int step = Math.max(1, (x.length + MAX_CHECKED_PER_INPUT - 1) / MAX_CHECKED_PER_INPUT);
            for (int j = 0; j < x.length; j += step) {
                float saved = x[j];
                x[j] = (float) (saved + c.eps());
                double up = loss(c, leaves, rv);
                x[j] = (float) (saved - c.eps());
                double down = loss(c, leaves, rv);
                x[j] = saved;
                // divide by the step actually taken in float32, not the nominal one
                double h = (double) (float) (saved + c.eps()) - (double) (float) (saved - c.eps());
                double numeric = (up - down) / h;
                double a = analytic == null ? 0 : analytic[j];
                if (analytic == null && numeric != 0 || !(Math.abs(a - numeric) <= c.atol() + c.rtol()
                        * Math.abs(numeric))) {
                    return c.name() + ": input " + i + " " + Arrays.toString(leaves[i].shape()) + " element " + j
                            + ": analytic " + (analytic == null ? "none" : a) + " vs numeric " + numeric;
                }
            }
        }
        return null;
    }

    private static double loss(GradCase c, Tensor[] leaves, float[] r) {
        try (var scope = GradMode.noGrad()) {
            float[] y = c.fn().apply(leaves).toArray();
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) y[i] * r[i];
            }
            return s;
        }
    }

    /** The classes of every op node in the graph the case records (its forward only). */
    static Set<Class<?>> opsUsed(GradCase c) {
        Tensor y = c.fn().apply(leaves(c));
        Set<Class<?>> ops = new LinkedHashSet<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Tensor> todo = new ArrayDeque<>();
        todo.add(y);
        while (!todo.isEmpty()) {
            Tensor t = todo.poll();
            GradNode node = t.gradFn();
            if (node == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            ops.add(node.getClass());
            for (Tensor in : node.inputs()) {
                if (in != null) {
                    todo.add(in);
                }
            }
        }
        return ops;
    }
}
