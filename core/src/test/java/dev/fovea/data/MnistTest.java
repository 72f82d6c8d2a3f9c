package dev.fovea.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    static Path dataRoot() {
        Path root = DataPaths.findDataRoot(null);
        assertNotNull(root, "real MNIST is needed: set FOVEA_DATA to the datasets folder (e.g. /work/shared/datasets)");
        return root;
    }

    @Test
    void readsRealMnistAndFashionMnist() {
        ImageDataset test = Mnist.load(Mnist.Variant.MNIST, false, dataRoot());
        assertEquals(10_000, test.size());
        assertEquals(28, test.height());
        assertEquals(1, test.channels());
        assertEquals(7, test.label(0)); // the first test digit is a 7
        assertEquals(2, test.label(1));
        int ink = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                ink += test.pixel(0, 0, y, x) > 128 ? 1 : 0;
            }
        }
        assertTrue(ink > 50 && ink < 300, "a digit has some ink: " + ink);
        ImageDataset fashion = Mnist.load(Mnist.Variant.FASHION, false, dataRoot());
        assertEquals(10_000, fashion.size());
        assertEquals("Ankle boot", fashion.classes().get(fashion.label(0)));
    }

    @Test
    void badMagicNamesFileAndProblem(@TempDir Path dir) throws IOException {
        Path images = writeIdx(dir.resolve("img.gz"), 1234, new int[] {2, 2, 2}, new byte[8]);
        Path labels = writeIdx(dir.resolve("lab.gz"), Idx.LABELS_MAGIC, new int[] {2}, new byte[2]);
        var e = assertThrows(DatasetException.class, () -> Mnist.fromFiles("t", images, labels, classes()));
        assertTrue(e.getMessage().contains("img.gz") && e.getMessage().contains("bad magic 1234"), e.getMessage());
    }

    @Test
    void swappedFilesAreRecognised(@TempDir Path dir) throws IOException {
        Path labels = writeIdx(dir.resolve("lab.gz"), Idx.LABELS_MAGIC, new int[] {2}, new byte[2]);
        var e = assertThrows(DatasetException.class, () -> Mnist.fromFiles("t", labels, labels, classes()));
        assertTrue(e.getMessage().contains("swapped"), e.getMessage());
    }

    @Test
    void truncatedAndOversizedFilesAreReported(@TempDir Path dir) throws IOException {
        Path shortImages = writeIdx(dir.resolve("short.gz"), Idx.IMAGES_MAGIC, new int[] {3, 2, 2}, new byte[7]);
        Path labels = writeIdx(dir.resolve("lab.gz"), Idx.LABELS_MAGIC, new int[] {3}, new byte[3]);
        var e = assertThrows(DatasetException.class, () -> Mnist.fromFiles("t", shortImages, labels, classes()));
        assertTrue(e.getMessage().contains("short.gz") && e.getMessage().contains("truncated"), e.getMessage());

        Path images = writeIdx(dir.resolve("img.gz"), Idx.IMAGES_MAGIC, new int[] {2, 2, 2}, new byte[8]);
        e = assertThrows(DatasetException.class, () -> Mnist.fromFiles("t", images, labels, classes()));
        assertTrue(e.getMessage().contains("size mismatch") && e.getMessage().contains("3 labels for 2 images"),
                e.getMessage());

        Path longer = writeIdx(dir.resolve("long.gz"), Idx.IMAGES_MAGIC, new int[] {2, 2, 2}, new byte[9]);
        e = assertThrows(DatasetException.class, () -> Mnist.fromFiles("t", longer, labels, classes()));
        assertTrue(e.getMessage().contains("long.gz") && e.getMessage().contains("extra bytes"), e.getMessage());
    }

    @Test
    void corruptGzipAndMissingFilesAreReported(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.gz");
        Files.write(bad, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Path labels = writeIdx(dir.resolve("lab.gz"), Idx.LABELS_MAGIC, new int[] {2}, new byte[2]);
        var e = assertThrows(DatasetException.class, () -> Mnist.fromFiles("t", bad, labels, classes()));
        assertTrue(e.getMessage().contains("bad.gz"), e.getMessage());
        e = assertThrows(DatasetException.class,
                () -> Mnist.fromFiles("t", dir.resolve("nope.gz"), labels, classes()));
        assertTrue(e.getMessage().contains("nope.gz") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void readsPlainUncompressedIdxToo(@TempDir Path dir) throws IOException {
        byte[] px = {0, 1, 2, 3, 4, 5, 6, (byte) 255};
        Path images = dir.resolve("img");
        Files.write(images, idx(Idx.IMAGES_MAGIC, new int[] {2, 2, 2}, px));
        Path labels = writeIdx(dir.resolve("lab.gz"), Idx.LABELS_MAGIC, new int[] {2}, new byte[] {1, 9});
        ImageDataset ds = Mnist.fromFiles("t", images, labels, classes());
        assertEquals(255, ds.pixel(1, 0, 1, 1));
        assertEquals(9, ds.label(1));
    }

    static List<String> classes() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    static Path writeIdx(Path file, int magic, int[] dims, byte[] data) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(idx(magic, dims, data));
        }
        return file;
    }

    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }
}
