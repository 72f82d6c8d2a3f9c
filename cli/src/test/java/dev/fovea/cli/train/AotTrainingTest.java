package dev.fovea.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.data.Datasets;
import dev.fovea.data.ImageDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT-cache workload trains through the real {@code fovea train ... --dataset mnist}: its synthetic
 * IDX files must load as MNIST, in the expected sizes, with every class present and images that are not blank.
 */
class AotTrainingTest {
    @Test
    void syntheticMnistLoadsThroughTheRealDatasetPath(@TempDir Path dir) throws Exception {
        AotTraining.writeMnist(dir.resolve("mnist"), 7);
        ImageDataset train = Datasets.load("mnist", true, dir);
        ImageDataset test = Datasets.load("mnist", false, dir);
        assertEquals(AotTraining.TRAIN_IMAGES, train.size());
        assertEquals(AotTraining.TEST_IMAGES, test.size());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        int[] perClass = new int[10];
        for (int i = 0; i < train.size(); i++) {
            perClass[train.label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(perClass[c] > train.size() / 20, "class " + c + ": " + perClass[c] + " images");
        }
        int lit = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                lit += train.pixel(0, 0, y, x) > 100 ? 1 : 0;
            }
        }
        assertTrue(lit >= 20 && lit < 200, "image 0 has " + lit + " bright pixels");
    }
}
