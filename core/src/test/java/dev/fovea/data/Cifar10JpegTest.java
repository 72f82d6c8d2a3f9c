package dev.fovea.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CIFAR-10 JPEG archive of the shared datasets: the test split decodes to 1,000 images per class. */
class Cifar10JpegTest {
    @Test
    void decodesTheRealTestSplit(@TempDir Path cache) {
        Path archive = MnistTest.dataRoot().resolve("cifar-10-jpeg").resolve("cifar-10-jpeg.tar.gz");
        assertTrue(Files.isRegularFile(archive), "missing " + archive);
        ImageDataset test = Cifar10.fromJpegArchive("cifar10-test", archive, false, cache);
        assertEquals(10_000, test.size());
        assertEquals(3, test.channels());
        int[] perClass = new int[10];
        long sum = 0;
        for (int i = 0; i < test.size(); i++) {
            perClass[test.label(i)]++;
        }
        for (byte b : test.pixels()) {
            sum += b & 0xFF;
        }
        for (int c : perClass) {
            assertEquals(1000, c);
        }
        double mean = sum / (double) test.pixels().length / 255;
        assertTrue(mean > 0.4 && mean < 0.52, "CIFAR-10 mean pixel is about 0.47, got " + mean);
    }
}
