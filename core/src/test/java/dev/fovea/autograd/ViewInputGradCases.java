package dev.fovea.autograd;

import static dev.fovea.autograd.GradCase.awayFromZero;
import static dev.fovea.autograd.GradCase.distinct;
import static dev.fovea.autograd.GradCase.of;
import static dev.fovea.autograd.GradCase.random;

import java.util.List;

/**
 * Ops fed with non-contiguous views (transposed, sliced, expanded): the forward must read through strides and the
 * gradient must land in the viewed elements of the base tensor.
 */
final class ViewInputGradCases {
    private ViewInputGradCases() {}

    static List<GradCase> cases() {
        return List.of(
                of("relu of transposed", t -> F.relu(F.transpose(t[0], 0, 1)), awayFromZero(401, 0.05f, 3, 4)),
                of("sigmoid of strided slice", t -> F.sigmoid(F.slice(t[0], 1, 0, 6, 2)), random(402, 3, 6)),
                of("softmax of permuted", t -> F.softmax(F.permute(t[0], 2, 0, 1), 1), random(403, 2, 3, 4)),
                of("sum of strided slice", t -> F.sum(F.slice(t[0], 0, 1, 5, 3), 1, false), random(404, 5, 3)),
                of("max of transposed", t -> F.max(F.transpose(t[0], 0, 1), 1, false), distinct(405, 4, 3)),
                of("mul of expanded", t -> F.mul(F.expand(t[0], 3, 4), t[1]), random(406, 1, 4), random(407, 3, 4)),
                of("linear with transposed weight", t -> F.linear(t[0], F.transpose(t[1], 0, 1), t[2]),
                        random(408, 2, 3), random(409, 3, 4), random(410, 4)),
                of("linear of sliced input", t -> F.linear(F.narrow(t[0], 1, 1, 3), t[1], null), random(411, 2, 5),
                        random(412, 2, 3)),
                of("cross_entropy of sliced logits", t -> F.crossEntropy(F.narrow(t[0], 1, 0, 3),
                        new int[] {0, 2, 1}), random(413, 3, 5)),
                of("matmul of permuted batch", t -> F.matmul(F.permute(t[0], 1, 0, 2), t[1]), random(414, 3, 2, 4),
                        random(415, 4, 2)),
                of("concat of views", t -> F.concat(List.of(F.transpose(t[0], 0, 1), F.slice(t[1], 0, 0, 4, 2)), 0),
                        random(416, 3, 2), random(417, 4, 3)),
                of("pad of transposed", t -> F.pad(F.transpose(t[0], 0, 1), new int[] {1, 1}, 0f), random(418, 2, 3)),
                of("mse of permuted", t -> F.mseLoss(F.permute(t[0], 1, 0), t[1]), random(419, 2, 3),
                        random(420, 3, 2)));
    }
}
