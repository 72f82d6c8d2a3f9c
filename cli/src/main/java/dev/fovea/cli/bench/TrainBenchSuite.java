package dev.fovea.cli.bench;

import dev.fovea.data.Batch;
import dev.fovea.data.DataLoader;
import dev.fovea.data.Datasets;
import dev.fovea.data.ImageDataset;
import dev.fovea.nn.Module;
import dev.fovea.optim.Optimizer;
import dev.fovea.optim.SGD;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import dev.fovea.train.Loss;
import dev.fovea.train.Losses;
import dev.fovea.train.ModelRegistry;
import dev.fovea.train.Models;
import java.util.List;
import java.util.Map;

/**
 * Training throughput of LeNet-5 at batch 64 (images/s): one optimizer step with the default recipe's SGD.
 * {@code train/lenet5-b64-step} times the model alone on a fixed random batch (the PyTorch counterpart does the
 * same); {@code train/lenet5-b64-epoch-slice} adds the real data path (MNIST bytes, shuffling, conversion and
 * normalisation on the loader thread) and the trainer's per-step work, so the difference between the two is the
 * data and loop overhead.
 */
public final class TrainBenchSuite implements BenchSuite {
    static final int BATCH = 64;

    @Override
    public String name() {
        return "train";
    }

    @Override
    public List<BenchCase> cases() {
        return List.of(new StepCase(), new LoaderCase());
    }

    static Module lenet5() {
        return ModelRegistry.get("lenet5").factory().create(new ModelRegistry.Input(1, 28, 28, 10, Map.of()),
                new Rng(1));
    }

    private static final class StepCase implements BenchCase {
        private Module model;
        private Optimizer opt;
        private Tensor x;
        private int[] y;

        @Override
        public String name() {
            return "train/lenet5-b64-step";
        }

        @Override
        public Work work() {
            return Work.items(BATCH, "img");
        }

        @Override
        public void setup() {
            model = lenet5();
            // learning rate 0: every step does the full update arithmetic, but the weights never fit the fixed
            // batch, whose ever smaller gradients would otherwise turn subnormal and slow both engines down
            opt = new SGD(model.parameters(), SGD.Options.of(0).withMomentum(0.9).withWeightDecay(5e-4));
            Rng rng = new Rng(1);
            x = Tensor.randn(rng, BATCH, 1, 28, 28);
            y = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                y[i] = rng.nextInt(10);
            }
        }

        @Override
        public void run() {
            opt.zeroGrad();
            dev.fovea.autograd.F.crossEntropy(model.forward(x), y).backward();
            opt.step();
        }

        @Override
        public void teardown() {
            model = null;
            opt = null;
            x = null;
        }

        @Override
        public TorchSpec torch() {
            return TorchSpec.of("lenet5_train", "batch", BATCH);
        }
    }

    /** 50 steps over real MNIST through the DataLoader, as the trainer runs them. */
    private static final class LoaderCase implements BenchCase {
        static final int STEPS = 50;
        private Module model;
        private Optimizer opt;
        private DataLoader loader;
        private Loss loss;
        private int epoch;

        @Override
        public String name() {
            return "train/lenet5-b64-epoch-slice";
        }

        @Override
        public Work work() {
            return Work.items(STEPS * BATCH, "img");
        }

        @Override
        public void setup() {
            ImageDataset train = Datasets.load("mnist", true, null);
            model = lenet5();
            opt = Models.LENET5_RECIPE.withLr(0.01).buildOptimizer(model.parameters());
            loader = DataLoader.builder(train).batchSize(BATCH).seed(1)
                    .normalize(Datasets.normalization("mnist", train)).build();
            loss = Losses.crossEntropy();
        }

        @Override
        public void run() {
            try (DataLoader.Epoch batches = loader.epoch(epoch++)) {
                for (int s = 0; s < STEPS; s++) {
                    Batch b = batches.next();
                    Tensor l = loss.compute(model.forward(b.images()), b);
                    opt.zeroGrad();
                    l.backward();
                    opt.step();
                }
            }
        }

        @Override
        public void teardown() {
            model = null;
            opt = null;
            loader = null;
        }
    }
}
