package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import dev.fovea.tensor.Rng;

/**
 * Shared body of {@link BatchNorm1d}, {@link BatchNorm2d} and {@link BatchNorm3d}. In training the batch statistics normalise and the
 * running ones are updated in place (unbiased variance); in eval the running ones normalise, so outputs no longer
 * depend on the rest of the batch. State dict: {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked}, as in PyTorch.
 */
public abstract class BatchNormNd extends Module {
    public final Parameter weight;
    public final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;
    private final BatchNormSpec spec;

    protected BatchNormNd(BatchNormSpec spec) {
        this.spec = spec;
        int c = spec.numFeatures();
        this.weight = registerParameter("weight", spec.affine() ? Parameter.zeros(c) : null);
        this.bias = registerParameter("bias", spec.affine() ? Parameter.zeros(c) : null);
        if (spec.trackRunningStats()) {
            runningMean = registerBuffer("running_mean", Tensor.zeros(c));
            runningVar = registerBuffer("running_var", Tensor.ones(c));
            numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros());
        } else {
            runningMean = null;
            runningVar = null;
            numBatchesTracked = null;
        }
        resetOwnParameters(null);
    }

    public final BatchNormSpec spec() {
        return spec;
    }

    /** Running mean buffer (updated in place), or null without tracked statistics. */
    public final Tensor runningMean() {
        return runningMean;
    }

    public final Tensor runningVar() {
        return runningVar;
    }

    /** Ones and zeros for the affine transform, zero mean and unit variance for the statistics. */
    @Override
    protected void resetOwnParameters(Rng rng) {
        if (weight != null) {
            Init.ones(weight.tensor());
            Init.zeros(bias.tensor());
        }
        if (runningMean != null) {
            Init.zeros(runningMean);
            Init.ones(runningVar);
            Init.zeros(numBatchesTracked);
        }
    }

    /** Checks the rank and layout of the input; {@link #forward} checks the channel count. */
    protected abstract void checkRank(Tensor input);

    @Override
    public Tensor forward(Tensor input) {
        return normalize(input, false);
    }

    /**
     * {@code relu(forward(input))} as one fused op ({@link F#batchNormRelu}): no intermediate tensor, one pass less
     * each way. For blocks that follow this layer with a ReLU; forward hooks of a separate ReLU module do not run.
     */
    public Tensor forwardRelu(Tensor input) {
        return normalize(input, true);
    }

    private Tensor normalize(Tensor input, boolean relu) {
        checkRank(input);
        expectSize(input, 1, spec.numFeatures(), "channels (num_features)");
        boolean useBatchStats = isTraining() || runningMean == null;
        Tensor w = weight == null ? null : weight.tensor();
        Tensor b = bias == null ? null : bias.tensor();
        Tensor y = ConvNd.guard(this, () -> relu
                ? F.batchNormRelu(input, runningMean, runningVar, w, b, useBatchStats, spec.momentum(), spec.eps())
                : F.batchNorm(input, runningMean, runningVar, w, b, useBatchStats, spec.momentum(), spec.eps()));
        if (isTraining() && numBatchesTracked != null) {
            numBatchesTracked.storage()[numBatchesTracked.offset()] += 1;
            numBatchesTracked.bumpVersion();
        }
        return y;
    }

    @Override
    protected String extraRepr() {
        return spec.numFeatures() + ", eps=" + spec.eps() + ", momentum=" + spec.momentum() + ", affine="
                + spec.affine() + ", track_running_stats=" + spec.trackRunningStats();
    }
}
