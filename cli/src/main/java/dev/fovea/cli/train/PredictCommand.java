package dev.fovea.cli.train;

import dev.fovea.autograd.GradMode;
import dev.fovea.data.ImageFolder;
import dev.fovea.io.Checkpoints;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fovea predict CHECKPOINT IMAGE...}: the top classes with probabilities for each image. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify image files (PNG, JPEG, ...) with a checkpoint written by fovea train.",
            "Images are converted to the model's channels and resized to its input size.",
            "Example: fovea predict runs/lenet5-mnist/best.safetensors digit.png"})
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHECKPOINT")
    Path checkpoint;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE")
    List<Path> images = new ArrayList<>();

    @Option(names = "--top", defaultValue = "5", description = "how many classes to show (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--invert", description = "invert pixel values first (dark digits on white paper for MNIST models)")
    boolean invert;

    @Override
    public Integer call() throws Exception {
        var loaded = Checkpoints.load(checkpoint);
        RunSetup setup = RunSetup.fromInfo(loaded.info(), checkpoint.toString());
        Module model = setup.build(new Rng(0));
        model.loadStateDict(loaded.state().model());
        model.eval();
        int c = setup.channels();
        int h = setup.height();
        int w = setup.width();
        int plane = h * w;
        float[] mean = setup.normalization().mean();
        float[] std = setup.normalization().std();
        for (Path file : images) {
            byte[] px = ImageFolder.readImage(file, c, h, w);
            float[] x = new float[c * plane];
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    int v = px[ch * plane + p] & 0xFF;
                    if (invert) {
                        v = 255 - v;
                    }
                    x[ch * plane + p] = (v / 255f - mean[ch]) / std[ch];
                }
            }
            float[] logits;
            try (GradMode.Scope s = GradMode.noGrad()) {
                logits = model.forward(new Tensor(x, 1, c, h, w)).toArray();
            }
            double[] p = softmax(logits);
            Integer[] order = new Integer[p.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble(i -> -p[i]));
            StringBuilder b = new StringBuilder(file.toString()).append(':');
            for (int k = 0; k < Math.min(top, p.length); k++) {
                int cls = order[k];
                String name = cls < setup.classes().size() ? setup.classes().get(cls) : Integer.toString(cls);
                b.append(String.format(Locale.ROOT, "%n  %-14s %6.2f%%", name, 100 * p[cls]));
            }
            System.out.println(b);
        }
        return 0;
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
