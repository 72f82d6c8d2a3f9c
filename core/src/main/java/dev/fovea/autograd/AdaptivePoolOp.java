package dev.fovea.autograd;

import dev.fovea.kernel.AdaptivePoolGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Adaptive average or max pooling of [N, C, *S] to a fixed output size (1 to 3 spatial dimensions), on the
 * pooling kernels. Global average pooling is the adaptive average to all-ones.
 */
final class AdaptivePoolOp extends Op {
    private final Tensor input;
    private final AdaptivePoolGeometry geometry;
    private final int[] indices;

    private AdaptivePoolOp(String name, Tensor input, AdaptivePoolGeometry geometry, int[] indices) {
        super(name, input);
        this.input = input;
        this.geometry = geometry;
        this.indices = indices;
    }

    static Tensor apply(String name, Tensor x, int[] outputSize, boolean max) {
        int d = outputSize.length;
        if (x.dim() != d + 2) {
            throw new IllegalArgumentException(name + ": expected a " + (d + 2) + "-D input " + ConvOp.layout(d)
                    + ", got shape " + Arrays.toString(x.shape()));
        }
        AdaptivePoolGeometry g;
        try {
            g = new AdaptivePoolGeometry(x.size(0), x.size(1), Arrays.copyOfRange(x.shape(), 2, d + 2), outputSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage().replaceFirst("^adaptive pool: ", ""), e);
        }
        float[] out = new float[x.size(0) * x.size(1) * g.outSpatial()];
        int[] idx = null;
        if (max) {
            idx = new int[out.length];
            Kernels.get().adaptiveMaxPoolForward(g, x.data(), out, idx);
        } else {
            Kernels.get().adaptiveAvgPoolForward(g, x.data(), out);
        }
        Tensor y = new Tensor(out, ConvOp.shape(x.size(0), x.size(1), outputSize));
        return recording(x) ? record(y, new AdaptivePoolOp(name, x, g, idx)) : y;
    }

    @Override
    public void backward(Tensor dOut) {
        if (!wants(input)) {
            return;
        }
        float[] dx = GradBuffers.empty(input.numel());
        if (indices != null) {
            Kernels.get().adaptiveMaxPoolBackward(geometry, dOut.data(), indices, dx);
        } else {
            Kernels.get().adaptiveAvgPoolBackward(geometry, dOut.data(), dx);
        }
        send(input, new Tensor(dx, input.shape()));
    }
}
