package dev.fovea.zoo;

import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import java.util.function.Supplier;

/**
 * A multilayer perceptron: flatten, then {@code Linear(sizes[i], sizes[i+1])} with the activation between layers
 * (none after the last). {@code mlp(List.of(784, 256, 10), Blocks::relu)} is the classic MNIST net; names are
 * {@code 1.weight}, {@code 3.weight} (index 0 is the flatten), as a PyTorch {@code nn.Sequential}.
 */
public final class Mlp {
    private Mlp() {}

    public static Sequential of(int[] sizes, Supplier<Module> activation) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("MLP: expected at least an input and an output size, got "
                    + java.util.Arrays.toString(sizes));
        }
        Sequential s = new Sequential(Blocks.flatten());
        for (int i = 0; i + 1 < sizes.length; i++) {
            s.add(Blocks.linear(sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.length) {
                s.add(activation.get());
            }
        }
        return s;
    }

    /** ReLU between layers. */
    public static Sequential of(int... sizes) {
        return of(sizes, Blocks::relu);
    }
}
