package dev.fovea.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A random, shape-preserving change to one image, applied by the {@link DataLoader} before normalisation.
 * Images arrive as floats on the 0–255 pixel scale, CHW, at {@code img[off ..]}. Randomness comes only from
 * {@code rng}, which the loader derives from (seed, epoch, sample position): the same seed gives the same
 * augmented images no matter which thread does the work, and a resumed run sees the same images as an
 * uninterrupted one.
 */
@FunctionalInterface
public interface Transform {
    /** Transforms the image in place; {@code scratch} holds at least {@code c·h·w} floats. */
    void apply(float[] img, int off, int c, int h, int w, float[] scratch, SplittableRandom rng);

    /** Applies {@code first} then each of the others (each draws from the same per-sample rng, in order). */
    static Transform compose(List<Transform> transforms) {
        List<Transform> all = List.copyOf(transforms);
        if (all.size() == 1) {
            return all.get(0);
        }
        return (img, off, c, h, w, scratch, rng) -> {
            for (Transform t : all) {
                t.apply(img, off, c, h, w, scratch, rng);
            }
        };
    }
}
