package dev.fovea.data;

import java.util.Arrays;

/** Per-channel mean and standard deviation on the 0–1 scale: {@code x' = (pixel/255 - mean) / std}. */
public record Normalization(float[] mean, float[] std) {
    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalization: need one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("Normalization: std must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Pixels scaled to [0, 1] only. */
    public static Normalization unit(int channels) {
        float[] m = new float[channels];
        float[] s = new float[channels];
        Arrays.fill(s, 1f);
        return new Normalization(m, s);
    }

    public int channels() {
        return mean.length;
    }

    /** Computes the per-channel statistics of a dataset (on at most the first 10,000 images). */
    public static Normalization of(ImageDataset ds) {
        int c = ds.channels();
        int plane = ds.height() * ds.width();
        int n = Math.min(ds.size(), 10_000);
        double[] sum = new double[c];
        double[] sq = new double[c];
        byte[] px = ds.pixels();
        for (int i = 0; i < n; i++) {
            int off = ds.pixelOffset(i);
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    double v = (px[off + ch * plane + p] & 0xFF) / 255.0;
                    sum[ch] += v;
                    sq[ch] += v * v;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double count = (double) n * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / count;
            mean[ch] = (float) m;
            std[ch] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[ch] / count - m * m)));
        }
        return new Normalization(mean, std);
    }

    @Override
    public String toString() {
        return "Normalization(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
