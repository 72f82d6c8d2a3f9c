package dev.fovea.cli.train;

import dev.fovea.data.DataLoader;
import dev.fovea.data.Datasets;
import dev.fovea.data.ImageDataset;
import dev.fovea.io.Checkpoints;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Rng;
import dev.fovea.train.Evaluator;
import dev.fovea.train.Losses;
import dev.fovea.train.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fovea eval CHECKPOINT}: top-1/top-5 accuracy and the confusion matrix of a trained model. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a checkpoint written by fovea train: top-1, top-5 and the confusion matrix.",
            "Example: fovea eval runs/lenet5-mnist/best.safetensors"})
public final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHECKPOINT")
    Path checkpoint;

    @Option(names = "--dataset", description = "dataset to evaluate on (default: the one it was trained on)")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "offline data directory (default: $FOVEA_DATA)")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--ten-crop", paramLabel = "PAD", arity = "0..1", fallbackValue = "2",
            description = "ten-crop testing: pad by PAD pixels (default 2), average the 4 corner + centre crops and their mirrors")
    Integer tenCrop;

    @Option(names = "--batch-size", defaultValue = "500")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        var loaded = Checkpoints.load(checkpoint);
        RunSetup setup = RunSetup.fromInfo(loaded.info(), checkpoint.toString());
        Module model = setup.build(new Rng(0));
        model.loadStateDict(loaded.state().model());
        String ds = dataset != null ? dataset : setup.dataset();
        ImageDataset images = Datasets.load(ds, !split.equals("test"), data);
        if (images.channels() != setup.channels() || images.height() != setup.height()
                || images.width() != setup.width()) {
            throw new IllegalArgumentException("eval: the model takes " + setup.channels() + "×" + setup.height() + "×"
                    + setup.width() + " images, dataset " + ds + " has " + images.channels() + "×" + images.height()
                    + "×" + images.width());
        }
        DataLoader loader = DataLoader.builder(images).batchSize(batchSize).shuffle(false)
                .normalize(setup.normalization()).build();
        long t0 = System.nanoTime();
        Metrics m;
        if (tenCrop != null) {
            float[] fill = new float[setup.channels()];
            for (int c = 0; c < fill.length; c++) {
                fill[c] = -setup.normalization().mean()[c] / setup.normalization().std()[c];
            }
            m = Evaluator.evaluateTenCrop(model, loader, tenCrop, fill, setup.classes().size());
        } else {
            m = Evaluator.evaluate(model, loader, Losses.crossEntropy(), setup.classes().size());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%s on %s %s (%,d images%s): top-1 %.2f%%  top-5 %.2f%%  (%.1f s)%n",
                setup.model(), ds, split, m.count(), tenCrop != null ? ", ten-crop" : "", 100 * m.top1(),
                100 * m.top5(), secs);
        printConfusion(m.confusion(), setup.classes());
        return 0;
    }

    static void printConfusion(long[][] c, List<String> classes) {
        int k = c.length;
        int w = 6;
        for (long[] row : c) {
            for (long v : row) {
                w = Math.max(w, Long.toString(v).length() + 1);
            }
        }
        int labelW = 4;
        for (String s : classes) {
            labelW = Math.max(labelW, Math.min(12, s.length()));
        }
        StringBuilder b = new StringBuilder("confusion matrix (rows: true class, columns: predicted)\n");
        b.append(" ".repeat(labelW + 1));
        for (int j = 0; j < k; j++) {
            b.append(String.format(Locale.ROOT, "%" + w + "d", j));
        }
        b.append("   recall\n");
        for (int i = 0; i < k; i++) {
            String name = classes.get(i);
            name = name.length() > labelW ? name.substring(0, labelW) : name;
            b.append(String.format(Locale.ROOT, "%-" + labelW + "s ", name));
            long total = 0;
            for (int j = 0; j < k; j++) {
                b.append(String.format(Locale.ROOT, "%" + w + "d", c[i][j]));
                total += c[i][j];
            }
            b.append(String.format(Locale.ROOT, "  %6.2f%%%n", total == 0 ? 0 : 100.0 * c[i][i] / total));
        }
        System.out.print(b);
    }
}
