package dev.fovea.data;

import java.util.SplittableRandom;

/**
 * Random crop with zero padding, as in the CIFAR recipes: pad by {@code padding} pixels on each side, then cut
 * an image of the original size at a uniformly random position. Equivalent to an integer shift in
 * ±{@code padding} per axis, done here without resampling.
 */
public record RandomCrop(int padding) implements Transform {
    public RandomCrop {
        if (padding < 0) {
            throw new IllegalArgumentException("RandomCrop: padding must be ≥ 0, got " + padding);
        }
    }

    @Override
    public void apply(float[] img, int off, int c, int h, int w, float[] scratch, SplittableRandom rng) {
        int dx = rng.nextInt(2 * padding + 1) - padding;
        int dy = rng.nextInt(2 * padding + 1) - padding;
        if (dx == 0 && dy == 0) {
            return;
        }
        int plane = h * w;
        java.util.Arrays.fill(scratch, 0, c * plane, 0f);
        int x0 = Math.max(0, -dx);
        int x1 = Math.min(w, w - dx);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                if (sy < 0 || sy >= h || x1 <= x0) {
                    continue;
                }
                System.arraycopy(img, off + ch * plane + sy * w + x0 + dx, scratch, ch * plane + y * w + x0, x1 - x0);
            }
        }
        System.arraycopy(scratch, 0, img, off, c * plane);
    }
}
