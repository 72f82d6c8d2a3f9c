package dev.fovea.cli.conformance;

import static dev.fovea.cli.conformance.LayerOps.y;

import dev.fovea.autograd.F;
import dev.fovea.autograd.Reduction;
import dev.fovea.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** FORMAT.md 5.1 and 5.5 to 5.7: linear, activations, losses and the shape ops, through {@link F}. */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void register(Map<String, OpRunner> ops) {
        ops.put("linear", c -> y(F.linear(c.tensor("x"), c.tensor("weight"), c.optional("bias"))));

        ops.put("relu", c -> y(F.relu(c.tensor("x"))));
        ops.put("sigmoid", c -> y(F.sigmoid(c.tensor("x"))));
        ops.put("tanh", c -> y(F.tanh(c.tensor("x"))));
        ops.put("leaky_relu", c -> y(F.leakyRelu(c.tensor("x"), f(c, "negative_slope"))));
        ops.put("softplus", c -> y(F.softplus(c.tensor("x"), f(c, "beta"), f(c, "threshold"))));
        ops.put("elu", c -> y(F.elu(c.tensor("x"), f(c, "alpha"))));
        ops.put("gelu", c -> y(F.gelu(c.tensor("x"), c.string("approximate"))));
        ops.put("softmax", c -> y(F.softmax(c.tensor("x"), c.integer("dim"))));
        ops.put("log_softmax", c -> y(F.logSoftmax(c.tensor("x"), c.integer("dim"))));

        ops.put("cross_entropy", c -> y(F.crossEntropy(c.tensor("logits"), c.labels("target"), reduction(c),
                f(c, "label_smoothing"))));
        ops.put("nll_loss", c -> y(F.nllLoss(c.tensor("input"), c.labels("target"), reduction(c))));
        ops.put("mse_loss", c -> y(F.mseLoss(c.tensor("input"), c.tensor("target"), reduction(c))));
        ops.put("bce_with_logits", c -> y(F.bceWithLogits(c.tensor("logits"), c.tensor("target"), reduction(c))));

        ops.put("add", c -> y(F.add(c.tensor("a"), c.tensor("b"))));
        ops.put("concat", c -> y(F.concat(List.of(c.tensor("a"), c.tensor("b")), c.integer("dim"))));
        ops.put("flatten", c -> y(F.flatten(c.tensor("x"), c.integer("start_dim"))));
    }

    private static float f(CaseContext c, String attr) {
        return (float) c.number(attr);
    }

    private static Reduction reduction(CaseContext c) {
        String r = c.string("reduction");
        try {
            return Reduction.parse(r);
        } catch (IllegalArgumentException e) {
            throw new CaseFormatException(c.op() + ": attrs.reduction must be \"mean\", \"sum\" or \"none\", got \""
                    + r + "\"");
        }
    }

}
