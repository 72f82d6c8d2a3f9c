package dev.fovea.data;

import java.util.SplittableRandom;

/**
 * Random rotation, translation, rescaling, shear, stretch and flips combined into one affine map about the
 * image centre and applied as a single bilinear warp (one resampling, so no blur accumulates). Pixels that
 * come from outside the image are 0 (background before normalisation).
 *
 * <p>Rotation is uniform in {@code [minDegrees, maxDegrees]}; translation uniform in ±{@code translate} pixels
 * per axis; scale log-uniform in {@code [1/scale, scale]}; shear uniform in ±{@code shearDegrees}; stretch
 * log-uniform in {@code [1/stretch, stretch]}, multiplying the x zoom and dividing the y zoom; each flip
 * happens with probability ½ when enabled.
 */
public record RandomAffine(double minDegrees, double maxDegrees, double translate, double scale,
        double shearDegrees, double stretch, boolean horizontalFlip, boolean verticalFlip) implements Transform {

    public RandomAffine {
        if (!(minDegrees <= maxDegrees)) {
            throw new IllegalArgumentException("RandomAffine: rotation range must have min ≤ max, got ["
                    + minDegrees + ", " + maxDegrees + "]");
        }
        if (!(translate >= 0)) {
            throw new IllegalArgumentException("RandomAffine: translate must be ≥ 0 pixels, got " + translate);
        }
        if (!(scale >= 1) || !(stretch >= 1)) {
            throw new IllegalArgumentException("RandomAffine: scale and stretch are factors ≥ 1 (the range is"
                    + " [1/f, f]), got scale " + scale + ", stretch " + stretch);
        }
        if (!(shearDegrees >= 0 && shearDegrees < 90)) {
            throw new IllegalArgumentException("RandomAffine: shear must be in [0, 90) degrees, got " + shearDegrees);
        }
    }

    /** The identity (no change); start from it with the {@code with...} methods. */
    public static RandomAffine none() {
        return new RandomAffine(0, 0, 0, 1, 0, 1, false, false);
    }

    public RandomAffine withRotation(double minDeg, double maxDeg) {
        return new RandomAffine(minDeg, maxDeg, translate, scale, shearDegrees, stretch, horizontalFlip, verticalFlip);
    }

    public RandomAffine withTranslate(double pixels) {
        return new RandomAffine(minDegrees, maxDegrees, pixels, scale, shearDegrees, stretch, horizontalFlip,
                verticalFlip);
    }

    public RandomAffine withScale(double factor) {
        return new RandomAffine(minDegrees, maxDegrees, translate, factor, shearDegrees, stretch, horizontalFlip,
                verticalFlip);
    }

    public RandomAffine withShear(double degrees) {
        return new RandomAffine(minDegrees, maxDegrees, translate, scale, degrees, stretch, horizontalFlip,
                verticalFlip);
    }

    public RandomAffine withStretch(double factor) {
        return new RandomAffine(minDegrees, maxDegrees, translate, scale, shearDegrees, factor, horizontalFlip,
                verticalFlip);
    }

    public RandomAffine withFlips(boolean horizontal, boolean vertical) {
        return new RandomAffine(minDegrees, maxDegrees, translate, scale, shearDegrees, stretch, horizontal, vertical);
    }

    @Override
    public void apply(float[] img, int off, int c, int h, int w, float[] scratch, SplittableRandom rng) {
        // draw every parameter (even unused ones) so the stream of draws does not depend on the settings' values
        double theta = Math.toRadians(minDegrees + (maxDegrees - minDegrees) * rng.nextDouble());
        double tx = translate * (2 * rng.nextDouble() - 1);
        double ty = translate * (2 * rng.nextDouble() - 1);
        double zoom = Math.exp(Math.log(scale) * (2 * rng.nextDouble() - 1));
        double phi = Math.toRadians(shearDegrees * (2 * rng.nextDouble() - 1));
        double str = Math.exp(Math.log(stretch) * (2 * rng.nextDouble() - 1));
        double fx = horizontalFlip && rng.nextBoolean() ? -1 : 1;
        double fy = verticalFlip && rng.nextBoolean() ? -1 : 1;
        // forward map about the centre: out = R(theta) · Shear(phi) · diag(zoom·str·fx, zoom/str·fy) · in + t
        double sx = zoom * str * fx;
        double sy = zoom / str * fy;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double tan = Math.tan(phi);
        // Shear [[1, tan], [0, 1]] then rotation
        double m00 = cos * sx;
        double m01 = (cos * tan - sin) * sy;
        double m10 = sin * sx;
        double m11 = (sin * tan + cos) * sy;
        warp(img, off, c, h, w, scratch, m00, m01, m10, m11, tx, ty);
    }

    /** Resamples the image through the forward map {@code M·(p - centre) + centre + t} (bilinear, zero fill). */
    static void warp(float[] img, int off, int c, int h, int w, float[] scratch, double m00, double m01, double m10,
            double m11, double tx, double ty) {
        double det = m00 * m11 - m01 * m10;
        double i00 = m11 / det;
        double i01 = -m01 / det;
        double i10 = -m10 / det;
        double i11 = m00 / det;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            double oy = y - cy - ty;
            for (int x = 0; x < w; x++) {
                double ox = x - cx - tx;
                float srcX = (float) (i00 * ox + i01 * oy + cx);
                float srcY = (float) (i10 * ox + i11 * oy + cy);
                int x0 = (int) Math.floor(srcX);
                int y0 = (int) Math.floor(srcY);
                float ax = srcX - x0;
                float ay = srcY - y0;
                boolean in00 = x0 >= 0 && x0 < w && y0 >= 0 && y0 < h;
                boolean in01 = x0 + 1 >= 0 && x0 + 1 < w && y0 >= 0 && y0 < h;
                boolean in10 = x0 >= 0 && x0 < w && y0 + 1 >= 0 && y0 + 1 < h;
                boolean in11 = x0 + 1 >= 0 && x0 + 1 < w && y0 + 1 >= 0 && y0 + 1 < h;
                float w00 = (1 - ax) * (1 - ay);
                float w01 = ax * (1 - ay);
                float w10 = (1 - ax) * ay;
                float w11 = ax * ay;
                int p = y0 * w + x0;
                for (int ch = 0; ch < c; ch++) {
                    int base = off + ch * plane;
                    float v = 0;
                    if (in00) {
                        v += w00 * img[base + p];
                    }
                    if (in01) {
                        v += w01 * img[base + p + 1];
                    }
                    if (in10) {
                        v += w10 * img[base + p + w];
                    }
                    if (in11) {
                        v += w11 * img[base + p + w + 1];
                    }
                    scratch[ch * plane + y * w + x] = v;
                }
            }
        }
        System.arraycopy(scratch, 0, img, off, c * plane);
    }
}
