package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, exactly as
 * {@code torch.optim.SGD}: {@code g += wd*p; buf = (t == 1) ? g : momentum*buf + (1-dampening)*g;
 * g = nesterov ? g + momentum*buf : buf; p -= lr*g}.
 */
public final class SGD extends Optimizer {
    /** Validated hyperparameters; {@code lr} and {@code weightDecay} are the defaults of groups that set none. */
    public record Options(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        public Options {
            require(lr >= 0 && lr < Double.POSITIVE_INFINITY, "SGD", "lr must be a finite number >= 0", lr);
            require(momentum >= 0 && momentum < Double.POSITIVE_INFINITY, "SGD",
                    "momentum must be a finite number >= 0", momentum);
            require(dampening >= 0 && dampening <= 1, "SGD", "dampening must be in [0, 1]", dampening);
            require(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY, "SGD",
                    "weight_decay must be a finite number >= 0", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: nesterov momentum needs momentum > 0 and dampening 0, got"
                        + " momentum " + momentum + " and dampening " + dampening);
            }
        }

        /** Plain SGD with learning rate {@code lr}. */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, false, 0);
        }

        public Options withMomentum(double m) {
            return new Options(lr, m, dampening, nesterov, weightDecay);
        }

        public Options withDampening(double d) {
            return new Options(lr, momentum, d, nesterov, weightDecay);
        }

        public Options withNesterov(boolean n) {
            return new Options(lr, momentum, dampening, n, weightDecay);
        }

        public Options withWeightDecay(double wd) {
            return new Options(lr, momentum, dampening, nesterov, wd);
        }
    }

    private final Options options;

    public SGD(List<Tensor> params, Options options) {
        this(options, single(params));
    }

    public SGD(Options options, ParamGroup... groups) {
        this(options, List.of(groups));
    }

    private SGD(Options options, List<ParamGroup> groups) {
        super("SGD", groups, options.lr(), options.weightDecay(),
                options.momentum() != 0 ? new String[] {"momentum_buffer"} : new String[0]);
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    protected void update(ParamGroup group, float[] p, int po, float[] g, int go, int n, long step, float[][] bufs) {
        float lr = (float) group.lr();
        float wd = (float) group.weightDecay();
        if (options.momentum() == 0) {
            for (int i = 0; i < n; i++) {
                float gi = g[go + i] + wd * p[po + i];
                p[po + i] -= lr * gi;
            }
            return;
        }
        float momentum = (float) options.momentum();
        float keep = (float) (1 - options.dampening());
        boolean first = step == 1;
        boolean nesterov = options.nesterov();
        float[] buf = bufs[0];
        for (int i = 0; i < n; i++) {
            float gi = g[go + i] + wd * p[po + i];
            float b = first ? gi : momentum * buf[i] + keep * gi;
            buf[i] = b;
            p[po + i] -= lr * (nesterov ? gi + momentum * b : b);
        }
    }
}
