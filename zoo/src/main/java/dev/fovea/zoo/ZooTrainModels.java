package dev.fovea.zoo;

import dev.fovea.nn.Module;
import dev.fovea.tensor.Rng;
import dev.fovea.train.ModelRegistry;
import dev.fovea.train.Recipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Puts the zoo's classifiers into {@code fovea train} ({@link ModelRegistry}), found through
 * {@code META-INF/services}. The dataset gives the input shape and classes; options {@code width=F} and
 * {@code bn=true|false} change the width multiplier and batch norm. The recipes are the papers' (CIFAR ResNets:
 * SGD 0.1, momentum 0.9, weight decay 1e-4, batch 128, ÷10 at epochs 82 and 123 of 164, 4-pixel crops and flips;
 * ImageNet models: SGD with momentum, ÷10 every 30 of 90 epochs). U-Net is a segmentation model and is not
 * listed; the registry's own {@code mlp} and {@code lenet5} are kept.
 */
public final class ZooTrainModels implements ModelRegistry.Provider {
    private static final Set<String> SKIP = Set.of("mlp", "lenet5", "unet", "unet-padded");

    static final Recipe CIFAR_RESNET = new Recipe(164, 128, "sgd", 0.1, 0.9, 1e-4, false, "multistep:82,123:0.1",
            "cross-entropy", true, "crop=4,hflip");
    static final Recipe IMAGENET = new Recipe(90, 256, "sgd", 0.1, 0.9, 1e-4, false, "step:30:0.1",
            "cross-entropy", true, "hflip");
    /** AlexNet, ZFNet and VGG: learning rate 0.01 and weight decay 5e-4 as in their papers. */
    static final Recipe PLAIN = new Recipe(90, 128, "sgd", 0.01, 0.9, 5e-4, false, "step:30:0.1", "cross-entropy",
            true, "hflip");
    /** LeNet-5 with ReLU: as the registry's LeNet-5. */
    static final Recipe SMALL = new Recipe(8, 64, "sgd", 0.05, 0.9, 5e-4, false, "cosine", "cross-entropy", true,
            "none");

    @Override
    public List<ModelRegistry.Entry> models() {
        List<ModelRegistry.Entry> out = new ArrayList<>();
        for (Models.Entry e : Models.entries()) {
            if (SKIP.contains(e.name())) {
                continue;
            }
            out.add(new ModelRegistry.Entry(e.name(), e.description() + " [zoo; options: width=F, bn=true|false]",
                    (input, rng) -> create(e, input, rng), recipe(e.name())));
        }
        return out;
    }

    static Recipe recipe(String name) {
        if (name.matches("resnet(20|32|44|56|110)(-b)?")) {
            return CIFAR_RESNET;
        }
        if (name.startsWith("alexnet") || name.startsWith("zfnet") || name.startsWith("vgg")) {
            return PLAIN;
        }
        return name.startsWith("lenet") ? SMALL : IMAGENET;
    }

    /** Builds for the dataset's shape, then draws every initial weight from {@code rng}. */
    static Module create(Models.Entry e, ModelRegistry.Input in, Rng rng) {
        ModelConfig d = e.defaults();
        boolean bn = Boolean.parseBoolean(in.option("bn", Boolean.toString(d.batchNorm())).toLowerCase(Locale.ROOT));
        double width = Double.parseDouble(in.option("width", Double.toString(d.width())));
        ModelConfig c = new ModelConfig(in.classes(), in.channels(), in.height(), bn, width);
        Module m = e.create(c);
        m.resetParameters(rng);
        if (m instanceof ResNet || m instanceof CifarResNet) {
            ResNet.initConvs(m, rng);
        }
        return m;
    }
}
