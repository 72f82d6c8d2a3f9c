package dev.fovea.cli.conformance;

import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an op adapter sees of a case: typed attributes and fresh input tensors. Float inputs that have an expected
 * gradient require grad. Every attribute and input read is recorded, so the runner can fail a case whose file holds
 * something the adapter ignored rather than pass it by accident.
 */
final class CaseContext {
    private final ConformanceCase c;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Set<String> usedAttrs = new HashSet<>();
    private final Set<String> usedInputs = new HashSet<>();
    private final Map<String, Tensor> gradientSources = new HashMap<>();

    CaseContext(ConformanceCase c) {
        this.c = c;
        for (var e : c.inputs().entrySet()) {
            if (!e.getValue().isInt64()) {
                Tensor t = e.getValue().toTensor();
                if (c.grads().containsKey(e.getKey())) {
                    t.requiresGrad(true);
                }
                tensors.put(e.getKey(), t);
            }
        }
    }

    String op() {
        return c.op();
    }

    // ------------------------------------------------------------ inputs

    boolean has(String input) {
        return c.inputs().containsKey(input);
    }

    /** A required float input. */
    Tensor tensor(String name) {
        Tensor t = optional(name);
        if (t == null) {
            throw new CaseFormatException(c.file() + ": op " + c.op() + " needs float input \"" + name + "\"");
        }
        return t;
    }

    /** An optional float input, or null when the case leaves it out. */
    Tensor optional(String name) {
        CaseTensor ct = c.inputs().get(name);
        if (ct == null) {
            return null;
        }
        if (ct.isInt64()) {
            throw new CaseFormatException(c.file() + ": input \"" + name + "\" of op " + c.op()
                    + " must be float32, got int64");
        }
        usedInputs.add(name);
        return tensors.get(name);
    }

    /** A required int64 input (class labels), checked to fit in an int. */
    int[] labels(String name) {
        CaseTensor ct = c.inputs().get(name);
        if (ct == null || !ct.isInt64()) {
            throw new CaseFormatException(c.file() + ": op " + c.op() + " needs int64 input \"" + name + "\"");
        }
        usedInputs.add(name);
        int[] out = new int[ct.ints().length];
        for (int i = 0; i < out.length; i++) {
            long v = ct.ints()[i];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new CaseFormatException(c.file() + ": " + name + "[" + i + "] = " + v + " is out of range");
            }
            out[i] = (int) v;
        }
        return out;
    }

    int[] shapeOf(String name) {
        CaseTensor ct = c.inputs().get(name);
        if (ct == null) {
            throw new CaseFormatException(c.file() + ": op " + c.op() + " needs input \"" + name + "\"");
        }
        return ct.shape().clone();
    }

    /** The float tensors given to the op, to check afterwards that it did not modify them. */
    Map<String, Tensor> floatInputs() {
        return tensors;
    }

    /**
     * Says that the gradient for input {@code name} is found on {@code leaf}: model-level ops copy their inputs
     * into a module's parameters, whose gradients are then the ones to compare.
     */
    void bindGradient(String name, Tensor leaf) {
        usedInputs.add(name);
        gradientSources.put(name, leaf);
    }

    /** The tensor whose {@code grad()} is the gradient for input {@code name}. */
    Tensor gradientSource(String name) {
        Tensor bound = gradientSources.get(name);
        return bound != null ? bound : tensors.get(name);
    }

    List<String> unusedInputs() {
        List<String> out = new ArrayList<>();
        for (String k : c.inputs().keySet()) {
            if (!usedInputs.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    // ------------------------------------------------------------ attributes

    private Object attr(String name) {
        Object v = c.attrs().get(name);
        if (v == null) {
            throw new CaseFormatException(c.file() + ": op " + c.op() + " needs attribute \"" + name + "\"");
        }
        usedAttrs.add(name);
        return v;
    }

    boolean hasAttr(String name) {
        return c.attrs().containsKey(name);
    }

    double number(String name) {
        return CaseReader.number(attr(name), c.file(), "attrs." + name);
    }

    int integer(String name) {
        long v = CaseReader.integer(attr(name), c.file(), "attrs." + name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CaseFormatException(c.file() + ": attrs." + name + " = " + v + " is out of range");
        }
        return (int) v;
    }

    boolean bool(String name) {
        Object v = attr(name);
        if (!(v instanceof Boolean b)) {
            throw new CaseFormatException(c.file() + ": attrs." + name + " must be a boolean, got "
                    + CaseReader.kind(v));
        }
        return b;
    }

    String string(String name) {
        return CaseReader.string(attr(name), c.file(), "attrs." + name);
    }

    int[] ints(String name) {
        List<?> l = CaseReader.list(attr(name), c.file(), "attrs." + name);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            long v = CaseReader.integer(l.get(i), c.file(), "attrs." + name + "[" + i + "]");
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new CaseFormatException(c.file() + ": attrs." + name + "[" + i + "] is out of range");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** An integer list attribute that must have exactly {@code n} entries (one per spatial dimension). */
    int[] ints(String name, int n) {
        int[] v = ints(name);
        if (v.length != n) {
            throw new CaseFormatException(c.file() + ": attrs." + name + " must have " + n + " entries for op "
                    + c.op() + ", got " + v.length);
        }
        return v;
    }

    double[] numbers(String name) {
        List<?> l = CaseReader.list(attr(name), c.file(), "attrs." + name);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = CaseReader.number(l.get(i), c.file(), "attrs." + name + "[" + i + "]");
        }
        return out;
    }

    List<String> unusedAttrs() {
        List<String> out = new ArrayList<>();
        for (String k : c.attrs().keySet()) {
            if (!usedAttrs.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
