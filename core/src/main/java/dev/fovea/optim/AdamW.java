package dev.fovea.optim;

import dev.fovea.tensor.Tensor;
import java.util.List;

/**
 * AdamW as {@code torch.optim.AdamW}: Adam with decoupled weight decay, {@code p *= 1 - lr*weight_decay} before the
 * Adam update, and the gradient left unmodified. Use {@link Adam.Options#adamwDefaults()} for PyTorch's defaults.
 */
public final class AdamW extends Adam {
    public AdamW(List<Tensor> params, Options options) {
        super("AdamW", single(params), options, true);
    }

    public AdamW(Options options, ParamGroup... groups) {
        super("AdamW", List.of(groups), options, true);
    }
}
