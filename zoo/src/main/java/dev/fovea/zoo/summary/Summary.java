package dev.fovea.zoo.summary;

import dev.fovea.nn.Module;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code fovea summary} prints: one {@link LayerRow} per module and the totals, for one input shape.
 * Memory is float32 (4 bytes per value); {@link #activations()} is the forward pass's memory per batch: the input
 * plus every layer output, except the outputs of elementwise layers that torchvision runs in place (ReLU, dropout).
 * That is how the CS231n VGG-16 table counts ("memory" per layer, ReLU not listed).
 *
 * @param model       the model's type name
 * @param inputShape  input shape, batch first
 * @param outputShape the model's output shape
 * @param rows        every module except the model itself, depth first
 * @param params      parameter values (each shared parameter once)
 * @param trainable   parameter values not frozen
 * @param macs        multiply-adds of convolutions and fully connected layers
 * @param activations forward activation elements, input included
 */
public record Summary(String model, int[] inputShape, int[] outputShape, List<LayerRow> rows, long params,
        long trainable, long macs, long activations) {

    public Summary {
        inputShape = inputShape.clone();
        outputShape = outputShape.clone();
        rows = List.copyOf(rows);
    }

    /** Summary for batch 1 and a per-image input shape, e.g. {@code Summary.of(vgg16, 3, 224, 224)}. */
    public static Summary of(Module model, int... sampleShape) {
        return ofBatch(model, 1, sampleShape);
    }

    /** Summary for {@code batch} inputs of shape {@code sampleShape} ([C, H, W] for images). */
    public static Summary ofBatch(Module model, int batch, int... sampleShape) {
        if (batch < 1 || sampleShape.length == 0 || Arrays.stream(sampleShape).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("summary: expected a batch >= 1 and a positive input shape such as"
                    + " 3x224x224, got batch " + batch + " and shape " + Arrays.toString(sampleShape));
        }
        int[] in = new int[sampleShape.length + 1];
        in[0] = batch;
        System.arraycopy(sampleShape, 0, in, 1, sampleShape.length);
        Tracer t = new Tracer(model);
        int[] out = model instanceof Traceable tr ? tr.trace(in.clone(), t) : t.applyChildrenOf(model, in);
        long macs = 0;
        long act = LayerRules.numel(in);
        for (LayerRow r : t.rows()) {
            if (r.leaf()) {
                macs += r.macs();
                if (!r.inPlace()) {
                    act += r.activations();
                }
            }
        }
        long trainable = model.trainableParameters().stream().mapToLong(p -> p.numel()).sum();
        return new Summary(model.typeName(), in, out, t.rows(), model.parameterCount(), trainable, macs, act);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** Multiply-adds of the leaf layers {@code which} accepts, e.g. only convolutions (ShuffleNet's table). */
    public long macs(java.util.function.Predicate<LayerRow> which) {
        return rows.stream().filter(r -> r.leaf() && which.test(r)).mapToLong(LayerRow::macs).sum();
    }

    /** Multiply-adds of the convolutions alone (ShuffleNet's complexity table counts these, not the classifier). */
    public long convMacs() {
        return macs(r -> r.type().startsWith("Conv"));
    }

    public long activationBytes() {
        return activations * Float.BYTES;
    }

    public long paramBytes() {
        return params * Float.BYTES;
    }

    /** The row of the module at dotted path {@code name}. */
    public LayerRow row(String name) {
        for (LayerRow r : rows) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("summary of " + model + ": no layer named '" + name + "'");
    }

    /** The leaf layers (no containers), in forward order. */
    public List<LayerRow> layers() {
        return rows.stream().filter(LayerRow::leaf).toList();
    }

    /** A readable table like torchinfo's; {@code maxDepth} hides deeper rows (0: all). */
    public String toTable(int maxDepth) {
        return SummaryPrinter.table(this, maxDepth);
    }

    public String toTable() {
        return toTable(0);
    }

    public String toJson() {
        return SummaryPrinter.json(this);
    }
}
