package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * Classification losses over extra dimensions (per-pixel, e.g. segmentation): logits or log-probabilities
 * [N, C, d1, ...] against targets [N, d1, ...] are brought to the [N*d1*..., C] rows the loss ops take, so those
 * ops and their backward stay two-dimensional. With reduction NONE the losses come back in the target's shape.
 */
final class SpatialLoss {
    private SpatialLoss() {}

    static Tensor crossEntropy(Tensor logits, int[] target, Reduction reduction, float labelSmoothing,
            int ignoreIndex) {
        if (logits.dim() <= 2) {
            return CrossEntropyOp.apply(logits, target, reduction, labelSmoothing, ignoreIndex);
        }
        Tensor loss = CrossEntropyOp.apply(classesLast(logits), target, reduction, labelSmoothing, ignoreIndex);
        return reduction == Reduction.NONE ? F.reshape(loss, withoutClassDim(logits.shape())) : loss;
    }

    static Tensor nllLoss(Tensor logProbs, int[] target, Reduction reduction, int ignoreIndex) {
        if (logProbs.dim() <= 2) {
            return NllLossOp.apply(logProbs, target, reduction, ignoreIndex);
        }
        Tensor loss = NllLossOp.apply(classesLast(logProbs), target, reduction, ignoreIndex);
        return reduction == Reduction.NONE ? F.reshape(loss, withoutClassDim(logProbs.shape())) : loss;
    }

    /** [N, C, d1, ...] as [N*d1*..., C], rows in the row-major order of the targets [N, d1, ...]. */
    private static Tensor classesLast(Tensor x) {
        int[] perm = new int[x.dim()];
        perm[0] = 0;
        for (int i = 1; i < perm.length - 1; i++) {
            perm[i] = i + 1;
        }
        perm[perm.length - 1] = 1;
        return F.reshape(F.permute(x, perm), -1, x.size(1));
    }

    private static int[] withoutClassDim(int[] shape) {
        int[] out = new int[shape.length - 1];
        out[0] = shape[0];
        System.arraycopy(shape, 2, out, 1, shape.length - 2);
        return out;
    }
}
