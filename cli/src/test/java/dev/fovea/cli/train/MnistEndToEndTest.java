package dev.fovea.cli.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.data.DataLoader;
import dev.fovea.data.DataPaths;
import dev.fovea.data.Datasets;
import dev.fovea.data.ImageDataset;
import dev.fovea.data.Normalization;
import dev.fovea.nn.Module;
import dev.fovea.optim.Optimizer;
import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.Rng;
import dev.fovea.train.EpochResult;
import dev.fovea.train.Evaluator;
import dev.fovea.train.Losses;
import dev.fovea.train.Metrics;
import dev.fovea.train.ModelRegistry;
import dev.fovea.train.Models;
import dev.fovea.train.Recipe;
import dev.fovea.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seeded end-to-end training on real MNIST (FOVEA_DATA): LeNet-5 with its default recipe, one epoch over the
 * first 15,000 training images, must reach at least 96.5% top-1 on the full 10,000-image test set (it gets
 * about 97.5%; a broken loss, gradient, optimizer or data path lands far below). It lives in the cli module so
 * that it runs on the SIMD kernels, as {@code fovea train} does.
 */
class MnistEndToEndTest {
    static final double THRESHOLD = 0.965;

    @Test
    void lenet5LearnsMnistInOneShortEpoch() {
        Path root = DataPaths.findDataRoot(null);
        org.junit.jupiter.api.Assertions.assertNotNull(root, "set FOVEA_DATA to the datasets folder");
        ImageDataset train = Datasets.load("mnist", true, root).head(15_000);
        ImageDataset test = Datasets.load("mnist", false, root);
        Normalization norm = Datasets.normalization("mnist", train);
        Rng rng = new Rng(2026);
        Module model = Models.lenet5(new ModelRegistry.Input(1, 28, 28, 10, Map.of()), rng);
        Recipe recipe = Models.LENET5_RECIPE.withEpochs(1).withBatchSize(32);
        Optimizer opt = recipe.buildOptimizer(model.parameters());
        DataLoader loader = DataLoader.builder(train).batchSize(recipe.batchSize()).seed(2026).normalize(norm).build();
        Trainer.Builder b = Trainer.builder(model, opt, Losses.crossEntropy(), loader).epochs(1).rng(rng)
                .progress(false);
        recipe.scheduleCallbacks(opt, loader.batches()).forEach(b::callback);
        List<EpochResult> history = b.build().fit();
        assertTrue(history.get(0).trainLoss() < 0.5, "training loss " + history.get(0).trainLoss());
        Metrics m = Evaluator.evaluate(model,
                DataLoader.builder(test).batchSize(250).shuffle(false).normalize(norm).build(),
                Losses.crossEntropy(), 10);
        System.out.printf("MNIST end-to-end (%s kernels): LeNet-5, 1 epoch on 15,000 images: test top-1 %.4f%n",
                Kernels.get().name(), m.top1());
        assertTrue(m.top1() >= THRESHOLD, "LeNet-5 test accuracy " + m.top1() + " < " + THRESHOLD);
        assertTrue(m.top5() >= 0.995, "top-5 " + m.top5());
        long diagonal = 0;
        for (int c = 0; c < 10; c++) {
            diagonal += m.confusion()[c][c];
        }
        assertTrue(Math.abs(diagonal - Math.round(m.top1() * 10_000)) <= 0, "confusion diagonal = correct count");
    }
}
