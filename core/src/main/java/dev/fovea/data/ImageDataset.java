package dev.fovea.data;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A labelled image dataset held compactly: one unsigned byte per pixel (images of {@code C×H×W}, laid out
 * CHW, one after another) and one int label per image. 60,000 MNIST digits take 47 MB this way instead of
 * 188 MB as floats; conversion to float happens per batch in the {@link DataLoader}.
 *
 * <p>{@link #subset(int[])} and {@link #split(int, long)} share the pixel storage, so a train/validation split
 * costs only an index array.
 */
public final class ImageDataset {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    /** Which stored images this view shows, in order; null means all of them. */
    private final int[] index;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classes;

    public ImageDataset(String name, byte[] pixels, int[] labels, int channels, int height, int width,
            List<String> classes) {
        this(name, pixels, labels, null, channels, height, width, classes);
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + labels.length + " images of " + channels + "×" + height
                    + "×" + width + " need " + expected + " pixel bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i
                        + " is outside the " + classes.size() + " classes");
            }
        }
    }

    private ImageDataset(String name, byte[] pixels, int[] labels, int[] index, int channels, int height,
            int width, List<String> classes) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + ": image shape must be positive, got " + channels + "×"
                    + height + "×" + width);
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.index = index;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = List.copyOf(classes);
    }

    public String name() {
        return name;
    }

    public int size() {
        return index == null ? labels.length : index.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixels per image: {@code C·H·W}. */
    public int imageSize() {
        return channels * height * width;
    }

    public int numClasses() {
        return classes.size();
    }

    public List<String> classes() {
        return classes;
    }

    public int label(int i) {
        return labels[stored(i)];
    }

    /** The pixel bytes backing image {@code i} start at {@code pixelOffset(i)} of {@link #pixels()}. */
    public int pixelOffset(int i) {
        return stored(i) * imageSize();
    }

    /** The shared pixel storage (read-only by convention; never write into it). */
    public byte[] pixels() {
        return pixels;
    }

    /** Pixel value (0–255) of image {@code i} at channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[pixelOffset(i) + (c * height + y) * width + x] & 0xFF;
    }

    private int stored(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(name + ": image index " + i + " out of range [0, " + size() + ")");
        }
        return index == null ? i : index[i];
    }

    /** A view of the images at the given positions of this dataset (storage shared). */
    public ImageDataset subset(int[] positions) {
        int[] idx = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            idx[k] = stored(positions[k]);
        }
        return new ImageDataset(name, pixels, labels, idx, channels, height, width, classes);
    }

    /** The first {@code n} images (for quick experiments and tests). */
    public ImageDataset head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException(name + ": head(" + n + ") needs 0 ≤ n ≤ " + size());
        }
        int[] pos = new int[n];
        Arrays.setAll(pos, k -> k);
        return subset(pos);
    }

    /** A seeded random split into training and validation views; {@code validation} images go to the second. */
    public Split split(int validation, long seed) {
        if (validation < 0 || validation >= size()) {
            throw new IllegalArgumentException(name + ": validation size must be in [0, " + size() + "), got "
                    + validation);
        }
        int[] perm = permutation(size(), new SplittableRandom(seed));
        int[] val = Arrays.copyOfRange(perm, 0, validation);
        int[] train = Arrays.copyOfRange(perm, validation, perm.length);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Split(subset(train), subset(val));
    }

    /** Training and validation parts of a {@link #split(int, long)}. */
    public record Split(ImageDataset train, ImageDataset validation) {}

    /** A Fisher–Yates permutation of {@code [0, n)}. */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images of " + channels + "×" + height + "×" + width + ", "
                + classes.size() + " classes)";
    }
}
