package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.List;

/**
 * A set of parameters that share a learning rate and weight decay, like an entry of PyTorch's
 * {@code optimizer.param_groups}. Values left unset (NaN) take the optimizer's defaults when the optimizer is built.
 * Schedules change {@link #lr()} between steps; {@link #initialLr()} remembers the value they start from.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private double lr;
    private double weightDecay;
    private double initialLr = Double.NaN;

    /** A group that uses the optimizer's default learning rate and weight decay. */
    public ParamGroup(List<Tensor> params) {
        this(params, Double.NaN, Double.NaN);
    }

    /** A group with its own learning rate and weight decay; pass {@code Double.NaN} to keep a default. */
    public ParamGroup(List<Tensor> params, double lr, double weightDecay) {
        if (params == null) {
            throw new IllegalArgumentException("ParamGroup: params must not be null");
        }
        this.params = List.copyOf(params);
        if (!Double.isNaN(lr)) {
            setLr(lr);
        } else {
            this.lr = lr;
        }
        if (!Double.isNaN(weightDecay)) {
            setWeightDecay(weightDecay);
        } else {
            this.weightDecay = weightDecay;
        }
    }

    public List<Tensor> params() {
        return params;
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("ParamGroup: lr must be a finite number >= 0, got " + lr);
        }
        this.lr = lr;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public void setWeightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("ParamGroup: weight_decay must be a finite number >= 0, got "
                    + weightDecay);
        }
        this.weightDecay = weightDecay;
    }

    /** The learning rate schedules scale from: set by the first schedule attached, NaN before. */
    public double initialLr() {
        return initialLr;
    }

    public void setInitialLr(double initialLr) {
        this.initialLr = initialLr;
    }

    /** Fills unset values with the optimizer's defaults. */
    void applyDefaults(double defaultLr, double defaultWeightDecay) {
        if (Double.isNaN(lr)) {
            setLr(defaultLr);
        }
        if (Double.isNaN(weightDecay)) {
            setWeightDecay(defaultWeightDecay);
        }
    }
}
