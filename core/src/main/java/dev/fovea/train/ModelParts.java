package dev.fovea.train;

import dev.fovea.autograd.F;
import dev.fovea.nn.Init;
import dev.fovea.nn.Module;
import dev.fovea.nn.Parameter;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * The few pieces the built-in models need beyond the nn package's conv and pooling layers: a dense layer with
 * PyTorch's parameter names and default initialisation, a flatten, and element-wise activations.
 */
final class ModelParts {
    private ModelParts() {}

    /** {@code y = x·Wᵀ + b} over {@code [N, in]}, weight {@code [out, in]} as in {@code nn.Linear}. */
    static final class Dense extends Module {
        private final int in;
        private final int out;
        private final Parameter weight;
        private final Parameter bias;

        Dense(int in, int out, Rng rng) {
            this.in = in;
            this.out = out;
            this.weight = registerParameter("weight", Parameter.zeros(out, in));
            this.bias = registerParameter("bias", Parameter.zeros(out));
            resetOwnParameters(rng);
        }

        @Override
        protected void resetOwnParameters(Rng rng) {
            Init.defaultWeight(weight.tensor(), rng);
            Init.defaultBias(bias.tensor(), weight.shape(), rng);
        }

        @Override
        public Tensor forward(Tensor input) {
            expectRank(input, 2, "[N, features]");
            expectSize(input, 1, in, "input features");
            return F.linear(input, weight.tensor(), bias.tensor());
        }

        @Override
        public String typeName() {
            return "Linear";
        }

        @Override
        protected String extraRepr() {
            return "in_features=" + in + ", out_features=" + out;
        }
    }

    /** Flattens everything but the batch dimension. */
    static final class Flat extends Module {
        @Override
        public Tensor forward(Tensor input) {
            return F.flatten(input, 1);
        }

        @Override
        public String typeName() {
            return "Flatten";
        }
    }

    /** An element-wise activation by name. */
    static final class Activation extends Module {
        private final String name;
        private final UnaryOperator<Tensor> fn;

        Activation(String name) {
            this.name = name;
            this.fn = switch (name) {
                case "relu" -> F::relu;
                case "sigmoid" -> F::sigmoid;
                case "tanh" -> F::tanh;
                default -> throw new IllegalArgumentException("activation must be relu, sigmoid or tanh, got " + name);
            };
        }

        @Override
        public Tensor forward(Tensor input) {
            return fn.apply(input);
        }

        @Override
        public String typeName() {
            return switch (name) {
                case "relu" -> "ReLU";
                case "sigmoid" -> "Sigmoid";
                default -> "Tanh";
            };
        }
    }
}
