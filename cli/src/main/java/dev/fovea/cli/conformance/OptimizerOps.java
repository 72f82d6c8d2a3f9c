package dev.fovea.cli.conformance;

import dev.fovea.optim.Adam;
import dev.fovea.optim.AdamW;
import dev.fovea.optim.Optimizer;
import dev.fovea.optim.RMSprop;
import dev.fovea.optim.SGD;
import dev.fovea.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** FORMAT.md 5.9: one optimizer step per given gradient, from fresh state, recording the parameter after each. */
final class OptimizerOps {
    private OptimizerOps() {}

    static void register(Map<String, OpRunner> ops) {
        ops.put("sgd", c -> steps(c, p -> new SGD(List.of(p), new SGD.Options(c.number("lr"), c.number("momentum"),
                c.number("dampening"), c.bool("nesterov"), c.number("weight_decay")))));
        ops.put("adam", c -> steps(c, p -> new Adam(List.of(p), adamOptions(c))));
        ops.put("adamw", c -> steps(c, p -> new AdamW(List.of(p), adamOptions(c))));
        ops.put("rmsprop", c -> steps(c, p -> new RMSprop(List.of(p), new RMSprop.Options(c.number("lr"),
                c.number("alpha"), c.number("eps"), c.number("weight_decay"), c.number("momentum"),
                c.bool("centered")))));
    }

    private static Adam.Options adamOptions(CaseContext c) {
        double[] betas = c.numbers("betas");
        if (betas.length != 2) {
            throw new CaseFormatException("attrs.betas must have 2 entries, got " + betas.length);
        }
        // amsgrad is not in FORMAT.md, but Adam supports it, so a directory that sets it is run rather than refused
        boolean amsgrad = c.hasAttr("amsgrad") && c.bool("amsgrad");
        return new Adam.Options(c.number("lr"), betas[0], betas[1], c.number("eps"), c.number("weight_decay"),
                amsgrad);
    }

    private static Map<String, Tensor> steps(CaseContext c, Function<Tensor, Optimizer> make) {
        // the optimizer updates in place, and inputs must stay as given: work on a copy
        Tensor param = c.tensor("param");
        Tensor p = Tensor.of(param.toArray(), param.shape()).requiresGrad(true);
        Optimizer opt = make.apply(p);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; c.has("grad_" + i); i++) {
            Tensor g = c.tensor("grad_" + i);
            p.setGrad(Tensor.of(g.toArray(), g.shape()));
            opt.step();
            out.put("param_after_" + (i + 1), Tensor.of(p.toArray(), p.shape()));
        }
        return out;
    }
}
