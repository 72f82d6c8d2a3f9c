package dev.fovea.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses augmentation specs such as {@code rotate=0:360,translate=10,scale=1.6,shear=20,stretch=1.3,hflip,vflip}
 * or {@code crop=4,hflip} into one {@link Transform}. The affine options are merged into a single
 * {@link RandomAffine} (one warp per image); {@code crop=P} adds a {@link RandomCrop} after it.
 * {@code rotate=D} means ±D degrees. {@code none} or an empty spec means no augmentation (null).
 */
public final class Augmentations {
    private Augmentations() {}

    public static final String HELP = "comma-separated: rotate=D (±D°) or rotate=A:B, translate=PX, scale=F"
            + " (log-uniform 1/F..F), shear=D, stretch=F, hflip, vflip, crop=PAD; or none";

    public static Transform parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return null;
        }
        RandomAffine affine = RandomAffine.none();
        boolean anyAffine = false;
        int crop = -1;
        for (String part : spec.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? null : p.substring(eq + 1);
            try {
                switch (key) {
                    case "rotate", "rotation" -> {
                        int colon = need(key, value).indexOf(':');
                        affine = colon < 0 ? affine.withRotation(-num(value), num(value))
                                : affine.withRotation(num(value.substring(0, colon)), num(value.substring(colon + 1)));
                    }
                    case "translate" -> affine = affine.withTranslate(num(need(key, value)));
                    case "scale" -> affine = affine.withScale(num(need(key, value)));
                    case "shear" -> affine = affine.withShear(num(need(key, value)));
                    case "stretch" -> affine = affine.withStretch(num(need(key, value)));
                    case "hflip" -> affine = affine.withFlips(true, affine.verticalFlip());
                    case "vflip" -> affine = affine.withFlips(affine.horizontalFlip(), true);
                    case "crop" -> crop = Integer.parseInt(need(key, value));
                    default -> throw new IllegalArgumentException("unknown option '" + key + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("augmentation '" + spec + "': " + e.getMessage() + "; expected "
                        + HELP, e);
            }
            anyAffine |= !key.equals("crop");
        }
        List<Transform> all = new ArrayList<>();
        if (anyAffine) {
            all.add(affine);
        }
        if (crop >= 0) {
            all.add(new RandomCrop(crop));
        }
        return all.isEmpty() ? null : Transform.compose(all);
    }

    private static String need(String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' needs a value, e.g. " + key + "=10");
        }
        return value;
    }

    private static double num(String s) {
        return Double.parseDouble(s.trim());
    }
}
