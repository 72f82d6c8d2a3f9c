package dev.fovea.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datasets by name: {@code mnist}, {@code fashion-mnist}, {@code cifar10}, or the path of an image folder
 * with {@code train/} and {@code test/} sub-folders (each with one folder per class). Also knows each named
 * dataset's customary normalisation.
 */
public final class Datasets {
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist", "cifar10");

    private Datasets() {}

    /** Loads the training ({@code train}) or test split; {@code dataRoot} may be null (FOVEA_DATA, cache, net). */
    public static ImageDataset load(String name, boolean train, Path dataRoot) {
        Path root = DataPaths.dataRoot(dataRoot);
        return switch (canonical(name)) {
            case "mnist" -> Mnist.load(Mnist.Variant.MNIST, train, root);
            case "fashion-mnist" -> Mnist.load(Mnist.Variant.FASHION, train, root);
            case "cifar10" -> Cifar10.load(train, root);
            default -> {
                Path dir = Path.of(name);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("dataset '" + name + "': expected one of " + NAMES
                            + " or an image folder with train/ and test/ sub-folders");
                }
                Path split = dir.resolve(train ? "train" : "test");
                if (!Files.isDirectory(split)) {
                    throw new DatasetException(dir, "image folder dataset needs a " + (train ? "train" : "test")
                            + "/ sub-folder with one folder per class");
                }
                yield ImageFolder.load(split, 0, 0, 0);
            }
        };
    }

    /** The usual normalisation of a named dataset, or statistics computed from {@code train} for a folder. */
    public static Normalization normalization(String name, ImageDataset train) {
        return switch (canonical(name)) {
            case "mnist" -> new Normalization(new float[] {0.1307f}, new float[] {0.3081f});
            case "fashion-mnist" -> new Normalization(new float[] {0.2860f}, new float[] {0.3530f});
            case "cifar10" -> new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f},
                    new float[] {0.2470f, 0.2435f, 0.2616f});
            default -> Normalization.of(train);
        };
    }

    static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "mnist" -> "mnist";
            case "fashion-mnist", "fashion_mnist", "fashionmnist" -> "fashion-mnist";
            case "cifar10", "cifar-10", "cifar_10" -> "cifar10";
            default -> name;
        };
    }
}
