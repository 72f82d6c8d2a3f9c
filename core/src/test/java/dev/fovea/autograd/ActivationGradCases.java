package dev.fovea.autograd;

import static dev.fovea.autograd.GradCase.awayFromZero;
import static dev.fovea.autograd.GradCase.of;
import static dev.fovea.autograd.GradCase.random;
import static dev.fovea.autograd.GradCase.uniform;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.List;

/** Gradient-check cases for the activations (inputs keep clear of kinks). */
final class ActivationGradCases {
    private ActivationGradCases() {}

    static List<GradCase> cases() {
        return List.of(
                of("relu", t -> F.relu(t[0]), awayFromZero(201, 0.05f, 3, 4)),
                // |0.01 b| < 0.05 keeps the sum on a's side of the kink
                of("add_relu", t -> F.addRelu(t[0], F.mul(t[1], 0.01f)), awayFromZero(231, 0.05f, 3, 4),
                        random(232, 3, 4)),
                of("add_relu broadcast", t -> F.addRelu(t[0], F.mul(t[1], 0.01f)), awayFromZero(233, 0.05f, 3, 4),
                        random(234, 4)),
                of("leaky_relu", t -> F.leakyRelu(t[0], 0.2f), awayFromZero(202, 0.05f, 3, 4)),
                of("elu", t -> F.elu(t[0], 1.3f), awayFromZero(203, 0.05f, 3, 4)),
                of("gelu", t -> F.gelu(t[0]), uniform(204, -3f, 3f, 12)),
                of("gelu tanh", t -> F.gelu(t[0], "tanh"), uniform(205, -3f, 3f, 12)),
                of("gelu wide range", t -> F.gelu(t[0]), uniform(215, -8f, 8f, 16)),
                of("gelu tanh wide range", t -> F.gelu(t[0], "tanh"), uniform(216, -8f, 8f, 16)),
                of("sigmoid", t -> F.sigmoid(t[0]), uniform(206, -4f, 4f, 12)),
                of("tanh", t -> F.tanh(t[0]), uniform(207, -2f, 2f, 12)),
                // beta 2, threshold 3: x below 1.5 on the log1p(exp) branch, above on the linear one
                of("softplus", t -> F.softplus(t[0], 2f, 3f),
                        Tensor.of(-3f, -1f, -0.2f, 0.3f, 1f, 1.4f, 1.6f, 2.5f)),
                of("softplus defaults", t -> F.softplus(t[0]), uniform(208, -5f, 5f, 8)),
                of("softmax last dim", t -> F.softmax(t[0], -1), random(209, 3, 5)),
                of("softmax inner dim", t -> F.softmax(t[0], 1), random(210, 2, 3, 4)),
                of("log_softmax", t -> F.logSoftmax(t[0], 1), random(211, 3, 4)),
                of("log_softmax dim 0", t -> F.logSoftmax(t[0], 0), random(212, 3, 2, 2)),
                of("dropout", t -> F.dropout(t[0], 0.4f, true, new Rng(213)), random(214, 4, 5)));
    }
}
