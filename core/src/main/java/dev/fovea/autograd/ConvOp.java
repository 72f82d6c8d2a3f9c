package dev.fovea.autograd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Convolution (cross-correlation) over 1, 2 or 3 spatial dimensions with stride, asymmetric zero padding,
 * dilation and groups. Forward is {@link Kernels#convForward}; backward is {@link Kernels#convBackwardData} for
 * the input and {@link Kernels#convBackwardWeight} for weight and bias.
 */
final class ConvOp extends Op {
    private final ConvGeometry geometry;
    private final Tensor input;
    private final Tensor weight;
    private final Tensor bias;

    private ConvOp(String name, ConvGeometry geometry, Tensor input, Tensor weight, Tensor bias) {
        super(name, input, weight, bias);
        this.geometry = geometry;
        this.input = input;
        this.weight = weight;
        this.bias = bias;
    }

    /** {@code x} [N, Cin, *S], {@code weight} [Cout, Cin/groups, *K], {@code bias} [Cout] or null. */
    static Tensor apply(String name, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padBegin,
            int[] padEnd, int[] dilation, int groups) {
        ConvGeometry g = geometry(name, x, weight, bias, stride, padBegin, padEnd, dilation, groups);
        int[] outShape = shape(x.size(0), g.outChannels(), g.outSize());
        float[] out = GradBuffers.activation(Tensor.numel(outShape));
        Kernels.get().convForward(g, x.data(), weight.data(), bias == null ? null : bias.data(), out);
        Tensor y = new Tensor(out, outShape);
        return recording(x, weight, bias) ? record(y, new ConvOp(name, g, x, weight, bias)) : y;
    }

    static ConvGeometry geometry(String name, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padBegin,
            int[] padEnd, int[] dilation, int groups) {
        int d = stride.length;
        if (x.dim() != d + 2) {
            throw new IllegalArgumentException(name + ": expected a " + (d + 2) + "-D input " + layout(d)
                    + ", got shape " + Arrays.toString(x.shape()));
        }
        if (weight.dim() != d + 2) {
            throw new IllegalArgumentException(name + ": expected a " + (d + 2)
                    + "-D weight [C_out, C_in/groups, *kernel], got shape " + Arrays.toString(weight.shape()));
        }
        if (groups < 1) {
            throw new IllegalArgumentException(name + ": groups must be >= 1, got " + groups);
        }
        int cin = x.size(1);
        int cout = weight.size(0);
        if (weight.size(1) * groups != cin) {
            throw new IllegalArgumentException(name + ": weight " + Arrays.toString(weight.shape()) + " with groups="
                    + groups + " expects " + weight.size(1) * groups + " input channels, got " + cin
                    + " (input shape " + Arrays.toString(x.shape()) + ")");
        }
        if (cout % groups != 0) {
            throw new IllegalArgumentException(name + ": out channels " + cout + " must be divisible by groups="
                    + groups);
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cout)) {
            throw new IllegalArgumentException(name + ": expected bias of shape [" + cout + "], got "
                    + Arrays.toString(bias.shape()));
        }
        int[] in = Arrays.copyOfRange(x.shape(), 2, d + 2);
        int[] k = Arrays.copyOfRange(weight.shape(), 2, d + 2);
        try {
            return new ConvGeometry(x.size(0), cin, cout, groups, in, k, stride, padBegin, padEnd, dilation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage().replaceFirst("^conv: ", ""), e);
        }
    }

    static String layout(int d) {
        return switch (d) {
            case 1 -> "[N, C, L]";
            case 2 -> "[N, C, H, W]";
            default -> "[N, C, D, H, W]";
        };
    }

    static int[] shape(int n, int c, int[] spatial) {
        int[] s = new int[spatial.length + 2];
        s[0] = n;
        s[1] = c;
        System.arraycopy(spatial, 0, s, 2, spatial.length);
        return s;
    }

    @Override
    public void backward(Tensor dOut) {
        Kernels k = Kernels.get();
        float[] dy = dOut.data();
        if (wants(input)) {
            float[] dx = GradBuffers.empty(input.numel());
            k.convBackwardData(geometry, dy, weight.data(), dx);
            send(input, new Tensor(dx, input.shape()));
        }
        if (wants(weight) || wants(bias)) {
            float[] dw = new float[weight.numel()];
            float[] db = wants(bias) ? new float[bias.numel()] : null;
            k.convBackwardWeight(geometry, input.data(), dy, dw, db);
            if (wants(weight)) {
                send(weight, new Tensor(dw, weight.shape()));
            }
            if (db != null) {
                send(bias, new Tensor(db, bias.shape()));
            }
        }
    }
}
