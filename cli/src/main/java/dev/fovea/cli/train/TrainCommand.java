package dev.fovea.cli.train;

import dev.fovea.data.Augmentations;
import dev.fovea.data.DataLoader;
import dev.fovea.data.Datasets;
import dev.fovea.data.ImageDataset;
import dev.fovea.data.Normalization;
import dev.fovea.io.CheckpointCallback;
import dev.fovea.io.Checkpoints;
import dev.fovea.nn.Module;
import dev.fovea.optim.Optimizer;
import dev.fovea.tensor.Rng;
import dev.fovea.train.Callback;
import dev.fovea.train.Callbacks;
import dev.fovea.train.EpochResult;
import dev.fovea.train.Evaluator;
import dev.fovea.train.Losses;
import dev.fovea.train.Metrics;
import dev.fovea.train.MetricsLog;
import dev.fovea.train.ModelRegistry;
import dev.fovea.train.Recipe;
import dev.fovea.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fovea train MODEL}: trains a registered model on a dataset with its recipe, overridable option by option. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model and report its test accuracy.",
            "Example: fovea train lenet5 --dataset mnist",
            "Every option left out comes from the model's default recipe (fovea train --list)."})
public final class TrainCommand implements Callable<Integer> {
    /** Big enough to keep the cores busy, small enough that evaluation's activations stay a few MB. */
    static final int EVAL_BATCH = 250;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "model name, e.g. lenet5 or mlp")
    String model;

    @Option(names = "--list", description = "list the models and their default recipes")
    boolean list;

    @Option(names = "--dataset", defaultValue = "mnist",
            description = "mnist, fashion-mnist, cifar10, or an image folder with train/ and test/ (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "offline data directory (default: $FOVEA_DATA)")
    Path data;

    @Option(names = {"-e", "--epochs"}, description = "number of epochs")
    Integer epochs;

    @Option(names = {"-b", "--batch-size"}, description = "mini-batch size")
    Integer batchSize;

    @Option(names = "--optimizer", description = "sgd, adam, adamw, rmsprop, adagrad")
    String optimizer;

    @Option(names = "--lr", description = "learning rate")
    Double lr;

    @Option(names = "--momentum", description = "momentum (sgd, rmsprop)")
    Double momentum;

    @Option(names = "--weight-decay", description = "L2 weight decay")
    Double weightDecay;

    @Option(names = "--nesterov", description = "Nesterov momentum (sgd)")
    Boolean nesterov;

    @Option(names = "--schedule", description = "none, cosine, step:E:G, multistep:E1,E2:G, exp:G, plateau[:P[:F]]")
    String schedule;

    @Option(names = "--loss", description = "cross-entropy or mse (network.py's quadratic cost)")
    String loss;

    @Option(names = "--normalize", description = "standardise inputs with the dataset mean/std (else scale to [0, 1])")
    Boolean normalize;

    @Option(names = "--augment", description = "augmentation: " + Augmentations.HELP)
    String augment;

    @Option(names = {"-O", "--model-option"}, paramLabel = "KEY=VALUE",
            description = "model option, e.g. hidden=100,30 activation=relu init=normal (mlp)")
    Map<String, String> modelOptions = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--validation", defaultValue = "0", paramLabel = "N",
            description = "hold out N training images for validation (default: ${DEFAULT-VALUE}: validate on the test set)")
    int validation;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "run directory for checkpoints and metrics.jsonl (default: runs/MODEL-DATASET)")
    Path output;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "continue a run from its last.safetensors")
    Path resume;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "stop after PATIENCE epochs without improvement")
    Integer earlyStopping;

    @Option(names = "--monitor", defaultValue = "val_top1",
            description = "metric for best checkpoint and early stopping (default: ${DEFAULT-VALUE})")
    String monitor;

    @Option(names = "--limit", paramLabel = "N", description = "train on a seeded random subset of N images (quick tries)")
    Integer limit;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (list || model == null) {
            for (ModelRegistry.Entry e : ModelRegistry.all()) {
                System.out.println(e.name() + ": " + e.description());
                System.out.println("    recipe: " + e.recipe());
            }
            return model == null && !list ? 2 : 0;
        }
        Checkpoints.Loaded resumeFrom = null;
        if (resume != null) {
            // data order and augmentation follow the seed: a resumed run must use the original one
            resumeFrom = Checkpoints.load(resume);
            String s = resumeFrom.info().get("seed");
            if (s != null) {
                seed = Long.parseLong(s);
            }
        }
        ModelRegistry.Entry entry = ModelRegistry.get(model);
        Recipe recipe = applyOverrides(entry.recipe());
        ImageDataset trainSet = Datasets.load(dataset, true, data);
        ImageDataset testSet = Datasets.load(dataset, false, data);
        if (limit != null && limit < trainSet.size()) {
            // a seeded random subset: the head of a class-sorted dataset (CIFAR-10 from folders) is one class
            trainSet = trainSet.split(trainSet.size() - Math.max(1, limit), seed).train();
        }
        ImageDataset valSet = testSet;
        if (validation > 0) {
            var split = trainSet.split(validation, seed);
            trainSet = split.train();
            valSet = split.validation();
        }
        Normalization norm = RunSetup.normalizationFor(dataset, trainSet, recipe.normalize());
        RunSetup setup = RunSetup.of(model, modelOptions, dataset, trainSet, norm);
        Rng rng = new Rng(seed);
        Module net = setup.build(rng);
        Optimizer opt = recipe.buildOptimizer(net.parameters());
        DataLoader trainLoader = DataLoader.builder(trainSet).batchSize(recipe.batchSize()).shuffle(true).seed(seed)
                .transform(Augmentations.parse(recipe.augment())).normalize(norm).build();
        DataLoader valLoader = DataLoader.builder(valSet).batchSize(EVAL_BATCH).shuffle(false).normalize(norm).build();
        Path out = output != null ? output : Path.of("runs", model + "-" + dataset.replaceAll("[^A-Za-z0-9_.-]", "_"));
        List<Callback> callbacks = new ArrayList<>(recipe.scheduleCallbacks(opt, trainLoader.batches()));
        if (earlyStopping != null) {
            callbacks.add(Callbacks.earlyStopping(monitor, earlyStopping, 0));
        }
        callbacks.add(new MetricsLog(out.resolve("metrics.jsonl")));
        Map<String, String> info = setup.toInfo();
        info.put("recipe", recipe.toString());
        info.put("seed", Long.toString(seed));
        callbacks.add(new CheckpointCallback(out, monitor, info));
        var loss = Losses.forRecipe(recipe, trainSet.numClasses());
        Trainer.Builder tb = Trainer.builder(net, opt, loss, trainLoader).validation(valLoader)
                .epochs(recipe.epochs()).rng(rng).progress(!quiet);
        callbacks.forEach(tb::callback);
        Trainer trainer = tb.build();
        if (resumeFrom != null) {
            trainer.restore(resumeFrom.state());
            System.err.println("resumed from " + resume + " after epoch " + resumeFrom.state().epoch());
        }
        System.err.printf(Locale.ROOT, "training %s (%,d parameters) on %s: %,d images, %s%n", model,
                net.parameterCount(), dataset, trainSet.size(), recipe);
        long t0 = System.nanoTime();
        List<EpochResult> results = trainer.fit();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double top1;
        double top5;
        double testLoss;
        if (validation == 0 && !results.isEmpty()) {
            // the last validation pass already was the test set with the final weights
            EpochResult last = results.get(results.size() - 1);
            top1 = last.valTop1();
            top5 = last.valTop5();
            testLoss = last.valLoss();
        } else {
            Metrics test = Evaluator.evaluate(net, DataLoader.builder(testSet).batchSize(EVAL_BATCH).shuffle(false)
                    .normalize(norm).build(), loss, 0);
            top1 = test.top1();
            top5 = test.top5();
            testLoss = test.loss();
        }
        System.out.printf(Locale.ROOT, "test accuracy: %.2f%% (top-5 %.2f%%, loss %.4f) after %d epochs in %.1f s%n",
                100 * top1, 100 * top5, testLoss, trainer.epoch(), seconds);
        if (!results.isEmpty()) {
            System.out.println("checkpoints and metrics: " + out);
        }
        return 0;
    }

    private Recipe applyOverrides(Recipe r) {
        if (epochs != null) {
            r = r.withEpochs(epochs);
        }
        if (batchSize != null) {
            r = r.withBatchSize(batchSize);
        }
        if (optimizer != null) {
            r = r.withOptimizer(optimizer);
        }
        if (lr != null) {
            r = r.withLr(lr);
        }
        if (momentum != null) {
            r = r.withMomentum(momentum);
        }
        if (weightDecay != null) {
            r = r.withWeightDecay(weightDecay);
        }
        if (nesterov != null) {
            r = r.withNesterov(nesterov);
        }
        if (schedule != null) {
            r = r.withSchedule(schedule);
        }
        if (loss != null) {
            r = r.withLoss(loss);
        }
        if (normalize != null) {
            r = r.withNormalize(normalize);
        }
        if (augment != null) {
            r = r.withAugment(augment);
        }
        return r;
    }
}
