package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.autograd.Scratch;
import dev.fovea.tensor.Tensor;
import java.util.List;

/**
 * Runs its children in order. Children added without a name are called {@code 0}, {@code 1}, ... as in
 * PyTorch, so a model built as {@code features = Sequential(conv, relu, pool)} has {@code features.0.weight}.
 */
public class Sequential extends Module {
    private int size;

    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    /** Appends {@code layer} under the name of its position. */
    public Sequential add(Module layer) {
        return add(Integer.toString(size), layer);
    }

    /** Appends {@code layer} under an explicit name (e.g. "conv1"). */
    public Sequential add(String name, Module layer) {
        if (layer == null) {
            throw new IllegalArgumentException(label() + ": layer " + name + " is null");
        }
        registerModule(name, layer);
        size++;
        return this;
    }

    public int size() {
        return size;
    }

    /** The child at {@code index} in order. */
    public Module get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(label() + ": index " + index + " out of range [0, " + size + ")");
        }
        return children().get(index);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        List<Module> layers = children();
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            Tensor in = x;
            x = m.forward(x);
            // in.storage() is the input's when a layer returned a view of it (Flatten): that memory is the caller's
            if (in != input && in.storage() != input.storage() && ownsNoActivations(m)
                    && ownsNoActivations(layers.get(i - 1))) {
                // made by the previous layer, read only by this one, not passed on: dead once its graph has been
                // swept, so backward may recycle its memory (the previous layer was checked in the last round)
                Scratch.markRead(in, x);
            }
            if ((m instanceof ConvNd || m instanceof Linear) && i + 1 < layers.size()
                    && layers.get(i + 1) instanceof ReLU) {
                // the layer's output never leaves this loop, so the ReLU that follows rectifies it in place: one
                // activation-sized tensor and one pass less (LeNet-5: 1.2 MB a step); same values and gradients
                x = F.reluInPlace(x);
                i++;
            }
        }
        return x;
    }

    /**
     * Fovea's own layers and blocks keep no reference to their inputs or outputs after forward; a user's module
     * might (to look at activations later), so intermediates next to one, or next to a container holding one, are
     * never recycled.
     */
    static boolean ownsNoActivations(Module m) {
        if (!m.getClass().getPackageName().startsWith("dev.fovea.")) {
            return false;
        }
        for (Module child : m.children()) {
            if (!ownsNoActivations(child)) {
                return false;
            }
        }
        return true;
    }
}
