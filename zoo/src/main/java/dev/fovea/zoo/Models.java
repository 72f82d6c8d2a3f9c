package dev.fovea.zoo;

import dev.fovea.nn.Module;
import dev.fovea.nn.ReLU;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The zoo by name, for the command line ({@code fovea summary resnet50}, {@code fovea train resnet20}): each entry
 * has a builder and the configuration it is normally used with (ImageNet 3×224×224, CIFAR 3×32×32, MNIST
 * 1×28×28), which a caller may change.
 */
public final class Models {
    private Models() {}

    /** A named builder with its usual configuration. */
    public record Entry(String name, String description, ModelConfig defaults, Function<ModelConfig, Module> builder) {
        public Module create(ModelConfig c) {
            return builder.apply(c);
        }

        public Module create() {
            return builder.apply(defaults);
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ModelConfig in = ModelConfig.imagenet();
        ModelConfig cifar = ModelConfig.cifar10();
        ModelConfig mnist = ModelConfig.mnist().withBatchNorm(false);
        add("mlp", "MLP 784-256-10 with ReLU", mnist,
                c -> Mlp.of(new int[] {c.inChannels() * c.imageSize() * c.imageSize(), c.scale(256), c.numClasses()},
                        ReLU::new));
        add("lenet5", "LeNet-5 (LeCun 1998): tanh, average pooling", mnist, LeNet::classic);
        add("lenet5-relu", "LeNet-5 with ReLU and max pooling", mnist, LeNet::modern);
        ModelConfig plain = in.withBatchNorm(false);
        add("alexnet", "AlexNet, torchvision's single-tower variant (64 filters in conv1)", plain,
                AlexNet::torchvision);
        add("alexnet-paper", "AlexNet as in the 2012 paper (96 filters, LRN, two-GPU groups), input 227", 
                plain.withInput(3, 227), AlexNet::paper);
        add("zfnet", "ZFNet (Zeiler and Fergus 2013)", plain, ZfNet::of);
        String[] vggNames = {"vgg11", "vgg11-lrn", "vgg13", "vgg13-c", "vgg16", "vgg19"};
        Vgg.Config[] vggConfigs = {Vgg.Config.A, Vgg.Config.A_LRN, Vgg.Config.B, Vgg.Config.C, Vgg.Config.D,
            Vgg.Config.E};
        for (int i = 0; i < vggNames.length; i++) {
            Vgg.Config v = vggConfigs[i];
            add(vggNames[i], "VGG configuration " + v.name().replace('_', '-') + " (no batch norm)",
                    in.withBatchNorm(false), c -> Vgg.of(v, c));
            add(vggNames[i] + "_bn", "VGG configuration " + v.name().replace('_', '-') + " with batch norm", in,
                    c -> Vgg.of(v, c));
        }
        add("googlenet", "GoogLeNet / Inception v1 with batch norm (torchvision's)", in, GoogLeNet::new);
        add("googlenet-paper", "GoogLeNet as in 2014: no batch norm, LRN", in.withBatchNorm(false),
                GoogLeNet::new);
        for (ResNet.Depth d : ResNet.Depth.values()) {
            String n = "resnet" + d.name().substring(1);
            add(n, "ResNet-" + d.name().substring(1) + " (torchvision layout)", in, c -> new ResNet(d, c));
        }
        for (int depth : new int[] {20, 32, 44, 56, 110}) {
            add("resnet" + depth, "CIFAR ResNet-" + depth + " (He et al. 2015), option A shortcuts", cifar,
                    c -> new CifarResNet(depth, CifarResNet.Shortcut.A_ZERO_PAD, c));
            add("resnet" + depth + "-b", "CIFAR ResNet-" + depth + ", option B (projection) shortcuts", cifar,
                    c -> new CifarResNet(depth, CifarResNet.Shortcut.B_PROJECTION, c));
        }
        add("densenet121", "DenseNet-121 (torchvision layout)", in, DenseNet::densenet121);
        add("densenet169", "DenseNet-169 (torchvision layout)", in, DenseNet::densenet169);
        add("mobilenet_v1", "MobileNet v1, width multiplier via --width", in, MobileNetV1::of);
        for (int g : new int[] {1, 2, 3, 4, 8}) {
            add("shufflenet_v1_g" + g, "ShuffleNet v1, " + g + " groups, width via --width", in,
                    c -> new ShuffleNetV1(g, c));
        }
        add("unet", "U-Net as in the paper: unpadded, 1×572×572 in, 2 classes, 388×388 out",
                new ModelConfig(2, 1, 572, false, 1.0), c -> new UNet(c, false));
        add("unet-padded", "U-Net with padded convolutions and batch norm (output size = input size)",
                new ModelConfig(2, 3, 256, true, 1.0), c -> new UNet(c, true));
    }

    private static void add(String name, String description, ModelConfig defaults,
            Function<ModelConfig, Module> builder) {
        ENTRIES.put(name, new Entry(name, description, defaults, builder));
    }

    /** The entry called {@code name}, or an error listing the names there are. */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name.toLowerCase(java.util.Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("zoo: no model named '" + name + "'; known models: "
                    + String.join(", ", ENTRIES.keySet()));
        }
        return e;
    }

    public static Module create(String name, ModelConfig c) {
        return get(name).create(c);
    }

    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(ENTRIES.keySet()));
    }

    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }
}
