package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.List;

/**
 * Adam as {@code torch.optim.Adam}: L2 weight decay added to the gradient, bias-corrected moments, eps added after
 * the bias correction of the square root, optional AMSGrad. {@link AdamW} shares the loop with decoupled decay.
 */
public class Adam extends Optimizer {
    /** Validated hyperparameters; {@code lr} and {@code weightDecay} are the defaults of groups that set none. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        public Options {
            require(lr >= 0 && lr < Double.POSITIVE_INFINITY, "Adam", "lr must be a finite number >= 0", lr);
            require(beta1 >= 0 && beta1 < 1, "Adam", "beta1 must be in [0, 1)", beta1);
            require(beta2 >= 0 && beta2 < 1, "Adam", "beta2 must be in [0, 1)", beta2);
            require(eps >= 0 && eps < Double.POSITIVE_INFINITY, "Adam", "eps must be a finite number >= 0", eps);
            require(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY, "Adam",
                    "weight_decay must be a finite number >= 0", weightDecay);
        }

        /** PyTorch's Adam defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false);
        }

        /** PyTorch's AdamW defaults: as Adam but weight decay 1e-2. */
        public static Options adamwDefaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false);
        }

        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad);
        }

        public Options withEps(double v) {
            return new Options(lr, beta1, beta2, v, weightDecay, amsgrad);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, beta1, beta2, eps, v, amsgrad);
        }

        public Options withAmsgrad(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v);
        }
    }

    private final Options options;
    private final boolean decoupled;

    public Adam(List<Tensor> params, Options options) {
        this("Adam", single(params), options, false);
    }

    public Adam(Options options, ParamGroup... groups) {
        this("Adam", List.of(groups), options, false);
    }

    Adam(String name, List<ParamGroup> groups, Options options, boolean decoupled) {
        super(name, groups, options.lr(), options.weightDecay(), options.amsgrad()
                ? new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
                : new String[] {"exp_avg", "exp_avg_sq"});
        this.options = options;
        this.decoupled = decoupled;
    }

    public Options options() {
        return options;
    }

    @Override
    protected final void update(ParamGroup group, float[] p, int po, float[] g, int go, int n, long step,
            float[][] bufs) {
        double lr = group.lr();
        double b1 = options.beta1();
        double b2 = options.beta2();
        float stepSize = (float) (lr / (1 - Math.pow(b1, step)));
        float invBc2Sqrt = (float) (1 / Math.sqrt(1 - Math.pow(b2, step)));
        float eps = (float) options.eps();
        float l2 = decoupled ? 0f : (float) group.weightDecay();
        float shrink = decoupled ? (float) (1 - lr * group.weightDecay()) : 1f;
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float c1 = (float) (1 - b1);
        float c2 = (float) (1 - b2);
        float[] m = bufs[0];
        float[] v = bufs[1];
        float[] vmax = options.amsgrad() ? bufs[2] : null;
        for (int i = 0; i < n; i++) {
            float pi = p[po + i] * shrink;
            float gi = g[go + i] + l2 * pi;
            float mi = fb1 * m[i] + c1 * gi;
            float vi = fb2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            if (vmax != null) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = vi;
            }
            float denom = (float) Math.sqrt(vi) * invBc2Sqrt + eps;
            p[po + i] = pi - stepSize * mi / denom;
        }
    }
}
