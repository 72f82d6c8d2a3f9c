package dev.fovea.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CIFAR-10: 32×32 RGB images in 10 classes, 50,000 for training and 10,000 for testing. Read from, in order:
 * the binary release's batch files ({@code data_batch_1..5.bin}, {@code test_batch.bin}: records of one label
 * byte and 3,072 pixel bytes, R then G then B planes) unpacked under the data directory or inside
 * {@code cifar-10-binary.tar.gz}; the JPEG class-folder archive {@code cifar-10-jpeg/cifar-10-jpeg.tar.gz}
 * (decoded once, then cached in the binary record format); else the binary release is downloaded.
 */
public final class Cifar10 {
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    static final int RECORD = 1 + 3 * 32 * 32;
    private static final String ARCHIVE = "cifar-10-binary.tar.gz";
    private static final Download BINARY = new Download(ARCHIVE, "md5:c32a1d4ab5d03f1284b67883e8d87530",
            List.of("https://www.cs.toronto.edu/~kriz/"));
    private static final String JPEG_ARCHIVE = "cifar-10-jpeg.tar.gz";

    private Cifar10() {}

    public static ImageDataset load(boolean train, Path dataRoot) {
        String name = train ? "cifar10-train" : "cifar10-test";
        if (dataRoot != null) {
            for (Path dir : List.of(dataRoot.resolve("cifar-10-batches-bin"), dataRoot.resolve("cifar-10"),
                    dataRoot.resolve("cifar10"), dataRoot)) {
                if (Files.isRegularFile(dir.resolve("test_batch.bin"))) {
                    return fromBatchFiles(name, dir, train);
                }
            }
            for (Path tgz : List.of(dataRoot.resolve(ARCHIVE), dataRoot.resolve("cifar-10").resolve(ARCHIVE))) {
                if (Files.isRegularFile(tgz)) {
                    return fromBinaryArchive(name, tgz, train);
                }
            }
            for (Path jpg : List.of(dataRoot.resolve("cifar-10-jpeg").resolve(JPEG_ARCHIVE),
                    dataRoot.resolve(JPEG_ARCHIVE))) {
                if (Files.isRegularFile(jpg)) {
                    return fromJpegArchive(name, jpg, train, DataPaths.cacheDir().resolve("cifar-10-jpeg"));
                }
            }
        }
        Path tgz = BINARY.fetch(DataPaths.cacheDir().resolve("cifar-10"));
        return fromBinaryArchive(name, tgz, train);
    }

    /** Reads unpacked batch files from {@code dir}. */
    public static ImageDataset fromBatchFiles(String name, Path dir, boolean train) {
        List<String> files = batchNames(train);
        List<byte[]> parts = new ArrayList<>();
        for (String f : files) {
            Path p = dir.resolve(f);
            try {
                parts.add(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new DatasetException(p, Files.exists(p) ? "cannot be read" : "not found", e);
            }
        }
        return fromRecords(name, files.stream().map(f -> dir.resolve(f).toString()).toList(), parts);
    }

    /** Reads the batch files straight out of the binary release's tar.gz. */
    public static ImageDataset fromBinaryArchive(String name, Path archive, boolean train) {
        List<String> wanted = batchNames(train);
        Map<String, byte[]> found = new TreeMap<>();
        Tar.read(archive, n -> wanted.contains(baseName(n)), (n, data) -> found.put(baseName(n), data));
        List<byte[]> parts = new ArrayList<>();
        for (String w : wanted) {
            byte[] d = found.get(w);
            if (d == null) {
                throw new DatasetException(archive, "has no " + w + "; is it the CIFAR-10 binary release?");
            }
            parts.add(d);
        }
        return fromRecords(name, wanted.stream().map(w -> archive + "!" + w).toList(), parts);
    }

    /** Decodes the JPEG class-folder archive's split once and caches it as binary records under {@code cache}. */
    public static ImageDataset fromJpegArchive(String name, Path archive, boolean train, Path cache) {
        String split = train ? "train" : "test";
        Path cached;
        try {
            cached = cache.resolve(split + "-" + Files.size(archive) + ".bin");
        } catch (IOException e) {
            throw new DatasetException(archive, "cannot be read", e);
        }
        if (Files.isRegularFile(cached)) {
            try {
                return fromRecords(name, List.of(cached.toString()), List.of(Files.readAllBytes(cached)));
            } catch (IOException | DatasetException e) {
                // a damaged cache is rebuilt from the archive rather than failing
            }
        }
        ImageDataset ds = decodeJpegArchive(name, archive, split);
        writeRecords(ds, cached);
        return ds;
    }

    private static ImageDataset decodeJpegArchive(String name, Path archive, String split) {
        // entries sorted by class then file name, so image order does not depend on the archive's order
        TreeMap<String, byte[]> entries = new TreeMap<>();
        String marker = "/" + split + "/";
        Tar.read(archive, n -> n.contains(marker) && ImageFolder.isImage(n), entries::put);
        List<String> names = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        int[] labels = new int[entries.size()];
        for (var e : entries.entrySet()) {
            String rel = e.getKey().substring(e.getKey().indexOf(marker) + marker.length());
            String cls = rel.substring(0, Math.max(0, rel.indexOf('/')));
            int label = CLASSES.indexOf(cls);
            if (label < 0) {
                throw new DatasetException(archive, "entry " + e.getKey() + " is in unknown class folder '" + cls
                        + "'; expected one of " + CLASSES);
            }
            labels[names.size()] = label;
            names.add(archive + "!" + e.getKey());
            encoded.add(e.getValue());
        }
        if (names.isEmpty()) {
            throw new DatasetException(archive, "has no images under */" + split + "/<class>/");
        }
        return ImageFolder.decodeAll(name, names, encoded, labels, CLASSES, 3, 32, 32);
    }

    private static void writeRecords(ImageDataset ds, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".cifar", ".part");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] rec = new byte[RECORD];
                for (int i = 0; i < ds.size(); i++) {
                    rec[0] = (byte) ds.label(i);
                    System.arraycopy(ds.pixels(), ds.pixelOffset(i), rec, 1, RECORD - 1);
                    out.write(rec);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the cache is an optimisation: a read-only home directory must not stop training
            System.err.println("fovea: cannot cache decoded CIFAR-10 at " + target + ": " + e.getMessage());
        }
    }

    /** Parses concatenated binary records; {@code names} label each part in error messages. */
    static ImageDataset fromRecords(String name, List<String> names, List<byte[]> parts) {
        long total = 0;
        for (int k = 0; k < parts.size(); k++) {
            byte[] p = parts.get(k);
            if (p.length == 0 || p.length % RECORD != 0) {
                throw new DatasetException(names.get(k) + ": size mismatch: " + p.length + " bytes is not a whole"
                        + " number of " + RECORD + "-byte CIFAR-10 records; the file is truncated or not CIFAR-10");
            }
            total += p.length / RECORD;
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[n * (RECORD - 1)];
        int[] labels = new int[n];
        int i = 0;
        for (int k = 0; k < parts.size(); k++) {
            byte[] p = parts.get(k);
            for (int r = 0; r < p.length; r += RECORD, i++) {
                int label = p[r] & 0xFF;
                if (label >= CLASSES.size()) {
                    throw new DatasetException(names.get(k) + ": bad label " + label + " in record " + (r / RECORD)
                            + "; expected 0-9: the file is corrupt or not CIFAR-10 (CIFAR-100 has two label bytes)");
                }
                labels[i] = label;
                System.arraycopy(p, r + 1, pixels, i * (RECORD - 1), RECORD - 1);
            }
        }
        return new ImageDataset(name, pixels, labels, 3, 32, 32, CLASSES);
    }

    private static List<String> batchNames(boolean train) {
        return train ? List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin") : List.of("test_batch.bin");
    }

    private static String baseName(String entry) {
        int slash = entry.lastIndexOf('/');
        return slash >= 0 ? entry.substring(slash + 1) : entry;
    }
}
