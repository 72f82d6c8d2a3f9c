package dev.fovea.autograd;

import static dev.fovea.autograd.GradCase.of;
import static dev.fovea.autograd.GradCase.random;

import dev.fovea.tensor.Tensor;
import java.util.List;

/** Gradient-check cases for shape ops: views, slices, joins, padding. */
final class ShapeGradCases {
    private ShapeGradCases() {}

    /** A reduction that weighs every element differently, so a misplaced gradient cannot cancel out. */
    private static Tensor weigh(List<Tensor> parts) {
        Tensor acc = null;
        float w = 1f;
        for (Tensor p : parts) {
            Tensor term = F.sum(F.mul(p, w));
            acc = acc == null ? term : F.add(acc, term);
            w += 1.5f;
        }
        return F.reshape(acc, 1);
    }

    static List<GradCase> cases() {
        return List.of(
                of("reshape", t -> F.reshape(t[0], 3, -1), random(101, 2, 3, 2)),
                of("view", t -> F.view(t[0], 6, 2), random(102, 2, 3, 2)),
                of("reshape of transposed", t -> F.reshape(F.transpose(t[0], 0, 2), -1), random(103, 2, 3, 2)),
                of("flatten start 1", t -> F.flatten(t[0], 1), random(104, 2, 3, 2, 2)),
                of("squeeze unsqueeze", t -> F.unsqueeze(F.squeeze(t[0], 1), -1), random(105, 3, 1, 2)),
                of("permute", t -> F.permute(t[0], 2, 0, 1), random(106, 2, 3, 4)),
                of("transpose", t -> F.transpose(t[0], -1, 0), random(107, 2, 3)),
                of("slice with step", t -> F.slice(t[0], 1, 1, 7, 2), random(108, 2, 8)),
                of("narrow", t -> F.narrow(t[0], 0, 1, 2), random(109, 4, 3)),
                of("select", t -> F.select(t[0], 1, -1), random(110, 2, 3, 2)),
                of("expand", t -> F.expand(t[0], 2, 3, 4), random(111, 3, 1)),
                of("concat", t -> F.concat(List.of(t[0], t[1], t[2]), 1), random(112, 2, 1, 3),
                        random(113, 2, 2, 3), random(114, 2, 3, 3)),
                of("concat same tensor twice", t -> F.concat(List.of(t[0], t[0]), -1), random(115, 2, 2)),
                of("stack", t -> F.stack(List.of(t[0], t[1]), 1), random(116, 2, 3), random(117, 2, 3)),
                of("split", t -> weigh(F.split(t[0], 2, 1)), random(118, 2, 5)),
                of("split sizes", t -> weigh(F.split(t[0], new int[] {1, 3}, 0)), random(119, 4, 2)),
                of("chunk", t -> weigh(F.chunk(t[0], 3, -1)), random(120, 2, 7)),
                of("pad", t -> F.pad(t[0], new int[] {1, 2, 0, 1}, 0.5f), random(121, 2, 2, 3)),
                of("pad negative crops", t -> F.pad(t[0], new int[] {-1, 1, 2, -1}, 0f), random(122, 3, 4)));
    }
}
