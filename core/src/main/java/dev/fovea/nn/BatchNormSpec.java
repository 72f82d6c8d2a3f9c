package dev.fovea.nn;

/**
 * Hyperparameters of batch normalisation, PyTorch's defaults from {@link #of}: eps 1e-5, momentum 0.1, affine
 * weight and bias, running statistics tracked.
 */
public record BatchNormSpec(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    public BatchNormSpec {
        Spec.positive("BatchNorm", "num_features", numFeatures);
        Spec.positiveFinite("BatchNorm", "eps", eps);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm: momentum must be in [0, 1], got " + momentum);
        }
    }

    public static BatchNormSpec of(int numFeatures) {
        return new BatchNormSpec(numFeatures, 1e-5, 0.1, true, true);
    }

    public BatchNormSpec withEps(double e) {
        return new BatchNormSpec(numFeatures, e, momentum, affine, trackRunningStats);
    }

    public BatchNormSpec withMomentum(double m) {
        return new BatchNormSpec(numFeatures, eps, m, affine, trackRunningStats);
    }

    public BatchNormSpec withAffine(boolean a) {
        return new BatchNormSpec(numFeatures, eps, momentum, a, trackRunningStats);
    }

    public BatchNormSpec withTrackRunningStats(boolean t) {
        return new BatchNormSpec(numFeatures, eps, momentum, affine, t);
    }
}
