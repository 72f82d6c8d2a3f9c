package dev.fovea.train;

import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Flatten;
import dev.fovea.nn.Linear;
import dev.fovea.nn.ReLU;
import dev.fovea.nn.Sigmoid;
import dev.fovea.nn.Tanh;
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
     * batch 64, 4 epochs, inputs standardised. The cosine over 4 epochs instead of 8 anneals sooner: about 99.1% on
     * MNIST after epoch 4, 99.0% first reached after epoch 3 or 4 (8 epochs: epoch 5; docs/recipes.md).
     */
    public static final Recipe LENET5_RECIPE = new Recipe(4, 64, "sgd", 0.05, 0.9, 5e-4, false, "cosine",
            "cross-entropy", true, "none");

    /**
     * The small CNN of docs/recipes.md for 99.5% on MNIST: augmentation (rotation ±10°, translation ±2 px, scale
     * 1/1.1-1.1), SGD momentum 0.9, learning rate 0.05 with per-step cosine, weight decay 5e-4, batch 64, 15 epochs.
     */
    public static final Recipe CNN_RECIPE = new Recipe(15, 64, "sgd", 0.05, 0.9, 5e-4, false, "cosine",
            "cross-entropy", true, "rotate=10,translate=2,scale=1.1");

    static void registerBuiltins() {
        ModelRegistry.register(new ModelRegistry.Entry("mlp",
                "multi-layer perceptron as in network.py (options: hidden=30 [e.g. 100,30], activation=sigmoid|relu|tanh,"
                        + " init=normal|default)", Models::mlp, MLP_RECIPE));
        ModelRegistry.register(new ModelRegistry.Entry("lenet5",
                "LeNet-5: conv 6@5x5 pad 2, max pool, conv 16@5x5, max pool, dense 120, 84, classes (ReLU)",
                Models::lenet5, LENET5_RECIPE));
        ModelRegistry.register(new ModelRegistry.Entry("cnn",
                "small CNN: conv 20@5x5, BN, ReLU, max pool, conv 50@5x5, BN, ReLU, max pool, dense 500, classes",
                Models::cnn, CNN_RECIPE));
    }

    private static Linear linear(int in, int out, Rng rng) {
        return new Linear(new Linear.Options(in, out, true), rng);
    }

    /** Caffe's LeNet variant (20 and 50 filters, 500 hidden units) with batch norm after each convolution. */
    public static Module cnn(ModelRegistry.Input in, Rng rng) {
        int h = ((in.height() - 4) / 2 - 4) / 2;
        int w = ((in.width() - 4) / 2 - 4) / 2;
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("cnn: input " + in.height() + "×" + in.width()
                    + " is too small; it needs at least 16×16");
        }
        Sequential net = new Sequential();
        net.add("conv1", new Conv2d(ConvSpec.of(2, in.channels(), 20, 5), rng));
        net.add("bn1", new BatchNorm2d(20));
        net.add("relu1", new ReLU());
        net.add("pool1", new MaxPool2d(2));
        net.add("conv2", new Conv2d(ConvSpec.of(2, 20, 50, 5), rng));
        net.add("bn2", new BatchNorm2d(50));
        net.add("relu2", new ReLU());
        net.add("pool2", new MaxPool2d(2));
        net.add("flatten", new Flatten());
        net.add("fc1", linear(50 * h * w, 500, rng));
        net.add("relu3", new ReLU());
        net.add("fc2", linear(500, in.classes(), rng));
        return net;
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
        net.add(new Flatten());
        for (int i = 0; i + 1 < sizes.size(); i++) {
            Linear layer = linear(sizes.get(i), sizes.get(i + 1), rng);
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
        return switch (name) {
            case "sigmoid" -> new Sigmoid();
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            default -> throw new IllegalArgumentException("mlp: activation must be sigmoid, relu or tanh, got " + name);
        };
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
        net.add("relu1", new ReLU());
        net.add("pool1", new MaxPool2d(2));
        net.add("conv2", new Conv2d(ConvSpec.of(2, 6, 16, 5), rng));
        net.add("relu2", new ReLU());
        net.add("pool2", new MaxPool2d(2));
        net.add("flatten", new Flatten());
        net.add("fc1", linear(16 * h * w, 120, rng));
        net.add("relu3", new ReLU());
        net.add("fc2", linear(120, 84, rng));
        net.add("relu4", new ReLU());
        net.add("fc3", linear(84, in.classes(), rng));
        return net;
    }
}
