package dev.fovea.train;

import dev.fovea.data.Augmentations;
import dev.fovea.optim.Adagrad;
import dev.fovea.optim.Adam;
import dev.fovea.optim.AdamW;
import dev.fovea.optim.CosineAnnealingLR;
import dev.fovea.optim.ExponentialLR;
import dev.fovea.optim.LrScheduler;
import dev.fovea.optim.MultiStepLR;
import dev.fovea.optim.Optimizer;
import dev.fovea.optim.RMSprop;
import dev.fovea.optim.ReduceLROnPlateau;
import dev.fovea.optim.SGD;
import dev.fovea.optim.StepLR;
import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A training recipe: everything about how a model is trained, validated when built. Each registered model has
 * a default recipe ({@link ModelRegistry}); the command line overrides single fields.
 *
 * @param optimizer {@code sgd}, {@code adam}, {@code adamw}, {@code rmsprop} or {@code adagrad}
 * @param schedule {@code none}; {@code cosine} (per step down to 0 over the run); {@code step:E:G} (×G every E
 *     epochs); {@code multistep:E1,E2:G}; {@code exp:G} (×G per epoch); {@code plateau} or
 *     {@code plateau:PATIENCE:FACTOR} (ReduceLROnPlateau on validation loss)
 * @param loss {@code cross-entropy}, or {@code mse}: the quadratic cost of network.py, ½‖y − a‖² per sample
 *     against one-hot targets, averaged over the batch
 * @param normalize whether inputs are standardised with the dataset's mean/std (else only scaled to [0, 1])
 * @param augment an augmentation spec ({@link Augmentations}), or {@code none}
 */
public record Recipe(int epochs, int batchSize, String optimizer, double lr, double momentum, double weightDecay,
        boolean nesterov, String schedule, String loss, boolean normalize, String augment) {

    public Recipe {
        if (epochs < 0 || batchSize <= 0) {
            throw new IllegalArgumentException("recipe: epochs must be >= 0 and batch size >= 1, got " + epochs
                    + " epochs, batch " + batchSize);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("recipe: learning rate must be > 0, got " + lr);
        }
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        if (!List.of("sgd", "adam", "adamw", "rmsprop", "adagrad").contains(optimizer)) {
            throw new IllegalArgumentException("recipe: unknown optimizer '" + optimizer
                    + "'; expected sgd, adam, adamw, rmsprop or adagrad");
        }
        loss = loss.toLowerCase(Locale.ROOT);
        if (!loss.equals("cross-entropy") && !loss.equals("mse")) {
            throw new IllegalArgumentException("recipe: unknown loss '" + loss + "'; expected cross-entropy or mse");
        }
        Augmentations.parse(augment); // validates
        checkSchedule(schedule);
    }

    public Recipe withEpochs(int v) {
        return new Recipe(v, batchSize, optimizer, lr, momentum, weightDecay, nesterov, schedule, loss, normalize,
                augment);
    }

    public Recipe withBatchSize(int v) {
        return new Recipe(epochs, v, optimizer, lr, momentum, weightDecay, nesterov, schedule, loss, normalize,
                augment);
    }

    public Recipe withOptimizer(String v) {
        return new Recipe(epochs, batchSize, v, lr, momentum, weightDecay, nesterov, schedule, loss, normalize,
                augment);
    }

    public Recipe withLr(double v) {
        return new Recipe(epochs, batchSize, optimizer, v, momentum, weightDecay, nesterov, schedule, loss, normalize,
                augment);
    }

    public Recipe withMomentum(double v) {
        return new Recipe(epochs, batchSize, optimizer, lr, v, weightDecay, nesterov, schedule, loss, normalize,
                augment);
    }

    public Recipe withWeightDecay(double v) {
        return new Recipe(epochs, batchSize, optimizer, lr, momentum, v, nesterov, schedule, loss, normalize, augment);
    }

    public Recipe withNesterov(boolean v) {
        return new Recipe(epochs, batchSize, optimizer, lr, momentum, weightDecay, v, schedule, loss, normalize,
                augment);
    }

    public Recipe withSchedule(String v) {
        return new Recipe(epochs, batchSize, optimizer, lr, momentum, weightDecay, nesterov, v, loss, normalize,
                augment);
    }

    public Recipe withLoss(String v) {
        return new Recipe(epochs, batchSize, optimizer, lr, momentum, weightDecay, nesterov, schedule, v, normalize,
                augment);
    }

    public Recipe withNormalize(boolean v) {
        return new Recipe(epochs, batchSize, optimizer, lr, momentum, weightDecay, nesterov, schedule, loss, v,
                augment);
    }

    public Recipe withAugment(String v) {
        return new Recipe(epochs, batchSize, optimizer, lr, momentum, weightDecay, nesterov, schedule, loss, normalize,
                v);
    }

    /** The optimizer over {@code params}. */
    public Optimizer buildOptimizer(List<Tensor> params) {
        return switch (optimizer) {
            case "sgd" -> new SGD(params, SGD.Options.of(lr).withMomentum(momentum).withNesterov(nesterov)
                    .withWeightDecay(weightDecay));
            case "adam" -> new Adam(params, Adam.Options.defaults().withLr(lr).withWeightDecay(weightDecay));
            case "adamw" -> new AdamW(params, Adam.Options.adamwDefaults().withLr(lr).withWeightDecay(weightDecay));
            case "rmsprop" -> new RMSprop(params, RMSprop.Options.defaults().withLr(lr).withMomentum(momentum)
                    .withWeightDecay(weightDecay));
            case "adagrad" -> new Adagrad(params, Adagrad.Options.defaults().withLr(lr).withWeightDecay(weightDecay));
            default -> throw new IllegalStateException(optimizer);
        };
    }

    /** The callbacks that carry out the schedule, for a run of {@code epochs} × {@code batchesPerEpoch} steps. */
    public List<Callback> scheduleCallbacks(Optimizer opt, int batchesPerEpoch) {
        List<Callback> out = new ArrayList<>();
        String[] p = schedule.toLowerCase(Locale.ROOT).split(":");
        switch (p[0]) {
            case "none" -> { }
            case "cosine" -> out.add(Callbacks.schedule(new LrScheduler(opt,
                    new CosineAnnealingLR(Math.max(1L, (long) epochs * batchesPerEpoch))), true));
            case "step" -> out.add(Callbacks.schedule(new LrScheduler(opt,
                    new StepLR(Integer.parseInt(p[1]), Double.parseDouble(p[2]))), false));
            case "multistep" -> {
                List<Integer> ms = new ArrayList<>();
                for (String m : p[1].split(",")) {
                    ms.add(Integer.parseInt(m.trim()));
                }
                out.add(Callbacks.schedule(new LrScheduler(opt, new MultiStepLR(ms, Double.parseDouble(p[2]))), false));
            }
            case "exp" -> out.add(Callbacks.schedule(new LrScheduler(opt, new ExponentialLR(Double.parseDouble(p[1]))),
                    false));
            case "plateau" -> {
                var o = ReduceLROnPlateau.Options.defaults();
                if (p.length > 1) {
                    o = o.withPatience(Integer.parseInt(p[1]));
                }
                if (p.length > 2) {
                    o = o.withFactor(Double.parseDouble(p[2]));
                }
                out.add(Callbacks.plateau(new ReduceLROnPlateau(opt, o), "val_loss"));
            }
            default -> throw new IllegalStateException(schedule);
        }
        return out;
    }

    private static void checkSchedule(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split(":");
        try {
            boolean ok = switch (p[0]) {
                case "none", "cosine" -> p.length == 1;
                case "step" -> p.length == 3 && Integer.parseInt(p[1]) > 0 && Double.parseDouble(p[2]) > 0;
                case "multistep" -> p.length == 3 && p[1].split(",").length > 0 && Double.parseDouble(p[2]) > 0;
                case "exp" -> p.length == 2 && Double.parseDouble(p[1]) > 0;
                case "plateau" -> p.length <= 3 && (p.length < 2 || Integer.parseInt(p[1]) >= 0)
                        && (p.length < 3 || Double.parseDouble(p[2]) > 0);
                default -> false;
            };
            if (ok) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("recipe: bad schedule '" + s + "'; expected none, cosine, step:EPOCHS:GAMMA,"
                + " multistep:E1,E2:GAMMA, exp:GAMMA or plateau[:PATIENCE[:FACTOR]]");
    }
}
