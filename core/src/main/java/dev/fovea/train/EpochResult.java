package dev.fovea.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch produced. Validation values are NaN when there is no validation set.
 *
 * @param epoch 1-based epoch number
 * @param lr learning rate (first group) at the end of the epoch's training
 * @param seconds wall time of the epoch (training and validation)
 * @param imagesPerSecond training throughput
 */
public record EpochResult(int epoch, double trainLoss, double trainTop1, double trainTop5, double valLoss,
        double valTop1, double valTop5, double lr, double seconds, double imagesPerSecond) {

    /** The value of a metric by name: {@code val_loss}, {@code val_top1}, {@code train_loss}, ... */
    public double metric(String name) {
        Double v = asMap().get(name) instanceof Number n ? n.doubleValue() : null;
        if (v == null) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; expected one of "
                    + asMap().keySet());
        }
        return v;
    }

    /** The fields by their log names (also the JSON-lines record). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("train_loss", trainLoss);
        m.put("train_top1", trainTop1);
        m.put("train_top5", trainTop5);
        m.put("val_loss", valLoss);
        m.put("val_top1", valTop1);
        m.put("val_top5", valTop5);
        m.put("lr", lr);
        m.put("seconds", seconds);
        m.put("images_per_second", imagesPerSecond);
        return m;
    }

    /** Whether a larger value of {@code metric} is better (accuracies) or a smaller one (losses). */
    public static boolean higherIsBetter(String metric) {
        return metric.contains("top");
    }
}
