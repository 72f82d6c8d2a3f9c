package dev.fovea.nn;

import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Base of every layer and container. A module computes {@link #forward(Tensor)} and owns named parameters,
 * buffers (running statistics) and child modules, all registered explicitly in its constructor (no reflection),
 * so names come out as in PyTorch state dicts: {@code features.0.weight}, {@code bn1.running_mean}.
 *
 * <p>A module knows its path in the model once a parent registers it, and every shape error names it:
 * {@code conv2 (Conv2d): expected 6 input channels, got 3}.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private Module parent;
    private String localName;
    private boolean training = true;

    /** Computes the output for {@code input}; records the graph when grad mode is on. */
    public abstract Tensor forward(Tensor input);

    // ---------------------------------------------------------------- registration (constructors only)

    /** Registers {@code p} under {@code name} (null is allowed: an absent optional parameter such as bias). */
    protected final Parameter registerParameter(String name, Parameter p) {
        checkFreeName(name);
        if (p != null) {
            parameters.put(name, p);
        }
        return p;
    }

    /** Registers a buffer: state saved in the state dict but not learned (running mean, running var). */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkFreeName(name);
        buffers.put(name, buffer);
        return buffer;
    }

    /** Registers a child module; its parameters appear as {@code name.<its names>}. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkFreeName(name);
        if (child == this) {
            throw new IllegalArgumentException(label() + ": a module cannot contain itself");
        }
        children.put(name, child);
        Module c = child;
        if (c.parent == null) {
            c.parent = this;
            c.localName = name;
        }
        child.train(training);
        return child;
    }

    private void checkFreeName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(label() + ": invalid name '" + name
                    + "' (must be non-empty and contain no '.')");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(label() + ": name '" + name + "' is already registered");
        }
    }

    // ---------------------------------------------------------------- names

    /** Dotted path in the model ({@code layer1.0.conv2}), or null for a module not inside another. */
    public final String path() {
        if (parent == null) {
            return null;
        }
        String up = parent.path();
        return up == null ? localName : up + "." + localName;
    }

    /** The class name as PyTorch would print it, e.g. {@code Conv2d}. */
    public String typeName() {
        return getClass().getSimpleName();
    }

    /** {@code conv2 (Conv2d)} inside a model, {@code Conv2d} on its own: the prefix of every error. */
    public final String label() {
        String p = path();
        return p == null ? typeName() : p + " (" + typeName() + ")";
    }

    /** An exception whose message starts with this module's {@link #label()}. */
    protected final IllegalArgumentException shapeError(String message) {
        return new IllegalArgumentException(label() + ": " + message);
    }

    /** Checks the input rank, naming the expected layout (e.g. "[N, C, H, W]") in the error. */
    protected final void expectRank(Tensor input, int rank, String layout) {
        if (input.dim() != rank) {
            throw shapeError("expected a " + rank + "-D input " + layout + ", got shape "
                    + Arrays.toString(input.shape()));
        }
    }

    /** Checks {@code input.size(dim) == expected}; {@code what} is e.g. "input channels". */
    protected final void expectSize(Tensor input, int dim, int expected, String what) {
        int got = input.size(dim);
        if (got != expected) {
            throw shapeError("expected " + expected + " " + what + ", got " + got + " (input shape "
                    + Arrays.toString(input.shape()) + ")");
        }
    }

    // ---------------------------------------------------------------- traversal

    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    /** This module (name "") and all descendants, depth first, by dotted name. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out);
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out) {
        out.put(prefix, m);
        for (var e : m.children.entrySet()) {
            collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
        }
    }

    /**
     * Calls {@code fn} on every descendant (children first) and then on this module, like PyTorch's
     * {@code model.apply(init_weights)}; e.g. re-initialise every {@link Conv2d} with Kaiming normal.
     */
    public final Module apply(java.util.function.Consumer<Module> fn) {
        for (Module c : children.values()) {
            c.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /**
     * All parameters by dotted name, in registration order (a module shared twice is listed once). The values are
     * the parameters' leaf tensors, which optimizers update in place.
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameterObjects().forEach((k, v) -> out.put(k, v.tensor()));
        return out;
    }

    /** Like {@link #namedParameters()} but with the {@link Parameter} wrappers. */
    public final Map<String, Parameter> namedParameterObjects() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        var seen = Collections.newSetFromMap(new java.util.IdentityHashMap<Parameter, Boolean>());
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().parameters.entrySet()) {
                if (seen.add(p.getValue())) {
                    out.put(join(m.getKey(), p.getKey()), p.getValue());
                }
            }
        }
        return out;
    }

    /** The parameters' leaf tensors: what {@code new SGD(model.parameters(), ...)} takes. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters that are not frozen: what an optimizer should update when fine-tuning. */
    public final List<Tensor> trainableParameters() {
        return parameters().stream().filter(Tensor::requiresGrad).toList();
    }

    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var m : namedModules().entrySet()) {
            for (var b : m.getValue().buffers.entrySet()) {
                out.put(join(m.getKey(), b.getKey()), b.getValue());
            }
        }
        return out;
    }

    /** Total number of parameter values. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /**
     * Re-initialises this module's own parameters (and resets its buffers) from {@code rng}, then its children's,
     * in registration order; a fixed seed therefore gives the same model every time. Layers with parameters
     * override {@link #resetOwnParameters}.
     */
    public final void resetParameters(dev.fovea.tensor.Rng rng) {
        resetOwnParameters(rng);
        for (Module c : children.values()) {
            c.resetParameters(rng);
        }
    }

    /** Initialises the parameters this module registered itself (PyTorch's defaults); nothing by default. */
    protected void resetOwnParameters(dev.fovea.tensor.Rng rng) {}

    // ---------------------------------------------------------------- modes and gradients

    /** Training mode (dropout active, batch norm uses batch statistics); applies to all descendants. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.train(on);
        }
        return this;
    }

    public final Module train() {
        return train(true);
    }

    /** Evaluation mode: dropout off, batch norm uses running statistics. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Freezes (false) or unfreezes (true) every parameter of this module and its descendants. */
    public final Module requiresGrad(boolean on) {
        for (Parameter p : namedParameterObjects().values()) {
            p.requiresGrad(on);
        }
        return this;
    }

    public final Module freeze() {
        return requiresGrad(false);
    }

    public final Module unfreeze() {
        return requiresGrad(true);
    }

    public final void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Parameters and buffers by dotted name, in PyTorch order per module (parameters, then buffers). The tensors
     * are copies: changing them does not change the model.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().parameters.entrySet()) {
                out.put(join(m.getKey(), p.getKey()), Tensor.of(p.getValue().tensor().toArray(), p.getValue().shape()));
            }
            for (var b : m.getValue().buffers.entrySet()) {
                out.put(join(m.getKey(), b.getKey()), Tensor.of(b.getValue().toArray(), b.getValue().shape()));
            }
        }
        return out;
    }

    /** Loads a state dict strictly: every key must be present, none extra, every shape equal. */
    public final void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies values in place (so optimizers holding the parameters keep working). With {@code strict}, missing
     * and unexpected keys are errors; shape mismatches always are. Nothing is changed if any check fails.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> targets = new LinkedHashMap<>();
        Map<String, Tensor> targets0 = namedParameters();
        targets.putAll(targets0);
        targets.putAll(namedBuffers());
        var missing = new TreeSet<String>();
        var mismatched = new ArrayList<String>();
        for (var e : targets.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": expected shape " + Arrays.toString(e.getValue().shape()) + ", got "
                        + Arrays.toString(src.shape()));
            }
        }
        var unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(targets.keySet());
        List<String> problems = new ArrayList<>(mismatched);
        if (strict && !missing.isEmpty()) {
            problems.add("missing keys " + missing);
        }
        if (strict && !unexpected.isEmpty()) {
            problems.add("unexpected keys " + unexpected);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(label() + ": cannot load state dict: " + String.join("; ", problems)
                    + (strict ? " (load with strict=false to skip missing and unexpected keys)" : ""));
        }
        for (var e : targets.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null) {
                Parameter.copyInto(e.getValue(), src, e.getKey());
            }
        }
    }

    // ---------------------------------------------------------------- printing

    /** Hyperparameters for {@link #toString()}, e.g. {@code 3, 16, kernel_size=[3, 3]}; empty by default. */
    protected String extraRepr() {
        return "";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(typeName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (var e : children.entrySet()) {
                String child = e.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
