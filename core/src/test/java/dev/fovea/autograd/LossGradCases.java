package dev.fovea.autograd;

import static dev.fovea.autograd.GradCase.of;
import static dev.fovea.autograd.GradCase.random;
import static dev.fovea.autograd.GradCase.uniform;

import java.util.List;

/** Gradient-check cases for the losses, including reductions, label smoothing and target gradients. */
final class LossGradCases {
    private LossGradCases() {}

    static List<GradCase> cases() {
        int[] target = {2, 0, 4, 1};
        return List.of(
                of("cross_entropy mean", t -> F.crossEntropy(t[0], target), random(301, 4, 5)),
                of("cross_entropy sum smoothed", t -> F.crossEntropy(t[0], target, Reduction.SUM, 0.2f),
                        random(302, 4, 5)),
                of("cross_entropy none", t -> F.crossEntropy(t[0], target, Reduction.NONE, 0.1f),
                        random(303, 4, 5)),
                of("cross_entropy ignore_index", t -> F.crossEntropy(t[0], new int[] {2, 7, 4, 7}, Reduction.MEAN,
                        0.1f, 7), random(322, 4, 5)),
                of("cross_entropy per pixel", t -> F.crossEntropy(t[0], new int[] {0, 2, 1, 1, 255, 0, 2, 2},
                        Reduction.MEAN, 0f, 255), random(323, 2, 3, 2, 2)),
                of("cross_entropy per pixel none", t -> F.crossEntropy(t[0], new int[] {0, 2, 1, 1, 0, 2},
                        Reduction.NONE, 0f, -100), random(324, 2, 3, 3)),
                of("nll_loss ignore_index", t -> F.nllLoss(t[0], new int[] {1, -1, 3, 0}, Reduction.MEAN, -1),
                        random(325, 4, 5)),
                of("nll_loss", t -> F.nllLoss(F.logSoftmax(t[0], 1), target), random(304, 4, 5)),
                of("nll_loss sum", t -> F.nllLoss(t[0], target, Reduction.SUM), random(305, 4, 5)),
                of("mse_loss", t -> F.mseLoss(t[0], t[1]), random(306, 2, 3), random(307, 2, 3)),
                of("mse_loss none", t -> F.mseLoss(t[0], t[1], Reduction.NONE), random(308, 5), random(309, 5)),
                of("bce_with_logits", t -> F.bceWithLogits(t[0], t[1]), uniform(310, -3f, 3f, 2, 3),
                        uniform(311, 0f, 1f, 2, 3)),
                of("bce_with_logits sum", t -> F.bceWithLogits(t[0], t[1], Reduction.SUM),
                        uniform(312, -3f, 3f, 6), uniform(313, 0f, 1f, 6)),
                of("bce", t -> F.bce(t[0], t[1]), uniform(314, 0.1f, 0.9f, 2, 3), uniform(315, 0f, 1f, 2, 3)),
                of("bce none", t -> F.bce(t[0], t[1], Reduction.NONE), uniform(316, 0.1f, 0.9f, 5),
                        uniform(317, 0f, 1f, 5)),
                // a small network end to end: shared weights, a diamond and a loss
                of("mlp", t -> {
                    var h = F.tanh(F.linear(t[0], t[1], t[2]));
                    var skip = F.add(h, F.mul(h, h));
                    return F.crossEntropy(F.linear(skip, t[3], null), new int[] {1, 0, 2});
                }, random(318, 3, 4), random(319, 5, 4), random(320, 5), random(321, 3, 5)));
    }
}
