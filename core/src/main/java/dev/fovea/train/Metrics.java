package dev.fovea.train;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Running classification metrics over batches: mean loss, top-1 and top-5 accuracy, and optionally a confusion
 * matrix. A sample counts as top-k correct when fewer than k classes score strictly higher than its true
 * class. Updating allocates nothing.
 */
public final class Metrics {
    private final int classes;
    private final long[] confusion;
    private double lossSum;
    private long count;
    private long top1;
    private long top5;

    /** @param classes number of classes, or 0 to skip the confusion matrix */
    public Metrics(int classes) {
        this.classes = classes;
        this.confusion = classes > 0 ? new long[classes * classes] : null;
    }

    /** Adds a batch: {@code logits [n, K]}, its labels and the batch's mean loss. */
    public void update(Tensor logits, int[] labels, double meanLoss) {
        int n = labels.length;
        if (logits.dim() != 2 || logits.size(0) != n) {
            throw new IllegalArgumentException("Metrics: expected model output of shape [" + n + ", classes], got "
                    + Arrays.toString(logits.shape()) + "; does the model end with a Linear layer of one output per"
                    + " class?");
        }
        int k = logits.size(1);
        float[] d = logits.storage();
        int off = logits.offset();
        int rs = logits.strides()[0];
        int cs = logits.strides()[1];
        for (int i = 0; i < n; i++) {
            int base = off + i * rs;
            int label = labels[i];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("Metrics: label " + label + " but the model has " + k + " outputs");
            }
            float target = d[base + label * cs];
            int higher = 0;
            int argmax = 0;
            float best = d[base];
            for (int j = 0; j < k; j++) {
                float v = d[base + j * cs];
                if (v > target) {
                    higher++;
                }
                if (v > best) {
                    best = v;
                    argmax = j;
                }
            }
            if (higher == 0) {
                top1++;
            }
            if (higher < 5) {
                top5++;
            }
            if (confusion != null && label < classes && argmax < classes) {
                confusion[label * classes + argmax]++;
            }
        }
        lossSum += meanLoss * n;
        count += n;
    }

    public long count() {
        return count;
    }

    public double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    public double top1() {
        return count == 0 ? Double.NaN : (double) top1 / count;
    }

    public double top5() {
        return count == 0 ? Double.NaN : (double) top5 / count;
    }

    /** {@code [true class][predicted class]} counts; null when built with 0 classes. */
    public long[][] confusion() {
        if (confusion == null) {
            return null;
        }
        long[][] m = new long[classes][];
        for (int i = 0; i < classes; i++) {
            m[i] = Arrays.copyOfRange(confusion, i * classes, (i + 1) * classes);
        }
        return m;
    }

    public void reset() {
        lossSum = 0;
        count = 0;
        top1 = 0;
        top5 = 0;
        if (confusion != null) {
            Arrays.fill(confusion, 0);
        }
    }
}
