package dev.fovea.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 binary records, tar archives and image folders, on small synthetic files. */
class ImageFilesTest {
    static byte[] record(int label, int fill) {
        byte[] r = new byte[Cifar10.RECORD];
        r[0] = (byte) label;
        for (int i = 1; i < r.length; i++) {
            r[i] = (byte) (fill + i);
        }
        return r;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void readsCifarBinaryBatchesFromFilesAndArchive(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int b = 1; b <= 5; b++) {
            Files.write(bin.resolve("data_batch_" + b + ".bin"), concat(record(b, b), record(9, 0)));
        }
        Files.write(bin.resolve("test_batch.bin"), record(3, 7));
        ImageDataset train = Cifar10.load(true, dir);
        assertEquals(10, train.size());
        assertEquals(3, train.channels());
        assertEquals(2, train.label(2));
        assertEquals((byte) (2 + 1) & 0xFF, train.pixel(2, 0, 0, 0));
        assertEquals((byte) (2 + 1025) & 0xFF, train.pixel(2, 1, 0, 0)); // green plane follows red
        ImageDataset test = Cifar10.load(false, dir);
        assertEquals(1, test.size());
        assertEquals("cat", test.classes().get(test.label(0)));

        Path tgz = dir.resolve("other").resolve("cifar-10-binary.tar.gz");
        Files.createDirectories(tgz.getParent());
        writeTarGz(tgz, List.of("cifar-10-batches-bin/test_batch.bin"), List.of(concat(record(4, 1), record(5, 2))));
        ImageDataset fromTar = Cifar10.load(false, tgz.getParent());
        assertEquals(2, fromTar.size());
        assertEquals(5, fromTar.label(1));
    }

    @Test
    void truncatedOrBadCifarRecordsAreReported(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("test_batch.bin"), concat(record(1, 0), new byte[100]));
        var e = assertThrows(DatasetException.class, () -> Cifar10.load(false, dir));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("size mismatch"),
                e.getMessage());
        Files.write(dir.resolve("test_batch.bin"), record(42, 0));
        e = assertThrows(DatasetException.class, () -> Cifar10.load(false, dir));
        assertTrue(e.getMessage().contains("bad label 42"), e.getMessage());
    }

    @Test
    void corruptArchiveIsReported(@TempDir Path dir) throws IOException {
        Path tgz = dir.resolve("cifar-10-binary.tar.gz");
        writeTarGz(tgz, List.of("x/test_batch.bin"), List.of(record(1, 0)));
        byte[] all = Files.readAllBytes(tgz);
        Files.write(tgz, java.util.Arrays.copyOf(all, all.length / 2));
        var e = assertThrows(DatasetException.class, () -> Cifar10.load(false, dir));
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    }

    @Test
    void decodesJpegArchiveOnceThenUsesTheCache(@TempDir Path dir) throws IOException {
        Path tgz = dir.resolve("cifar-10-jpeg").resolve("cifar-10-jpeg.tar.gz");
        Files.createDirectories(tgz.getParent());
        writeTarGz(tgz, List.of("cifar-10-jpeg/test/cat/0000.png", "cifar-10-jpeg/test/airplane/0000.png",
                "cifar-10-jpeg/train/dog/0000.png"), List.of(png(32, 32, 0x804020), png(32, 32, 0xFF0000),
                png(32, 32, 0x00FF00)));
        Path cache = dir.resolve("cache");
        ImageDataset test = Cifar10.fromJpegArchive("t", tgz, false, cache);
        assertEquals(2, test.size());
        assertEquals("airplane", test.classes().get(test.label(0))); // sorted by class folder
        assertEquals(255, test.pixel(0, 0, 5, 5));
        assertEquals(0, test.pixel(0, 1, 5, 5));
        assertEquals(0x20, test.pixel(1, 2, 0, 0));
        try (var files = Files.list(cache)) {
            assertEquals(1, files.count());
        }
        ImageDataset again = Cifar10.fromJpegArchive("t", tgz, false, cache);
        assertEquals(0x40, again.pixel(1, 1, 0, 0));
        assertEquals(3, again.label(1));
    }

    @Test
    void imageFolderReadsClassesInOrderAndRejectsOddSizes(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("b"));
        Files.createDirectories(dir.resolve("a"));
        Files.write(dir.resolve("b/1.png"), png(4, 3, 0x102030));
        Files.write(dir.resolve("a/1.png"), png(4, 3, 0x405060));
        Files.write(dir.resolve("a/2.png"), png(4, 3, 0x708090));
        ImageDataset ds = ImageFolder.load(dir, 0, 0, 0);
        assertEquals(List.of("a", "b"), ds.classes());
        assertEquals(3, ds.size());
        assertEquals(3, ds.channels());
        assertEquals(3, ds.height());
        assertEquals(4, ds.width());
        assertEquals(1, ds.label(2));
        assertEquals(0x20, ds.pixel(2, 1, 2, 3));
        ImageDataset grey = ImageFolder.load(dir, 1, 6, 8);
        assertEquals(1, grey.channels());
        assertEquals(8, grey.width());

        Files.write(dir.resolve("b/2.png"), png(5, 5, 0));
        var e = assertThrows(DatasetException.class, () -> ImageFolder.load(dir, 0, 0, 0));
        assertTrue(e.getMessage().contains("2.png") && e.getMessage().contains("5×5"), e.getMessage());
        Files.write(dir.resolve("b/2.png"), "not a png".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(DatasetException.class, () -> ImageFolder.load(dir, 0, 0, 0));
        assertTrue(e.getMessage().contains("2.png"), e.getMessage());
    }

    static byte[] png(int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Writes a ustar archive (gzip-compressed) of regular files. */
    static void writeTarGz(Path file, List<String> names, List<byte[]> contents) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < names.size(); i++) {
                byte[] h = new byte[512];
                byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(name, 0, h, 0, name.length);
                put(h, 100, String.format("%07o", 0644));
                put(h, 108, String.format("%07o", 0));
                put(h, 116, String.format("%07o", 0));
                put(h, 124, String.format("%011o", contents.get(i).length));
                put(h, 136, String.format("%011o", 0));
                h[156] = '0';
                put(h, 257, "ustar");
                h[262] = 0;
                put(h, 263, "00");
                for (int k = 148; k < 156; k++) {
                    h[k] = ' ';
                }
                long sum = 0;
                for (byte b : h) {
                    sum += b & 0xFF;
                }
                put(h, 148, String.format("%06o", sum));
                h[154] = 0;
                out.write(h);
                out.write(contents.get(i));
                out.write(new byte[(512 - contents.get(i).length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
