package dev.fovea.cli.bench;

import dev.fovea.autograd.F;
import dev.fovea.autograd.GradMode;
import dev.fovea.nn.Init;
import dev.fovea.nn.Module;
import dev.fovea.optim.SGD;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.CifarResNet;
import dev.fovea.zoo.ModelConfig;
import dev.fovea.zoo.ResNet;
import java.util.List;

/**
 * Whole models from the zoo, beside PyTorch: CIFAR ResNet-20 training steps at batch 128 (forward, cross-entropy,
 * backward, SGD with momentum 0.9 and weight decay 1e-4; option A shortcuts, as the ResNet-20 in
 * {@code torch_bench.py}) and ResNet-18 inference on one 3×224×224 image (eval mode, no graph; torchvision's
 * {@code resnet18}). Rates are images per second.
 */
public final class ZooBenchSuite implements BenchSuite {

    @Override
    public String name() {
        return "zoo";
    }

    @Override
    public List<BenchCase> cases() {
        return List.of(new TrainStep(), new Inference());
    }

    /** One SGD step of CIFAR ResNet-20 on a fixed batch of 128. */
    static final class TrainStep implements BenchCase {
        private static final int BATCH = 128;
        private Module model;
        private SGD sgd;
        private Tensor x;
        private int[] labels;

        @Override
        public String name() {
            return "zoo/resnet20-train-b128";
        }

        @Override
        public Work work() {
            return Work.items(BATCH, "img");
        }

        @Override
        public void setup() {
            Init.manualSeed(1);
            model = CifarResNet.resnet20(ModelConfig.cifar10());
            model.train();
            sgd = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9).withWeightDecay(1e-4));
            x = Tensor.randn(new Rng(2), BATCH, 3, 32, 32);
            labels = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = i % 10;
            }
        }

        @Override
        public void run() {
            Tensor loss = F.crossEntropy(model.forward(x), labels);
            sgd.zeroGrad();
            loss.backward();
            sgd.step();
        }

        @Override
        public void teardown() {
            model = null;
            sgd = null;
            x = null;
        }

        @Override
        public TorchSpec torch() {
            return TorchSpec.of("resnet20_train", "batch", BATCH);
        }
    }

    /** ResNet-18 forward on one ImageNet-sized image in eval mode. */
    static final class Inference implements BenchCase {
        private Module model;
        private Tensor x;

        @Override
        public String name() {
            return "zoo/resnet18-infer-b1";
        }

        @Override
        public Work work() {
            return Work.items(1, "img");
        }

        @Override
        public void setup() {
            Init.manualSeed(1);
            model = ResNet.resnet18(ModelConfig.imagenet());
            model.eval();
            x = Tensor.randn(new Rng(2), 1, 3, 224, 224);
        }

        @Override
        public void run() {
            try (var s = GradMode.noGrad()) {
                model.forward(x);
            }
        }

        @Override
        public void teardown() {
            model = null;
            x = null;
        }

        @Override
        public TorchSpec torch() {
            return TorchSpec.of("resnet18_infer", "batch", 1);
        }
    }
}
