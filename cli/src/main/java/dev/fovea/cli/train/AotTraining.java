package dev.fovea.cli.train;

import dev.fovea.cli.Main;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;

/**
 * The training workload of the JVM's ahead-of-time cache (JEP 483/514/515), run by the {@code fovea} launcher
 * once per build with {@code -XX:AOTCacheOutput}: it trains LeNet-5 and the MLP for a few hundred steps through
 * the real command ({@code fovea train ... --dataset mnist}) on a small synthetic MNIST written in IDX files, then
 * evaluates the checkpoint. The cache keeps the classes loaded and linked and the method profiles gathered here,
 * so a later {@code fovea train} starts its vector kernels in C2 after a few steps instead of after a few
 * seconds of interpreted and C1 code (LeNet-5's first epoch was 3 s slower than the others). Synthetic data
 * keeps the workload offline and independent of the real dataset: the code paths and shapes are the same.
 */
public final class AotTraining {
    /** 200 training steps at batch 64: every kernel of a LeNet-5 step reaches C2 and keeps a full profile. */
    static final int TRAIN_IMAGES = 12_800;
    /** Ten evaluation batches of 250 (the evaluation batch of {@code fovea train}). */
    static final int TEST_IMAGES = 2_500;

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("fovea-aot-");
        try {
            writeMnist(dir.resolve("mnist"), 1);
            String data = dir.toString();
            String run = dir.resolve("run").toString();
            run("train", "lenet5", "--dataset", "mnist", "--data", data, "--epochs", "1", "--quiet", "-o", run);
            run("eval", dir.resolve("run").resolve("best.safetensors").toString(), "--dataset", "mnist",
                    "--data", data);
            run("train", "mlp", "--dataset", "mnist", "--data", data, "--epochs", "1", "--limit", "2000", "--quiet",
                    "-o", dir.resolve("run-mlp").toString());
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(String... args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            throw new IllegalStateException("AOT training: 'fovea " + String.join(" ", args) + "' exited with " + code);
        }
    }

    /**
     * A learnable stand-in for MNIST: each image is a class-dependent bright bar on a dark background with noise,
     * so the network trains as on digits (sparse inputs, a falling loss, ReLUs both on and off).
     */
    static void writeMnist(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (boolean train : new boolean[] {true, false}) {
            int n = train ? TRAIN_IMAGES : TEST_IMAGES;
            byte[] pixels = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int label = rnd.nextInt(10);
                labels[i] = (byte) label;
                int base = i * 28 * 28;
                int row = 3 + 2 * label + rnd.nextInt(3);
                for (int x = 4 + rnd.nextInt(4); x < 24; x++) {
                    pixels[base + row * 28 + x] = (byte) (180 + rnd.nextInt(76));
                    pixels[base + (row + 1) * 28 + x] = (byte) (120 + rnd.nextInt(136));
                }
                for (int k = 0; k < 40; k++) {
                    pixels[base + rnd.nextInt(28 * 28)] = (byte) rnd.nextInt(256);
                }
            }
            String prefix = train ? "train" : "t10k";
            writeIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 0x803, new int[] {n, 28, 28}, pixels);
            writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 0x801, new int[] {n}, labels);
        }
    }

    private static void writeIdx(Path file, int magic, int[] dims, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw, 1 << 16))) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
