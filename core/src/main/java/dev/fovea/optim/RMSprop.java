package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * RMSprop as {@code torch.optim.RMSprop}: {@code v = alpha*v + (1-alpha)*g²}; centred, it also tracks the mean
 * gradient and divides by {@code sqrt(v - mean²) + eps}; with momentum, the scaled step goes through a buffer.
 */
public final class RMSprop extends Optimizer {
    /** Validated hyperparameters; {@code lr} and {@code weightDecay} are the defaults of groups that set none. */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        public Options {
            require(lr >= 0 && lr < Double.POSITIVE_INFINITY, "RMSprop", "lr must be a finite number >= 0", lr);
            require(alpha >= 0 && alpha <= 1, "RMSprop", "alpha must be in [0, 1]", alpha);
            require(eps >= 0 && eps < Double.POSITIVE_INFINITY, "RMSprop", "eps must be a finite number >= 0", eps);
            require(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY, "RMSprop",
                    "weight_decay must be a finite number >= 0", weightDecay);
            require(momentum >= 0 && momentum < Double.POSITIVE_INFINITY, "RMSprop",
                    "momentum must be a finite number >= 0", momentum);
        }

        /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no momentum, not centred. */
        public static Options defaults() {
            return new Options(1e-2, 0.99, 1e-8, 0, 0, false);
        }

        public Options withLr(double v) {
            return new Options(v, alpha, eps, weightDecay, momentum, centered);
        }

        public Options withAlpha(double v) {
            return new Options(lr, v, eps, weightDecay, momentum, centered);
        }

        public Options withEps(double v) {
            return new Options(lr, alpha, v, weightDecay, momentum, centered);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, alpha, eps, v, momentum, centered);
        }

        public Options withMomentum(double v) {
            return new Options(lr, alpha, eps, weightDecay, v, centered);
        }

        public Options withCentered(boolean v) {
            return new Options(lr, alpha, eps, weightDecay, momentum, v);
        }
    }

    private final Options options;

    public RMSprop(List<Tensor> params, Options options) {
        this(options, single(params));
    }

    public RMSprop(Options options, ParamGroup... groups) {
        this(options, List.of(groups));
    }

    private RMSprop(Options options, List<ParamGroup> groups) {
        super("RMSprop", groups, options.lr(), options.weightDecay(), bufferNames(options));
        this.options = options;
    }

    private static String[] bufferNames(Options o) {
        List<String> names = new ArrayList<>(List.of("square_avg"));
        if (o.momentum() > 0) {
            names.add("momentum_buffer");
        }
        if (o.centered()) {
            names.add("grad_avg");
        }
        return names.toArray(String[]::new);
    }

    public Options options() {
        return options;
    }

    @Override
    protected void update(ParamGroup group, float[] p, int po, float[] g, int go, int n, long step, float[][] bufs) {
        float lr = (float) group.lr();
        float wd = (float) group.weightDecay();
        float alpha = (float) options.alpha();
        float keep = (float) (1 - options.alpha());
        float eps = (float) options.eps();
        float momentum = (float) options.momentum();
        boolean useMomentum = options.momentum() > 0;
        float[] v = bufs[0];
        float[] buf = useMomentum ? bufs[1] : null;
        float[] ga = options.centered() ? bufs[useMomentum ? 2 : 1] : null;
        for (int i = 0; i < n; i++) {
            float gi = g[go + i] + wd * p[po + i];
            float vi = alpha * v[i] + keep * gi * gi;
            v[i] = vi;
            float avg;
            if (ga != null) {
                float a = alpha * ga[i] + keep * gi;
                ga[i] = a;
                avg = (float) Math.sqrt(vi - a * a) + eps;
            } else {
                avg = (float) Math.sqrt(vi) + eps;
            }
            if (buf != null) {
                float b = momentum * buf[i] + gi / avg;
                buf[i] = b;
                p[po + i] -= lr * b;
            } else {
                p[po + i] -= lr * gi / avg;
            }
        }
    }
}
