package dev.fovea.cli.bench;

import dev.fovea.autograd.F;
import dev.fovea.autograd.GradMode;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * The memory-bound layer ops of CNN training at ResNet/U-Net sizes, forward and forward+backward through autograd:
 * batch norm in training (the one in every ResNet block), group norm, max pooling, bilinear upsampling. Rates are
 * images per second; these ops are bandwidth-bound, so compare against PyTorch rather than FLOPs.
 */
public final class LayerBenchSuite implements BenchSuite {

    @Override
    public String name() {
        return "layers";
    }

    @Override
    public List<BenchCase> cases() {
        int[] stage1 = {32, 64, 56, 56};
        return List.of(
                new LayerCase("layers/batchnorm2d-train-forward", stage1, false,
                        x -> F.batchNorm(x, st.mean, st.var, st.weight, st.bias, true, 0.1, 1e-5),
                        TorchSpec.of("batch_norm2d_train", "shape", List.of(32, 64, 56, 56), "backward", false)),
                new LayerCase("layers/batchnorm2d-train-forward-backward", stage1, true,
                        x -> F.batchNorm(x, st.mean, st.var, st.weight, st.bias, true, 0.1, 1e-5),
                        TorchSpec.of("batch_norm2d_train", "shape", List.of(32, 64, 56, 56), "backward", true)),
                new LayerCase("layers/groupnorm32-forward-backward", stage1, true,
                        x -> F.groupNorm(x, 32, st.weight, st.bias, 1e-5), null),
                new LayerCase("layers/maxpool3x3s2-forward-backward", new int[] {32, 64, 112, 112}, true,
                        x -> F.maxPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1},
                                false), null),
                new LayerCase("layers/upsample-bilinear-x2-forward-backward", new int[] {8, 64, 64, 64}, true,
                        x -> F.upsampleBilinear2d(x, 2, 2, false), null));
    }

    /** Per-channel tensors shared by the norm cases (64 channels). */
    private static final Stats st = new Stats();

    private static final class Stats {
        final Tensor weight = Tensor.ones(64).requiresGrad(true);
        final Tensor bias = Tensor.zeros(64).requiresGrad(true);
        final Tensor mean = Tensor.zeros(64);
        final Tensor var = Tensor.ones(64);
    }

    private static final class LayerCase implements BenchCase {
        private final String name;
        private final int[] shape;
        private final boolean backward;
        private final Function<Tensor, Tensor> op;
        private final TorchSpec torch;
        private Tensor x;
        private Tensor dy;

        LayerCase(String name, int[] shape, boolean backward, Function<Tensor, Tensor> op, TorchSpec torch) {
            this.name = name;
            this.shape = shape;
            this.backward = backward;
            this.op = op;
            this.torch = torch;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Work work() {
            return Work.items(shape[0], "img");
        }

        @Override
        public void setup() {
            x = Tensor.randn(new Rng(1), shape);
            try (var s = GradMode.noGrad()) {
                dy = Tensor.randn(new Rng(2), op.apply(x).shape());
            }
        }

        @Override
        public void run() {
            if (!backward) {
                try (var s = GradMode.noGrad()) {
                    op.apply(x);
                }
                return;
            }
            Tensor in = x.detach().requiresGrad(true);
            op.apply(in).backward(dy);
            st.weight.zeroGrad();
            st.bias.zeroGrad();
        }

        @Override
        public void teardown() {
            x = null;
            dy = null;
        }

        @Override
        public TorchSpec torch() {
            return torch;
        }
    }
}
