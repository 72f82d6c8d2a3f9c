package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the optimizers: parameter groups, per-parameter state (a step count and named float buffers) and the
 * state dict. A subclass only writes {@link #update}, one fused loop over a parameter's flat storage that reads its
 * gradient and updates the parameter and buffers in place; after the first step (which allocates the buffers)
 * {@link #step()} allocates nothing.
 *
 * <p>As in PyTorch, parameters without a gradient are skipped and keep their step count, and {@link #zeroGrad()}
 * drops the gradients (set to none) rather than filling them with zeros.
 */
public abstract class Optimizer {
    private final String name;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final List<Tensor> params = new ArrayList<>();
    private final Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final double defaultLr;
    private final double defaultWeightDecay;
    private final String[] bufferNames;
    private long[] steps = new long[0];
    private float[][][] buffers = new float[0][][];

    /**
     * @param bufferNames the per-parameter buffers this optimizer keeps (PyTorch's names, e.g. {@code exp_avg})
     */
    protected Optimizer(String name, List<ParamGroup> groups, double defaultLr, double defaultWeightDecay,
            String... bufferNames) {
        this.name = name;
        this.defaultLr = defaultLr;
        this.defaultWeightDecay = defaultWeightDecay;
        this.bufferNames = bufferNames.clone();
        for (ParamGroup g : groups) {
            addParamGroup(g);
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException(name + ": got an empty parameter list; pass the model's parameters()");
        }
    }

    /**
     * Adds a group of parameters, e.g. layers unfrozen for fine-tuning, with fresh state. Unset learning rate and
     * weight decay take this optimizer's defaults. Schedules attached earlier do not drive the new group.
     */
    public final void addParamGroup(ParamGroup group) {
        int gi = groups.size();
        Set<Tensor> local = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : group.params()) {
            if (p == null) {
                throw new IllegalArgumentException(name + ": parameter group " + gi + " contains null");
            }
            if (seen.contains(p) || !local.add(p)) {
                throw new IllegalArgumentException(name + ": a parameter of shape " + Arrays.toString(p.shape())
                        + " appears twice (group " + gi + "); every parameter may be listed once");
            }
            if (!p.isContiguous()) {
                throw new IllegalArgumentException(name + ": parameter of shape " + Arrays.toString(p.shape())
                        + " is not contiguous; optimizers update the storage in place, pass contiguous tensors");
            }
        }
        group.applyDefaults(defaultLr, defaultWeightDecay);
        seen.addAll(local);
        groups.add(group);
        params.addAll(group.params());
        steps = Arrays.copyOf(steps, params.size());
        buffers = Arrays.copyOf(buffers, params.size());
    }

    /** Wraps a plain parameter list into one default group. */
    protected static List<ParamGroup> single(List<Tensor> params) {
        if (params == null) {
            throw new IllegalArgumentException("optimizer: params must not be null");
        }
        return List.of(new ParamGroup(params));
    }

    /**
     * Updates one parameter in place.
     *
     * @param p parameter storage, elements {@code [po, po + n)}
     * @param g gradient storage, elements {@code [go, go + n)}
     * @param step the step number of this parameter, starting at 1
     * @param bufs this parameter's buffers, each of length n, in the order of the constructor's names
     */
    protected abstract void update(ParamGroup group, float[] p, int po, float[] g, int go, int n, long step,
            float[][] bufs);

    /** The value a fresh buffer starts with (Adagrad's initial accumulator); zero by default. */
    protected float initialBufferValue(int buffer) {
        return 0f;
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        // indexed loops: no iterator objects, so a step after the first allocates nothing
        int index = 0;
        for (int gi = 0, ng = groups.size(); gi < ng; gi++) {
            ParamGroup group = groups.get(gi);
            List<Tensor> ps = group.params();
            for (int pi = 0, np = ps.size(); pi < np; pi++) {
                Tensor p = ps.get(pi);
                int i = index++;
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                int n = p.numel();
                if (buffers[i] == null) {
                    buffers[i] = newBuffers(n);
                }
                steps[i]++;
                float[] g;
                int go;
                if (grad.isContiguous()) {
                    g = grad.storage();
                    go = grad.offset();
                } else {
                    g = grad.toArray(); // only for hand-set strided gradients; autograd's are contiguous
                    go = 0;
                }
                update(group, p.storage(), p.offset(), g, go, n, steps[i], buffers[i]);
                p.bumpVersion();
            }
        }
    }

    private float[][] newBuffers(int n) {
        float[][] b = new float[bufferNames.length][n];
        for (int k = 0; k < b.length; k++) {
            float v = initialBufferValue(k);
            if (v != 0f) {
                Arrays.fill(b[k], v);
            }
        }
        return b;
    }

    /** Drops every parameter's gradient (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    public final List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** All parameters, in group order. */
    public final List<Tensor> params() {
        return Collections.unmodifiableList(params);
    }

    /** The learning rate of the first group (the only one, usually). */
    public final double lr() {
        return groups.get(0).lr();
    }

    /** Sets the learning rate of every group. */
    public final void setLr(double lr) {
        for (ParamGroup g : groups) {
            g.setLr(lr);
        }
    }

    public final String name() {
        return name;
    }

    /** The step count of parameter {@code index} (in {@link #params()} order). */
    public final long stepCount(int index) {
        return steps[index];
    }

    /** A copy of the state: group learning rates and weight decays, step counts and buffers. */
    public final StateDict stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            scalars.put("param_groups." + gi + ".lr", g.lr());
            scalars.put("param_groups." + gi + ".weight_decay", g.weightDecay());
            if (!Double.isNaN(g.initialLr())) {
                scalars.put("param_groups." + gi + ".initial_lr", g.initialLr());
            }
        }
        for (int i = 0; i < params.size(); i++) {
            if (buffers[i] == null) {
                continue;
            }
            scalars.put("state." + i + ".step", (double) steps[i]);
            int[] shape = params.get(i).shape();
            for (int k = 0; k < bufferNames.length; k++) {
                tensors.put("state." + i + "." + bufferNames[k], Tensor.of(buffers[i][k], shape));
            }
        }
        return new StateDict(tensors, scalars);
    }

    /**
     * Restores a state saved by {@link #stateDict()} of the same optimizer over parameters of the same shapes, so
     * that training resumes exactly. Checks everything before changing anything.
     */
    public final void loadStateDict(StateDict state) {
        Set<String> expected = new HashSet<>();
        Set<String> expectedTensors = new HashSet<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            expected.add("param_groups." + gi + ".lr");
            expected.add("param_groups." + gi + ".weight_decay");
            state.scalar("param_groups." + gi + ".lr", name);
            state.scalar("param_groups." + gi + ".weight_decay", name);
        }
        long[] newSteps = new long[params.size()];
        float[][][] newBuffers = new float[params.size()][][];
        for (int i = 0; i < params.size(); i++) {
            String prefix = "state." + i + ".";
            Double step = state.scalars().get(prefix + "step");
            if (step == null) {
                continue;
            }
            expected.add(prefix + "step");
            if (step < 0 || step != Math.rint(step)) {
                throw new IllegalArgumentException(name + ".loadStateDict: " + prefix + "step must be a whole"
                        + " number >= 0, got " + step);
            }
            newSteps[i] = step.longValue();
            int[] shape = params.get(i).shape();
            newBuffers[i] = new float[bufferNames.length][];
            for (int k = 0; k < bufferNames.length; k++) {
                String key = prefix + bufferNames[k];
                expectedTensors.add(key);
                Tensor t = state.tensors().get(key);
                if (t == null) {
                    throw new IllegalArgumentException(name + ".loadStateDict: missing buffer '" + key
                            + "'; was the state saved by a different optimizer or with other options? (buffers: "
                            + state.tensors().keySet() + ")");
                }
                if (!Arrays.equals(t.shape(), shape)) {
                    throw new IllegalArgumentException(name + ".loadStateDict: buffer '" + key + "' has shape "
                            + Arrays.toString(t.shape()) + " but parameter " + i + " has shape "
                            + Arrays.toString(shape) + "; the state belongs to a different model");
                }
                newBuffers[i][k] = t.toArray();
            }
        }
        for (String key : state.scalars().keySet()) {
            if (!expected.contains(key) && !key.matches("param_groups\\.\\d+\\.initial_lr")) {
                throw new IllegalArgumentException(name + ".loadStateDict: unexpected entry '" + key + "'; the state"
                        + " was saved by a different optimizer or for a different parameter list");
            }
        }
        for (String key : state.tensors().keySet()) {
            if (!expectedTensors.contains(key)) {
                throw new IllegalArgumentException(name + ".loadStateDict: unexpected buffer '" + key
                        + "'; the state was saved by a different optimizer or for a different parameter list");
            }
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            g.setLr(state.scalar("param_groups." + gi + ".lr", name));
            g.setWeightDecay(state.scalar("param_groups." + gi + ".weight_decay", name));
            Double initial = state.scalars().get("param_groups." + gi + ".initial_lr");
            if (initial != null) {
                g.setInitialLr(initial);
            }
        }
        System.arraycopy(newSteps, 0, steps, 0, steps.length);
        System.arraycopy(newBuffers, 0, buffers, 0, buffers.length);
    }

    /** Checks a hyperparameter; {@code what} reads like "lr must be >= 0". */
    protected static void require(boolean ok, String optimizer, String what, double got) {
        if (!ok) {
            throw new IllegalArgumentException(optimizer + ": " + what + ", got " + got);
        }
    }
}
