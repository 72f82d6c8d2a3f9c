package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.List;

/**
 * Adagrad as {@code torch.optim.Adagrad}: {@code clr = lr / (1 + (t-1)*lr_decay); g += wd*p; sum += g²;
 * p -= clr * g / (sqrt(sum) + eps)}, with the sum starting at {@code initialAccumulatorValue}.
 */
public final class Adagrad extends Optimizer {
    /** Validated hyperparameters; {@code lr} and {@code weightDecay} are the defaults of groups that set none. */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
        public Options {
            require(lr >= 0 && lr < Double.POSITIVE_INFINITY, "Adagrad", "lr must be a finite number >= 0", lr);
            require(lrDecay >= 0 && lrDecay < Double.POSITIVE_INFINITY, "Adagrad",
                    "lr_decay must be a finite number >= 0", lrDecay);
            require(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY, "Adagrad",
                    "weight_decay must be a finite number >= 0", weightDecay);
            require(initialAccumulatorValue >= 0 && initialAccumulatorValue < Double.POSITIVE_INFINITY, "Adagrad",
                    "initial_accumulator_value must be a finite number >= 0", initialAccumulatorValue);
            require(eps >= 0 && eps < Double.POSITIVE_INFINITY, "Adagrad", "eps must be a finite number >= 0", eps);
        }

        /** PyTorch's defaults: lr 1e-2, no lr decay, no weight decay, accumulator 0, eps 1e-10. */
        public static Options defaults() {
            return new Options(1e-2, 0, 0, 0, 1e-10);
        }

        public Options withLr(double v) {
            return new Options(v, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }

        public Options withLrDecay(double v) {
            return new Options(lr, v, weightDecay, initialAccumulatorValue, eps);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, lrDecay, v, initialAccumulatorValue, eps);
        }

        public Options withInitialAccumulatorValue(double v) {
            return new Options(lr, lrDecay, weightDecay, v, eps);
        }

        public Options withEps(double v) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, v);
        }
    }

    private final Options options;

    public Adagrad(List<Tensor> params, Options options) {
        this(options, single(params));
    }

    public Adagrad(Options options, ParamGroup... groups) {
        this(options, List.of(groups));
    }

    private Adagrad(Options options, List<ParamGroup> groups) {
        super("Adagrad", groups, options.lr(), options.weightDecay(), "sum");
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    protected float initialBufferValue(int buffer) {
        return (float) options.initialAccumulatorValue();
    }

    @Override
    protected void update(ParamGroup group, float[] p, int po, float[] g, int go, int n, long step, float[][] bufs) {
        float clr = (float) (group.lr() / (1 + (step - 1) * options.lrDecay()));
        float wd = (float) group.weightDecay();
        float eps = (float) options.eps();
        float[] sum = bufs[0];
        for (int i = 0; i < n; i++) {
            float gi = g[go + i] + wd * p[po + i];
            float s = sum[i] + gi * gi;
            sum[i] = s;
            p[po + i] -= clr * gi / ((float) Math.sqrt(s) + eps);
        }
    }
}
