package dev.fovea.train;

import dev.fovea.autograd.GradMode;
import dev.fovea.data.Batch;
import dev.fovea.data.DataLoader;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Tensor;

/**
 * Evaluates a model on a data loader in evaluation mode without recording a graph: mean loss, top-1, top-5 and
 * (with {@code classes > 0}) a confusion matrix. Optionally with ten-crop testing: each image is padded, cut at
 * the four corners and the centre at its original size, each crop also mirrored, and the ten softmax outputs
 * averaged.
 */
public final class Evaluator {
    private Evaluator() {}

    public static Metrics evaluate(Module model, DataLoader loader, Loss loss, int classes) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Metrics m = new Metrics(classes);
        try (GradMode.Scope s = GradMode.noGrad(); DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch b : batches) {
                Tensor out = model.forward(b.images());
                m.update(out, b.labels(), loss.compute(out, b).item());
            }
        } finally {
            model.train(wasTraining);
        }
        return m;
    }

    /**
     * Ten-crop evaluation; {@code pad} pixels of {@code fill[c]} (the normalised value of a black pixel) are added
     * on each side before cropping. The loss reported is the cross-entropy of the averaged probabilities.
     */
    public static Metrics evaluateTenCrop(Module model, DataLoader loader, int pad, float[] fill, int classes) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Metrics m = new Metrics(classes);
        try (GradMode.Scope s = GradMode.noGrad(); DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch b : batches) {
                int[] shape = b.images().shape();
                int n = shape[0];
                float[] x = b.images().data();
                float[] view = new float[x.length];
                float[] probs = null;
                int k = 0;
                int[][] offsets = {{0, 0}, {0, 2 * pad}, {2 * pad, 0}, {2 * pad, 2 * pad}, {pad, pad}};
                for (int[] o : offsets) {
                    for (boolean flip : new boolean[] {false, true}) {
                        crop(x, view, shape, o[0] - pad, o[1] - pad, flip, fill);
                        Tensor out = model.forward(new Tensor(view.clone(), shape));
                        k = out.size(1);
                        if (probs == null) {
                            probs = new float[n * k];
                        }
                        addSoftmax(out.data(), probs, n, k);
                    }
                }
                double nll = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < k; j++) {
                        probs[i * k + j] /= 10f;
                    }
                    nll -= Math.log(Math.max(1e-12, probs[i * k + b.labels()[i]]));
                }
                m.update(new Tensor(probs, n, k), b.labels(), nll / n);
            }
        } finally {
            model.train(wasTraining);
        }
        return m;
    }

    /** view(y, x) = padded(y + dy, x + dx), optionally mirrored; outside the image is {@code fill}. */
    private static void crop(float[] x, float[] view, int[] shape, int dy, int dx, boolean flip, float[] fill) {
        int n = shape[0];
        int c = shape[1];
        int h = shape[2];
        int w = shape[3];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * h * w;
                float f = fill[Math.min(ch, fill.length - 1)];
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    for (int xx = 0; xx < w; xx++) {
                        int sx = (flip ? w - 1 - xx : xx) + dx;
                        view[base + y * w + xx] = sy < 0 || sy >= h || sx < 0 || sx >= w ? f : x[base + sy * w + sx];
                    }
                }
            }
        }
    }

    private static void addSoftmax(float[] logits, float[] acc, int n, int k) {
        for (int i = 0; i < n; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[i * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[i * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
                acc[i * k + j] += (float) (Math.exp(logits[i * k + j] - max) / sum);
            }
        }
    }
}
