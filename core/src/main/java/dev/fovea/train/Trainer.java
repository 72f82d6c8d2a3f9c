package dev.fovea.train;

import dev.fovea.autograd.GradMode;
import dev.fovea.data.Batch;
import dev.fovea.data.DataLoader;
import dev.fovea.nn.Module;
import dev.fovea.optim.Optimizer;
import dev.fovea.optim.StateDict;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop: epochs of mini-batch updates (forward, loss, backward, optimizer step), running metrics
 * with a progress bar, validation after each epoch, and callbacks (schedules, ReduceLROnPlateau, early
 * stopping, checkpoints, metrics log). {@link #state()} and {@link #restore(TrainState)} make a run resumable:
 * restoring the state saved after epoch k and training on gives bit-identical weights to an uninterrupted run.
 */
public final class Trainer {
    private final Module model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final DataLoader train;
    private final DataLoader validation;
    private final List<Callback> callbacks;
    private final int epochs;
    private final Rng rng;
    private final PrintStream out;
    private final boolean progress;
    private final List<EpochResult> history = new ArrayList<>();
    private int epoch;
    private long step;
    private boolean stopRequested;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.train = b.train;
        this.validation = b.validation;
        this.callbacks = List.copyOf(b.callbacks);
        this.epochs = b.epochs;
        this.rng = b.rng != null ? b.rng : new Rng(0);
        this.out = b.out;
        this.progress = b.progress;
    }

    public static Builder builder(Module model, Optimizer optimizer, Loss loss, DataLoader train) {
        return new Builder(model, optimizer, loss, train);
    }

    /** Trains from the current epoch up to the configured number of epochs; returns every epoch's result. */
    public List<EpochResult> fit() {
        for (Callback c : callbacks) {
            c.onTrainBegin(this);
        }
        while (epoch < epochs && !stopRequested) {
            EpochResult r = runEpoch();
            history.add(r);
            for (Callback c : callbacks) {
                c.onEpochEnd(this, r);
            }
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(this);
        }
        return List.copyOf(history);
    }

    private EpochResult runEpoch() {
        long start = System.nanoTime();
        int e = epoch;
        Metrics metrics = new Metrics(0);
        ProgressBar bar = new ProgressBar(out, String.format(Locale.ROOT, "epoch %d/%d", e + 1, epochs),
                train.batches(), progress && ProgressBar.stderrIsTerminal());
        model.train();
        long images = 0;
        try (DataLoader.Epoch batches = train.epoch(e)) {
            for (Batch batch : batches) {
                Tensor output = model.forward(batch.images());
                Tensor l = loss.compute(output, batch);
                float lv = l.item();
                if (Float.isNaN(lv) || Float.isInfinite(lv)) {
                    throw new IllegalStateException("training diverged: loss is " + lv + " at epoch " + (e + 1)
                            + ", batch " + batch.index() + "; lower the learning rate (now " + optimizer.lr() + ")");
                }
                optimizer.zeroGrad();
                l.backward();
                optimizer.step();
                step++;
                metrics.update(output.detach(), batch.labels(), lv);
                images += batch.size();
                for (Callback c : callbacks) {
                    c.onBatchEnd(this, batch.index());
                }
                bar.update(batch.index() + 1, images, summary(metrics));
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        if (progress) {
            bar.finish(train.batches(), images, summary(metrics));
        }
        double lr = optimizer.lr();
        Metrics val = validation != null ? Evaluator.evaluate(model, validation, loss, 0) : null;
        epoch++;
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochResult r = new EpochResult(epoch, metrics.loss(), metrics.top1(), metrics.top5(),
                val != null ? val.loss() : Double.NaN, val != null ? val.top1() : Double.NaN,
                val != null ? val.top5() : Double.NaN, lr, seconds, images / trainSeconds);
        if (val != null && progress) {
            out.printf(Locale.ROOT, "  validation: loss %.4f  top-1 %.2f%%  top-5 %.2f%%%n", val.loss(),
                    100 * val.top1(), 100 * val.top5());
        }
        return r;
    }

    private static String summary(Metrics m) {
        return m.count() == 0 ? "" : String.format(Locale.ROOT, "loss %.4f  top1 %.2f%%", m.loss(), 100 * m.top1());
    }

    /** Asks the loop to stop after the current epoch (early stopping). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Prints a message about the run (to the progress stream). */
    public void log(String message) {
        if (progress) {
            out.println(message);
        }
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Finished epochs. */
    public int epoch() {
        return epoch;
    }

    public int epochs() {
        return epochs;
    }

    /** Optimizer steps taken. */
    public long step() {
        return step;
    }

    /** The trainer's generator (for models that draw random numbers while training, e.g. dropout). */
    public Rng rng() {
        return rng;
    }

    public List<EpochResult> history() {
        return List.copyOf(history);
    }

    /** A snapshot of everything a resume needs. */
    public TrainState state() {
        Map<String, StateDict> cb = new LinkedHashMap<>();
        for (Callback c : callbacks) {
            StateDict s = c.stateDict();
            if (s != null) {
                cb.put(c.name(), s);
            }
        }
        return new TrainState(epoch, step, rng.state(), model.stateDict(), optimizer.stateDict(), cb);
    }

    /** Continues from a snapshot taken by {@link #state()} on an identically configured trainer. */
    public void restore(TrainState s) {
        if (s.epoch() < 0 || s.epoch() > epochs) {
            throw new IllegalArgumentException("Trainer.restore: the checkpoint is at epoch " + s.epoch()
                    + ", outside this run's 0.." + epochs + " epochs; raise --epochs to train further");
        }
        model.loadStateDict(s.model());
        optimizer.loadStateDict(s.optimizer());
        for (Callback c : callbacks) {
            StateDict cs = s.callbacks().get(c.name());
            if (cs != null) {
                c.loadStateDict(cs);
            }
        }
        rng.setState(s.rngState());
        epoch = s.epoch();
        step = s.step();
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final Loss loss;
        private final DataLoader train;
        private DataLoader validation;
        private final List<Callback> callbacks = new ArrayList<>();
        private int epochs = 1;
        private Rng rng;
        private PrintStream out = System.err;
        private boolean progress = true;

        private Builder(Module model, Optimizer optimizer, Loss loss, DataLoader train) {
            this.model = model;
            this.optimizer = optimizer;
            this.loss = loss;
            this.train = train;
        }

        public Builder validation(DataLoader v) {
            this.validation = v;
            return this;
        }

        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /**
         * The run's generator: pass the one the model was built with (it also feeds dropout), so that checkpoints
         * capture its state and a resumed run draws the same numbers.
         */
        public Builder rng(Rng r) {
            this.rng = r;
            return this;
        }

        public Builder callback(Callback c) {
            callbacks.add(c);
            return this;
        }

        /** Where the progress bar and messages go (stderr by default). */
        public Builder output(PrintStream out) {
            this.out = out;
            return this;
        }

        /** Whether to show progress at all (off in tests). */
        public Builder progress(boolean on) {
            this.progress = on;
            return this;
        }

        public Trainer build() {
            if (model == null || optimizer == null || loss == null || train == null) {
                throw new IllegalArgumentException("Trainer: model, optimizer, loss and training data are required");
            }
            if (epochs < 0) {
                throw new IllegalArgumentException("Trainer: epochs must be >= 0, got " + epochs);
            }
            return new Trainer(this);
        }
    }
}
