package dev.fovea.zoo;

/**
 * The options every zoo builder takes, validated: number of classes, input channels and image size, batch norm
 * on or off (where the architecture has a variant without it), and a width multiplier applied to every layer's
 * channel count (MobileNet's alpha, ShuffleNet's s; 1 keeps the paper's widths).
 *
 * <p>The image size matters only where the paper's classifier depends on it (LeNet, the MLP, the paper-layout
 * AlexNet and ZFNet); torchvision-layout models use an adaptive pool and accept any size large enough.
 */
public record ModelConfig(int numClasses, int inChannels, int imageSize, boolean batchNorm, double width) {

    public ModelConfig {
        if (numClasses < 1 || inChannels < 1 || imageSize < 1) {
            throw new IllegalArgumentException("ModelConfig: num_classes, in_channels and image_size must be >= 1,"
                    + " got " + numClasses + ", " + inChannels + ", " + imageSize);
        }
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("ModelConfig: width multiplier must be positive, got " + width);
        }
    }

    /** ImageNet: 1000 classes, 3×224×224, batch norm on, width 1. */
    public static ModelConfig imagenet() {
        return new ModelConfig(1000, 3, 224, true, 1.0);
    }

    /** CIFAR-10: 10 classes, 3×32×32. */
    public static ModelConfig cifar10() {
        return new ModelConfig(10, 3, 32, true, 1.0);
    }

    /** MNIST: 10 classes, 1×28×28. */
    public static ModelConfig mnist() {
        return new ModelConfig(10, 1, 28, true, 1.0);
    }

    public ModelConfig withClasses(int n) {
        return new ModelConfig(n, inChannels, imageSize, batchNorm, width);
    }

    public ModelConfig withInput(int channels, int size) {
        return new ModelConfig(numClasses, channels, size, batchNorm, width);
    }

    public ModelConfig withBatchNorm(boolean on) {
        return new ModelConfig(numClasses, inChannels, imageSize, on, width);
    }

    public ModelConfig withWidth(double w) {
        return new ModelConfig(numClasses, inChannels, imageSize, batchNorm, w);
    }

    /** {@code channels × width}, rounded, at least 1. */
    public int scale(int channels) {
        return Math.max(1, (int) Math.round(channels * width));
    }
}
