package dev.fovea.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST and Fashion-MNIST: 28×28 grey images in 10 classes, 60,000 for training and 10,000 for testing, in the
 * four IDX gzip files of the original distributions. Files are looked up in the offline data directory
 * ({@code <root>/mnist/} or {@code <root>/fashion-mnist/}, or the root itself), then the cache, then
 * downloaded into the cache with their SHA-256 checked.
 */
public final class Mnist {
    private Mnist() {}

    /** Which of the two datasets. */
    public enum Variant {
        MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                        "https://storage.googleapis.com/cvdf-datasets/mnist/"),
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
        FASHION("fashion-mnist", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Ankle boot"),
                List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                        "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"),
                "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5");

        final String dir;
        final List<String> classes;
        final List<String> mirrors;
        final String[] sha256;

        Variant(String dir, List<String> classes, List<String> mirrors, String... sha256) {
            this.dir = dir;
            this.classes = classes;
            this.mirrors = mirrors;
            this.sha256 = sha256;
        }

        public String dirName() {
            return dir;
        }
    }

    private static final String[] FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    /** Loads the training or test split, looking in {@code dataRoot} (may be null) before the cache/network. */
    public static ImageDataset load(Variant variant, boolean train, Path dataRoot) {
        int base = train ? 0 : 2;
        Path images = locate(variant, base, dataRoot);
        Path labels = locate(variant, base + 1, dataRoot);
        return fromFiles(variant.dir + (train ? "-train" : "-test"), images, labels, variant.classes);
    }

    /** Reads a pair of IDX files (gzip or plain), checking that they agree. */
    public static ImageDataset fromFiles(String name, Path imagesFile, Path labelsFile, List<String> classes) {
        Idx.Images images = Idx.readImages(imagesFile);
        int[] labels = Idx.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DatasetException(labelsFile, "size mismatch: " + labels.length + " labels for "
                    + images.count() + " images in " + imagesFile);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes.size()) {
                throw new DatasetException(labelsFile, "label " + labels[i] + " at position " + i + " is not one of the "
                        + classes.size() + " classes");
            }
        }
        return new ImageDataset(name, images.pixels(), labels, 1, images.rows(), images.cols(), classes);
    }

    private static Path locate(Variant v, int file, Path dataRoot) {
        String name = FILES[file];
        if (dataRoot != null) {
            for (Path p : List.of(dataRoot.resolve(v.dir).resolve(name), dataRoot.resolve(name))) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        Download d = new Download(name, "sha256:" + v.sha256[file], v.mirrors);
        return d.fetch(DataPaths.cacheDir().resolve(v.dir));
    }
}
