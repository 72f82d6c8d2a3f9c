package dev.fovea.autograd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code relu(conv(x) + bias + residual)} as one kernel call ({@link Kernels#convForwardFused}) when nothing records
 * a graph: the inference path of a ResNet block, where the add and the ReLU would otherwise each read and write
 * the whole activation again. When autograd is recording it composes the differentiable ops instead, so callers
 * get the same values and gradients either way.
 */
final class ConvInference {
    private ConvInference() {}

    static Tensor apply(String name, Tensor x, Tensor weight, Tensor bias, Tensor residual, boolean relu,
            int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups) {
        if (Op.recording(x, weight, bias, residual)) {
            Tensor y = ConvOp.apply(name, x, weight, bias, stride, padBegin, padEnd, dilation, groups);
            if (residual != null) {
                y = F.add(y, residual);
            }
            return relu ? F.relu(y) : y;
        }
        ConvGeometry g = ConvOp.geometry(name, x, weight, bias, stride, padBegin, padEnd, dilation, groups);
        int[] outShape = ConvOp.shape(x.size(0), g.outChannels(), g.outSize());
        if (residual != null && !Arrays.equals(residual.shape(), outShape)) {
            throw new IllegalArgumentException(name + ": expected a residual of the output's shape "
                    + Arrays.toString(outShape) + ", got " + Arrays.toString(residual.shape()));
        }
        // the fused kernels write every output value, so a recycled buffer will do
        float[] out = GradBuffers.activation(Tensor.numel(outShape));
        Kernels.get().convForwardFused(g, x.data(), weight.data(), bias == null ? null : bias.data(),
                residual == null ? null : residual.data(), relu, out);
        return new Tensor(out, outShape);
    }
}
