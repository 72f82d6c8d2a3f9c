package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * A residual block {@code activation(main(x) + shortcut(x))}: the identity shortcut of ResNet when
 * {@code shortcut} is null, or a projection (e.g. 1×1 conv with stride plus batch norm) when the main branch
 * changes shape; {@code activation} (may be null) is applied after the sum, as ResNet applies ReLU. Children are
 * {@code main}, {@code shortcut} and {@code activation} (the absent ones are not registered).
 */
public final class Residual extends Module {
    public final Module main;
    public final Module shortcut;
    public final Module activation;

    /** Identity shortcut, no activation after the sum. */
    public Residual(Module main) {
        this(main, null, null);
    }

    public Residual(Module main, Module shortcut) {
        this(main, shortcut, null);
    }

    public Residual(Module main, Module shortcut, Module activation) {
        if (main == null) {
            throw new IllegalArgumentException("Residual: the main branch must not be null");
        }
        this.main = registerModule("main", main);
        this.shortcut = shortcut == null ? null : registerModule("shortcut", shortcut);
        this.activation = activation == null ? null : registerModule("activation", activation);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor a = main.forward(input);
        Tensor b = shortcut == null ? input : shortcut.forward(input);
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw shapeError("expected the main branch and the shortcut to give the same shape, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                    + (shortcut == null ? "; use a projection shortcut (e.g. 1x1 Conv2d with the main branch's stride)"
                            : ""));
        }
        Tensor y = F.add(a, b);
        return activation == null ? y : activation.forward(y);
    }
}
