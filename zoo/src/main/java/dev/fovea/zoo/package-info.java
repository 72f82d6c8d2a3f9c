/**
 * Above nn: builders for the classic architectures and the model summary (shapes, parameters, memory, FLOPs).
 *
 * <p>Every builder takes a {@link dev.fovea.zoo.ModelConfig} (classes, input channels and size, batch norm, width
 * multiplier); {@link dev.fovea.zoo.Models} lists them by name for the command line and for {@code fovea train}
 * ({@link dev.fovea.zoo.ZooTrainModels}). Where torchvision has the model (AlexNet, VGG, ResNet, DenseNet,
 * GoogLeNet) the state-dict names, order and shapes are torchvision's (GoogLeNet's branch3 keeps the paper's 5×5),
 * so its weights load with {@code loadStateDict}. Modules whose forward is custom code implement
 * {@link dev.fovea.zoo.summary.Traceable} so that {@link dev.fovea.zoo.summary.Summary} can infer shapes through
 * them.
 */
package dev.fovea.zoo;
