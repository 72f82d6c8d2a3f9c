package dev.fovea.data;

import dev.fovea.kernel.Parallel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Any folder of images with one sub-folder per class ({@code root/<class>/<image>}), PNG, JPEG, BMP or GIF,
 * read through {@code javax.imageio}. Classes are the sub-folder names in sorted order (as torchvision's
 * ImageFolder). Images are decoded in parallel and stored as bytes; all must share one size unless a size is
 * given, in which case each is resized (bilinear) to it.
 */
public final class ImageFolder {
    private ImageFolder() {}

    /** Image file suffixes this reader accepts. */
    static boolean isImage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp")
                || n.endsWith(".gif");
    }

    /**
     * Loads {@code root}. {@code channels} is 1 (grey) or 3 (RGB), or 0 to take it from the first image;
     * {@code height}/{@code width} of 0 keep the images' own (common) size.
     */
    public static ImageDataset load(Path root, int channels, int height, int width) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, "not a directory; an image folder needs one sub-folder per class");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                int label = classes.size();
                classes.add(dir.getFileName().toString());
                try (Stream<Path> imgs = Files.list(dir)) {
                    for (Path f : imgs.filter(p -> Files.isRegularFile(p) && isImage(p.getFileName().toString()))
                            .sorted().toList()) {
                        files.add(f);
                        labels.add(label);
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetException(root, "cannot list the image folder", e);
        }
        if (files.isEmpty()) {
            throw new DatasetException(root, "no images found: expected root/<class>/<image>.png|jpg");
        }
        List<byte[]> encoded = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                encoded.add(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new DatasetException(f, "cannot be read", e);
            }
        }
        int[] lab = labels.stream().mapToInt(Integer::intValue).toArray();
        return decodeAll(root.getFileName().toString(), files.stream().map(Path::toString).toList(), encoded, lab,
                classes, channels, height, width);
    }

    /**
     * Decodes encoded images in parallel into one dataset. The first image fixes channels and size when they
     * are 0; names are used in error messages.
     */
    static ImageDataset decodeAll(String name, List<String> names, List<byte[]> encoded, int[] labels,
            List<String> classes, int channels, int height, int width) {
        int n = encoded.size();
        final boolean resizeAllowed = height > 0 && width > 0;
        if (channels == 0 || height == 0 || width == 0) {
            BufferedImage first = decode(names.get(0), encoded.get(0));
            if (channels == 0) {
                channels = isGrey(first) ? 1 : 3;
            }
            if (height == 0 || width == 0) {
                height = first.getHeight();
                width = first.getWidth();
            }
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(name + ": channels must be 1 or 3, got " + channels);
        }
        final int c = channels;
        final int h = height;
        final int w = width;
        int size = c * h * w;
        byte[] pixels = new byte[Math.multiplyExact(n, size)];
        Parallel.forRange(n, 16, (from, to) -> {
            int[] argb = new int[0];
            for (int i = from; i < to; i++) {
                BufferedImage img = decode(names.get(i), encoded.get(i));
                if ((img.getHeight() != h || img.getWidth() != w) && !resizeAllowed) {
                    throw new DatasetException(names.get(i) + ": expected a " + w + "×" + h + " image like the"
                            + " others, got " + img.getWidth() + "×" + img.getHeight() + "; give a size to resize");
                }
                int iw = img.getWidth();
                int ih = img.getHeight();
                if (argb.length < iw * ih) {
                    argb = new int[iw * ih];
                }
                readArgb(img, argb);
                store(argb, iw, ih, pixels, i * size, c, h, w);
            }
        });
        return new ImageDataset(name, pixels, labels, c, h, w, classes);
    }

    /** One image file as CHW bytes with {@code channels} (1 or 3), resized (bilinear) to {@code height×width}. */
    public static byte[] readImage(Path file, int channels, int height, int width) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, Files.exists(file) ? "cannot be read" : "not found", e);
        }
        ImageDataset one = decodeAll(file.toString(), List.of(file.toString()), List.of(bytes), new int[] {0},
                List.of("?"), channels, height, width);
        return java.util.Arrays.copyOf(one.pixels(), one.imageSize());
    }

    static BufferedImage decode(String name, byte[] bytes) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(name + ": corrupt image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new DatasetException(name + ": not an image javax.imageio can read (PNG, JPEG, BMP, GIF)");
        }
        return img;
    }

    /**
     * ARGB of every pixel. Grey images are read from the raster: getRGB would push their values through a
     * linear-to-sRGB conversion and brighten them.
     */
    private static void readArgb(BufferedImage img, int[] argb) {
        int iw = img.getWidth();
        int ih = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            var raster = img.getRaster();
            int[] row = new int[iw];
            for (int y = 0; y < ih; y++) {
                raster.getSamples(0, y, iw, 1, 0, row);
                for (int x = 0; x < iw; x++) {
                    int v = row[x] & 0xFF;
                    argb[y * iw + x] = 0xFF000000 | v << 16 | v << 8 | v;
                }
            }
            return;
        }
        img.getRGB(0, 0, iw, ih, argb, 0, iw);
    }

    private static boolean isGrey(BufferedImage img) {
        return img.getColorModel().getNumComponents() == 1;
    }

    /** Writes ARGB pixels as CHW bytes, resizing bilinearly when the sizes differ. */
    private static void store(int[] argb, int iw, int ih, byte[] dst, int off, int c, int h, int w) {
        float sy = (float) ih / h;
        float sx = (float) iw / w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r;
                int g;
                int b;
                if (iw == w && ih == h) {
                    int p = argb[y * iw + x];
                    r = (p >> 16) & 0xFF;
                    g = (p >> 8) & 0xFF;
                    b = p & 0xFF;
                } else {
                    // pixel centres aligned, as torchvision's resize with align_corners=False
                    float fy = Math.max(0, (y + 0.5f) * sy - 0.5f);
                    float fx = Math.max(0, (x + 0.5f) * sx - 0.5f);
                    int y0 = Math.min((int) fy, ih - 1);
                    int x0 = Math.min((int) fx, iw - 1);
                    int y1 = Math.min(y0 + 1, ih - 1);
                    int x1 = Math.min(x0 + 1, iw - 1);
                    float wy = fy - y0;
                    float wx = fx - x0;
                    r = lerp(argb, iw, x0, x1, y0, y1, wx, wy, 16);
                    g = lerp(argb, iw, x0, x1, y0, y1, wx, wy, 8);
                    b = lerp(argb, iw, x0, x1, y0, y1, wx, wy, 0);
                }
                int at = y * w + x;
                if (c == 1) {
                    dst[off + at] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
                } else {
                    dst[off + at] = (byte) r;
                    dst[off + h * w + at] = (byte) g;
                    dst[off + 2 * h * w + at] = (byte) b;
                }
            }
        }
    }

    private static int lerp(int[] p, int iw, int x0, int x1, int y0, int y1, float wx, float wy, int shift) {
        float a = (p[y0 * iw + x0] >> shift) & 0xFF;
        float b = (p[y0 * iw + x1] >> shift) & 0xFF;
        float c = (p[y1 * iw + x0] >> shift) & 0xFF;
        float d = (p[y1 * iw + x1] >> shift) & 0xFF;
        float top = a + (b - a) * wx;
        float bottom = c + (d - c) * wx;
        return Math.round(top + (bottom - top) * wy);
    }
}
