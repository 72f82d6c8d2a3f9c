package dev.fovea.train;

import dev.fovea.autograd.F;

/** The losses a {@link Recipe} names. */
public final class Losses {
    private Losses() {}

    /** Cross-entropy of logits against the class labels, averaged over the batch. */
    public static Loss crossEntropy() {
        return (output, batch) -> F.crossEntropy(output, batch.labels());
    }

    /**
     * The quadratic cost of Nielsen's network.py: {@code C = 1/(2n) Σ_x ‖y(x) − a(x)‖²} with one-hot targets y,
     * i.e. half the squared error summed over outputs and averaged over the batch (= K/2 × the element-wise MSE).
     * Its gradient per sample is {@code a − y}, so network.py's learning rate (η = 3.0) carries over unchanged.
     */
    public static Loss quadratic(int classes) {
        return (output, batch) -> F.mul(F.mseLoss(output, batch.oneHot(classes)), 0.5f * classes);
    }

    public static Loss forRecipe(Recipe recipe, int classes) {
        return recipe.loss().equals("mse") ? quadratic(classes) : crossEntropy();
    }
}
