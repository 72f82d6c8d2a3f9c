package dev.fovea.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of the IDX files MNIST and Fashion-MNIST ship as (optionally gzip-compressed): a big-endian int32
 * magic (2051 for images, 2049 for labels), int32 dimensions, then unsigned bytes. Every size is checked
 * against the header before anything is allocated, so a corrupt header cannot ask for gigabytes.
 */
final class Idx {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;
    /** Far above any real IDX dataset; guards allocations against corrupt headers. */
    private static final long MAX_BYTES = 1L << 30;

    private Idx() {}

    /** Images of an IDX3 file: {@code [count, rows, cols]} followed by the pixel bytes. */
    record Images(int count, int rows, int cols, byte[] pixels) {}

    static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(file, "bad magic " + magic + ", expected " + IMAGES_MAGIC
                        + " (IDX images)" + hint(magic));
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > MAX_BYTES) {
                throw new DatasetException(file, "implausible IDX header: " + count + " images of " + rows + "×"
                        + cols);
            }
            byte[] pixels = new byte[count * rows * cols];
            readFully(in, pixels, file, "pixel");
            expectEnd(in, file);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(file, "bad magic " + magic + ", expected " + LABELS_MAGIC
                        + " (IDX labels)" + hint(magic));
            }
            int count = in.readInt();
            if (count < 0 || count > MAX_BYTES) {
                throw new DatasetException(file, "implausible IDX header: " + count + " labels");
            }
            byte[] raw = new byte[count];
            readFully(in, raw, file, "label");
            expectEnd(in, file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static String hint(int magic) {
        if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
            return "; images and labels files seem swapped";
        }
        return "; the file is not an IDX file or is corrupt: delete it and download again";
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        // gzip or plain: both are found in the wild (torchvision unpacks, the original site ships .gz)
        InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static void readFully(DataInputStream in, byte[] dst, Path file, String what) throws IOException {
        int n = 0;
        while (n < dst.length) {
            int r = in.read(dst, n, dst.length - n);
            if (r < 0) {
                throw new DatasetException(file, "truncated: header promises " + dst.length + " " + what
                        + " bytes but the file ends after " + n + "; delete it and download again");
            }
            n += r;
        }
    }

    private static void expectEnd(DataInputStream in, Path file) throws IOException {
        if (in.read() >= 0) {
            throw new DatasetException(file, "size mismatch: extra bytes after the data the header describes");
        }
    }

    private static DatasetException failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetException(file, "not found");
        }
        if (e instanceof EOFException) {
            return new DatasetException(file, "truncated: the file ends inside the IDX header", e);
        }
        if (e instanceof ZipException) {
            return new DatasetException(file, "corrupt gzip data; delete it and download again", e);
        }
        return new DatasetException(file, "cannot be read", e);
    }
}
