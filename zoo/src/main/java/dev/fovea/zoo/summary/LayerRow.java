package dev.fovea.zoo.summary;

import java.util.Arrays;

/**
 * One module of a summarised model.
 *
 * @param name        dotted path in the model ({@code layer1.0.conv1}), as in the state dict
 * @param type        the module's type name ({@code Conv2d})
 * @param depth       nesting depth: 1 for the model's direct children
 * @param leaf        true for a layer, false for a container whose children have their own rows
 * @param inputShape  input shape, batch dimension first
 * @param outputShape output shape, batch dimension first
 * @param params      parameter values of this module and its descendants (weights and biases)
 * @param weights     the same without the parameters named {@code bias} (how the CS231n tables count "weights")
 * @param activations elements of the output (float32: {@link #activationBytes()} bytes)
 * @param macs        multiply-adds of convolutions and fully connected layers (the papers' "FLOPs")
 * @param inPlace     true for layers that torchvision runs in place (ReLU, dropout, identity): their output adds
 *                    no memory, so {@link Summary#activations()} leaves it out
 */
public record LayerRow(String name, String type, int depth, boolean leaf, int[] inputShape, int[] outputShape,
        long params,
        long weights, long activations, long macs, boolean inPlace) {

    public LayerRow {
        inputShape = inputShape.clone();
        outputShape = outputShape.clone();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    public long activationBytes() {
        return activations * Float.BYTES;
    }

    @Override
    public String toString() {
        return name + " (" + type + ") " + Arrays.toString(outputShape) + " params=" + params + " macs=" + macs;
    }
}
