package dev.fovea.train;

import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Init;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.nn.ConvSpec;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The built-in models of the {@link ModelRegistry}: network.py's MLP and LeNet-5. */
public final class Models {
    private Models() {}

    /** network.py: 784-30-10 sigmoid, quadratic cost, N(0, 1) weights and biases, SGD η = 3.0, batch 10, 30 epochs. */
    public static final Recipe MLP_RECIPE = new Recipe(30, 10, "sgd", 3.0, 0, 0, false, "none", "mse", false, "none");

    /**
     * LeNet-5: SGD with momentum 0.9, learning rate 0.05 annealed to 0 by a per-step cosine, weight decay 5e-4,
     * batch 64, 8 epochs, inputs standardised. Reaches 99.0% on MNIST within a few epochs.
     */
    public static final Recipe LENET5_RECIPE = new Recipe(8, 64, "sgd", 0.05, 0.9, 5e-4, false, "cosine",
            "cross-entropy", true, "none");

    static void registerBuiltins() {
        ModelRegistry.register(new ModelRegistry.Entry("mlp",
                "multi-layer perceptron as in network.py (options: hidden=30 [e.g. 100,30], activation=sigmoid|relu|tanh,"
                        + " init=normal|default)", Models::mlp, MLP_RECIPE));
        ModelRegistry.register(new ModelRegistry.Entry("lenet5",
                "LeNet-5: conv 6@5x5 pad 2, max pool, conv 16@5x5, max pool, dense 120, 84, classes (ReLU)",
                Models::lenet5, LENET5_RECIPE));
    }

    /**
     * A fully connected network: inputs flattened, hidden layers with the chosen activation, and an output layer.
     * With the sigmoid activation (network.py's) the output layer is a sigmoid too, as the quadratic cost expects;
     * otherwise it emits logits.
     */
    public static Module mlp(ModelRegistry.Input in, Rng rng) {
        String act = in.option("activation", "sigmoid").toLowerCase(Locale.ROOT);
        String init = in.option("init", act.equals("sigmoid") ? "normal" : "default").toLowerCase(Locale.ROOT);
        List<Integer> sizes = new ArrayList<>();
        sizes.add(in.channels() * in.height() * in.width());
        for (String h : in.option("hidden", "30").split("[,-]")) {
            if (!h.isBlank()) {
                sizes.add(Integer.parseInt(h.trim()));
            }
        }
        sizes.add(in.classes());
        Sequential net = new Sequential();
        net.add(new ModelParts.Flat());
        for (int i = 0; i + 1 < sizes.size(); i++) {
            ModelParts.Dense layer = new ModelParts.Dense(sizes.get(i), sizes.get(i + 1), rng);
            if (init.equals("normal")) {
                // network.py draws every weight and bias from N(0, 1)
                for (Tensor p : layer.parameters()) {
                    Init.normal(p, 0, 1, rng);
                }
            } else if (!init.equals("default")) {
                throw new IllegalArgumentException("mlp: init must be normal or default, got " + init);
            }
            net.add(layer);
            boolean last = i + 2 == sizes.size();
            if (!last || act.equals("sigmoid")) {
                net.add(activation(act));
            }
        }
        return net;
    }

    private static Module activation(String name) {
        if (!name.equals("sigmoid") && !name.equals("relu") && !name.equals("tanh")) {
            throw new IllegalArgumentException("mlp: activation must be sigmoid, relu or tanh, got " + name);
        }
        return new ModelParts.Activation(name);
    }

    /** LeNet-5 with ReLU and max pooling, for any input size (the first dense layer adapts to it). */
    public static Module lenet5(ModelRegistry.Input in, Rng rng) {
        int h = (in.height() / 2 - 4) / 2;
        int w = (in.width() / 2 - 4) / 2;
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("lenet5: input " + in.height() + "×" + in.width()
                    + " is too small; it needs at least 12×12");
        }
        Sequential net = new Sequential();
        net.add("conv1", new Conv2d(ConvSpec.of(2, in.channels(), 6, 5).withPadding(2), rng));
        net.add("relu1", new ModelParts.Activation("relu"));
        net.add("pool1", new MaxPool2d(2));
        net.add("conv2", new Conv2d(ConvSpec.of(2, 6, 16, 5), rng));
        net.add("relu2", new ModelParts.Activation("relu"));
        net.add("pool2", new MaxPool2d(2));
        net.add("flatten", new ModelParts.Flat());
        net.add("fc1", new ModelParts.Dense(16 * h * w, 120, rng));
        net.add("relu3", new ModelParts.Activation("relu"));
        net.add("fc2", new ModelParts.Dense(120, 84, rng));
        net.add("relu4", new ModelParts.Activation("relu"));
        net.add("fc3", new ModelParts.Dense(84, in.classes(), rng));
        return net;
    }
}
