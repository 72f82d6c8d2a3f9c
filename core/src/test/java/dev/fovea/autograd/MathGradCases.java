package dev.fovea.autograd;

import static dev.fovea.autograd.GradCase.awayFromZero;
import static dev.fovea.autograd.GradCase.distinct;
import static dev.fovea.autograd.GradCase.of;
import static dev.fovea.autograd.GradCase.random;
import static dev.fovea.autograd.GradCase.uniform;

import java.util.List;

/** Gradient-check cases for the tensor math ops: arithmetic with broadcasting, pointwise, reductions, products. */
final class MathGradCases {
    private MathGradCases() {}

    static List<GradCase> cases() {
        return List.of(
                of("add", t -> F.add(t[0], t[1]), random(1, 2, 3), random(2, 2, 3)),
                of("add broadcast row", t -> F.add(t[0], t[1]), random(3, 2, 3), random(4, 3)),
                of("add broadcast both", t -> F.add(t[0], t[1]), random(5, 2, 1, 3), random(6, 4, 1)),
                of("add scalar", t -> F.add(t[0], 2.5f), random(7, 3)),
                of("add same tensor twice", t -> F.add(t[0], t[0]), random(8, 2, 2)),
                of("sub broadcast", t -> F.sub(t[0], t[1]), random(9, 2, 3), random(10, 2, 1)),
                of("sub scalar", t -> F.sub(t[0], 1f), random(11, 4)),
                of("mul broadcast", t -> F.mul(t[0], t[1]), random(12, 3, 1, 2), random(13, 4, 2)),
                of("mul self", t -> F.mul(t[0], t[0]), random(14, 5)),
                of("mul scalar", t -> F.mul(t[0], -3f), random(15, 2, 2)),
                of("div broadcast", t -> F.div(t[0], t[1]), random(16, 2, 3), uniform(17, 0.5f, 2f, 3)),
                of("div scalar", t -> F.div(t[0], 4f), random(18, 3)),
                of("neg", t -> F.neg(t[0]), random(19, 2, 3)),
                of("exp", t -> F.exp(t[0]), random(20, 2, 3)),
                of("log", t -> F.log(t[0]), uniform(21, 0.5f, 3f, 2, 3)),
                of("sqrt", t -> F.sqrt(t[0]), uniform(22, 0.5f, 3f, 6)),
                of("pow 3", t -> F.pow(t[0], 3f), random(23, 2, 3)),
                of("pow -1.5", t -> F.pow(t[0], -1.5f), uniform(24, 0.5f, 2f, 5)),
                of("pow 2", t -> F.pow(t[0], 2f), random(25, 4)),
                of("abs", t -> F.abs(t[0]), awayFromZero(26, 0.1f, 2, 3)),
                of("clamp", t -> F.clamp(t[0], -0.5f, 0.5f), clampInput()),
                of("sum all", t -> F.sum(t[0]), random(27, 2, 3, 2)),
                of("sum dim keepdim", t -> F.sum(t[0], 1, true), random(28, 2, 3, 2)),
                of("sum dims", t -> F.sum(t[0], new int[] {0, 2}, false), random(29, 2, 3, 2)),
                of("mean all", t -> F.mean(t[0]), random(30, 3, 4)),
                of("mean dim", t -> F.mean(t[0], -1, false), random(31, 3, 4)),
                of("max dim", t -> F.max(t[0], 1, false), distinct(32, 3, 4, 2)),
                of("max all", t -> F.max(t[0]), distinct(33, 3, 4)),
                of("min dim keepdim", t -> F.min(t[0], 0, true), distinct(34, 3, 4)),
                of("matmul 2d", t -> F.matmul(t[0], t[1]), random(35, 3, 4), random(36, 4, 2)),
                of("matmul vector-matrix", t -> F.matmul(t[0], t[1]), random(37, 4), random(38, 4, 3)),
                of("matmul matrix-vector", t -> F.matmul(t[0], t[1]), random(39, 3, 4), random(40, 4)),
                of("matmul dot", t -> F.matmul(t[0], t[1]), random(41, 5), random(42, 5)),
                of("matmul batched x 2d", t -> F.matmul(t[0], t[1]), random(43, 2, 3, 4), random(44, 4, 2)),
                of("matmul broadcast batch", t -> F.matmul(t[0], t[1]), random(45, 2, 1, 2, 3),
                        random(46, 3, 3, 2)),
                of("matmul transposed view", t -> F.matmul(F.transpose(t[0], 0, 1), t[1]), random(47, 4, 3),
                        random(48, 4, 2)),
                of("bmm", t -> F.bmm(t[0], t[1]), random(49, 2, 2, 3), random(50, 2, 3, 4)),
                of("linear", t -> F.linear(t[0], t[1], t[2]), random(51, 4, 5), random(52, 3, 5), random(53, 3)),
                of("linear no bias 3d input", t -> F.linear(t[0], t[1], null), random(54, 2, 3, 4), random(55, 2, 4)));
    }

    private static dev.fovea.tensor.Tensor clampInput() {
        // values away from both bounds (±0.5) and spread over inside and outside
        return dev.fovea.tensor.Tensor.of(-0.9f, -0.6f, -0.4f, -0.1f, 0.2f, 0.45f, 0.55f, 0.8f);
    }
}
