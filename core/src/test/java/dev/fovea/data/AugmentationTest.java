package dev.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    static float[] ramp(int c, int h, int w) {
        float[] img = new float[c * h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = i + 1;
        }
        return img;
    }

    @Test
    void identityLeavesTheImageAlone() {
        float[] img = ramp(2, 5, 7);
        float[] orig = img.clone();
        RandomAffine.none().apply(img, 0, 2, 5, 7, new float[70], new SplittableRandom(1));
        assertArrayEquals(orig, img, 1e-4f);
    }

    @Test
    void rotationBy90DegreesIsExact() {
        int n = 5;
        float[] img = ramp(1, n, n);
        float[] orig = img.clone();
        new RandomAffine(90, 90, 0, 1, 0, 1, false, false).apply(img, 0, 1, n, n, new float[n * n],
                new SplittableRandom(1));
        // out(x, y) = in(R^-1 (x, y)); with y down, +90° maps in(x, y) to out(n-1-y, x)
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                assertEquals(orig[y * n + x], img[x * n + (n - 1 - y)], 1e-3f, "at " + x + "," + y);
            }
        }
    }

    @Test
    void translationShiftsAndFillsWithZero() {
        float[] img = ramp(1, 4, 4);
        float[] orig = img.clone();
        // translate is drawn uniform in ±t: with t = 2 and a fixed rng, check against a direct shift
        RandomAffine t = RandomAffine.none().withTranslate(2);
        SplittableRandom r = new SplittableRandom(5);
        t.apply(img, 0, 1, 4, 4, new float[16], r);
        SplittableRandom replay = new SplittableRandom(5);
        replay.nextDouble();
        double tx = 2 * (2 * replay.nextDouble() - 1);
        double ty = 2 * (2 * replay.nextDouble() - 1);
        float expected = bilinear(orig, 4, 4, (float) (2 - tx), (float) (1 - ty));
        assertEquals(expected, img[1 * 4 + 2], 1e-3f);
    }

    static float bilinear(float[] img, int h, int w, float x, float y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float ax = x - x0;
        float ay = y - y0;
        return at(img, h, w, x0, y0) * (1 - ax) * (1 - ay) + at(img, h, w, x0 + 1, y0) * ax * (1 - ay)
                + at(img, h, w, x0, y0 + 1) * (1 - ax) * ay + at(img, h, w, x0 + 1, y0 + 1) * ax * ay;
    }

    static float at(float[] img, int h, int w, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : img[y * w + x];
    }

    @Test
    void flipsMirrorTheImage() {
        float[] img = ramp(1, 3, 4);
        float[] orig = img.clone();
        RandomAffine hflip = RandomAffine.none().withFlips(true, false);
        // find a seed whose coin says flip
        for (long s = 0; s < 20; s++) {
            float[] copy = orig.clone();
            hflip.apply(copy, 0, 1, 3, 4, new float[12], new SplittableRandom(s));
            if (copy[0] != orig[0]) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertEquals(orig[y * 4 + 3 - x], copy[y * 4 + x], 1e-4f);
                    }
                }
                return;
            }
        }
        throw new AssertionError("no seed flipped in 20 tries");
    }

    @Test
    void randomCropIsAnIntegerShiftWithZeroPadding() {
        float[] img = ramp(2, 4, 4);
        float[] orig = img.clone();
        SplittableRandom r = new SplittableRandom(11);
        new RandomCrop(2).apply(img, 0, 2, 4, 4, new float[32], r);
        SplittableRandom replay = new SplittableRandom(11);
        int dx = replay.nextInt(5) - 2;
        int dy = replay.nextInt(5) - 2;
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    int sy = y + dy;
                    int sx = x + dx;
                    float want = sy < 0 || sx < 0 || sy >= 4 || sx >= 4 ? 0 : orig[c * 16 + sy * 4 + sx];
                    assertEquals(want, img[c * 16 + y * 4 + x]);
                }
            }
        }
    }

    @Test
    void scaleKeepsTheCentreAndDarkensNothingAtIdentityLimits() {
        // zoom out by up to 1.6: the centre pixel of a constant image stays, corners may go to 0
        float[] img = new float[9 * 9];
        java.util.Arrays.fill(img, 100f);
        RandomAffine.none().withScale(1.6).apply(img, 0, 1, 9, 9, new float[81], new SplittableRandom(3));
        assertEquals(100f, img[4 * 9 + 4], 1e-3f);
    }

    @Test
    void parsesSpecsAndRejectsNonsense() {
        assertNull(Augmentations.parse("none"));
        assertNull(Augmentations.parse(""));
        Transform t = Augmentations.parse("rotate=0:360,translate=10,scale=1.6,hflip,vflip,shear=20,stretch=1.3");
        assertTrue(t instanceof RandomAffine);
        RandomAffine a = (RandomAffine) t;
        assertEquals(360, a.maxDegrees());
        assertEquals(1.3, a.stretch());
        assertTrue(a.horizontalFlip() && a.verticalFlip());
        assertTrue(Augmentations.parse("crop=4") instanceof RandomCrop);
        var e = assertThrows(IllegalArgumentException.class, () -> Augmentations.parse("rotate=10,wobble=3"));
        assertTrue(e.getMessage().contains("wobble"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentations.parse("scale=0.5"));
    }
}
