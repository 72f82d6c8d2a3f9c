package dev.fovea.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.data.Augmentations;
import dev.fovea.data.DataLoader;
import dev.fovea.data.ImageDataset;
import dev.fovea.data.Mnist;
import dev.fovea.data.DataPaths;
import dev.fovea.data.Normalization;
import dev.fovea.io.CheckpointCallback;
import dev.fovea.io.Checkpoints;
import dev.fovea.nn.Module;
import dev.fovea.optim.Optimizer;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming reproduces the uninterrupted run exactly: 2 epochs in one go and 1 epoch + checkpoint + resume for 1
 * give bit-identical weights, with momentum, a per-step cosine schedule and augmentation all in play.
 */
class TrainerResumeTest {
    static ImageDataset train;
    static ImageDataset val;

    @BeforeAll
    static void load() {
        ImageDataset all = Mnist.load(Mnist.Variant.MNIST, false, mnistRoot());
        train = all.head(192);
        val = all.subset(java.util.stream.IntStream.range(9000, 9100).toArray());
    }

    static Path mnistRoot() {
        Path root = DataPaths.findDataRoot(null);
        org.junit.jupiter.api.Assertions.assertNotNull(root,
                "real MNIST is needed: set FOVEA_DATA to the datasets folder (e.g. /work/shared/datasets)");
        return root;
    }

    record Run(Trainer trainer, Module model) {}

    static Run setup(long seed, int epochs, List<Callback> extra) {
        return setup(seed, seed, epochs, extra);
    }

    /** {@code modelSeed} draws the initial weights; {@code dataSeed} fixes data order and augmentation. */
    static Run setup(long modelSeed, long seed, int epochs, List<Callback> extra) {
        Rng rng = new Rng(modelSeed);
        Module model = Models.lenet5(new ModelRegistry.Input(1, 28, 28, 10, Map.of()), rng);
        Recipe recipe = Models.LENET5_RECIPE.withEpochs(2).withBatchSize(32).withAugment("rotate=10,translate=2");
        Optimizer opt = recipe.buildOptimizer(model.parameters());
        Normalization norm = new Normalization(new float[] {0.13f}, new float[] {0.3f});
        DataLoader loader = DataLoader.builder(train).batchSize(recipe.batchSize()).seed(seed)
                .transform(Augmentations.parse(recipe.augment())).normalize(norm).build();
        DataLoader valLoader = DataLoader.builder(val).batchSize(100).shuffle(false).normalize(norm).build();
        Trainer.Builder b = Trainer.builder(model, opt, Losses.crossEntropy(), loader).validation(valLoader)
                .epochs(epochs).rng(rng).progress(false);
        recipe.scheduleCallbacks(opt, loader.batches()).forEach(b::callback);
        b.callback(Callbacks.earlyStopping("val_loss", 5, 0));
        extra.forEach(b::callback);
        return new Run(b.build(), model);
    }

    @Test
    void twoEpochsEqualOnePlusResumedOne(@TempDir Path dir) throws Exception {
        Run straight = setup(42, 2, List.of());
        List<EpochResult> full = straight.trainer().fit();
        assertEquals(2, full.size());

        Run first = setup(42, 1, List.of(new CheckpointCallback(dir, "val_top1", Map.of("model", "lenet5"))));
        first.trainer().fit();
        assertTrue(Files.exists(dir.resolve(CheckpointCallback.LAST)));
        assertTrue(Files.exists(dir.resolve(CheckpointCallback.BEST)));

        // other initial weights and generator: everything that matters must come from the checkpoint
        Run resumed = setup(7, 42, 2, List.of(new CheckpointCallback(dir, "val_top1", Map.of())));
        var loaded = Checkpoints.load(dir.resolve(CheckpointCallback.LAST));
        assertEquals(1, loaded.state().epoch());
        assertEquals("lenet5", loaded.info().get("model"));
        resumed.trainer().restore(loaded.state());
        List<EpochResult> rest = resumed.trainer().fit();
        assertEquals(1, rest.size());
        assertEquals(2, rest.get(0).epoch());

        Map<String, Tensor> a = straight.model().stateDict();
        Map<String, Tensor> b = resumed.model().stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), 0f, k + " differs after resume");
        }
        assertEquals(full.get(1).trainLoss(), rest.get(0).trainLoss(), 0.0);
        assertEquals(straight.trainer().optimizer().lr(), resumed.trainer().optimizer().lr(), 0.0);
        assertArrayEquals(straight.trainer().rng().state(), resumed.trainer().rng().state());
    }

    @Test
    void sameSeedSameResultOtherSeedOtherResult() {
        Run a = setup(3, 1, List.of());
        Run b = setup(3, 1, List.of());
        Run c = setup(4, 1, List.of());
        a.trainer().fit();
        b.trainer().fit();
        c.trainer().fit();
        float[] wa = a.model().stateDict().get("fc3.weight").toArray();
        assertArrayEquals(wa, b.model().stateDict().get("fc3.weight").toArray(), 0f);
        assertFalse(java.util.Arrays.equals(wa, c.model().stateDict().get("fc3.weight").toArray()));
    }

    @Test
    void restoreRejectsACheckpointBeyondTheRun(@TempDir Path dir) throws Exception {
        Run first = setup(1, 2, List.of(new CheckpointCallback(dir, "val_loss", Map.of())));
        first.trainer().fit();
        Run shorter = setup(1, 1, List.of());
        var e = assertThrows(IllegalArgumentException.class,
                () -> shorter.trainer().restore(Checkpoints.load(dir.resolve(CheckpointCallback.LAST)).state()));
        assertTrue(e.getMessage().contains("epoch 2"), e.getMessage());
    }
}
