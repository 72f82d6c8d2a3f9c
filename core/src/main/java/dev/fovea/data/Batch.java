package dev.fovea.data;

import dev.fovea.tensor.Tensor;

/**
 * One mini-batch: images as a float tensor {@code [n, C, H, W]} (normalised, augmented) and their class labels.
 * The loader recycles the images' storage: a batch is valid until the iterator's next-but-one
 * {@code next()} call, so copy what you want to keep.
 *
 * @param index position of this batch in its epoch
 */
public record Batch(Tensor images, int[] labels, int index) {
    public int size() {
        return labels.length;
    }

    /** Labels as a float tensor of class indices, shape {@code [n]}. */
    public Tensor labelTensor() {
        float[] t = new float[labels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = labels[i];
        }
        return new Tensor(t, labels.length);
    }

    /** One-hot targets {@code [n, classes]} (for the quadratic cost of network.py). */
    public Tensor oneHot(int classes) {
        float[] t = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            t[i * classes + labels[i]] = 1f;
        }
        return new Tensor(t, labels.length, classes);
    }
}
