package dev.fovea.autograd;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Transposed convolution: the input-gradient of the convolution that maps the output back onto the input. So
 * forward is {@link Kernels#convBackwardData} of that "mirror" geometry, the input gradient is its
 * {@link Kernels#convForward} and the weight gradient its {@link Kernels#convBackwardWeight} with the roles of
 * input and output swapped. Weight is [C_in, C_out/groups, *K] as in PyTorch.
 */
final class ConvTransposeOp extends Op {
    private final ConvGeometry mirror;
    private final Tensor input;
    private final Tensor weight;
    private final Tensor bias;

    private ConvTransposeOp(String name, ConvGeometry mirror, Tensor input, Tensor weight, Tensor bias) {
        super(name, input, weight, bias);
        this.mirror = mirror;
        this.input = input;
        this.weight = weight;
        this.bias = bias;
    }

    static Tensor apply(String name, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int[] dilation, int groups) {
        int d = stride.length;
        if (padding.length != d || outputPadding.length != d || dilation.length != d) {
            throw new IllegalArgumentException(name + ": stride, padding, output_padding and dilation need " + d
                    + " entries each");
        }
        if (x.dim() != d + 2) {
            throw new IllegalArgumentException(name + ": expected a " + (d + 2) + "-D input "
                    + ConvOp.layout(d) + ", got shape " + Arrays.toString(x.shape()));
        }
        if (weight.dim() != d + 2) {
            throw new IllegalArgumentException(name + ": expected a " + (d + 2)
                    + "-D weight [C_in, C_out/groups, *kernel], got shape " + Arrays.toString(weight.shape()));
        }
        if (groups < 1 || weight.size(0) != x.size(1) || x.size(1) % groups != 0) {
            throw new IllegalArgumentException(name + ": expected " + weight.size(0) + " input channels divisible by"
                    + " groups=" + groups + " (weight " + Arrays.toString(weight.shape()) + "), got input shape "
                    + Arrays.toString(x.shape()));
        }
        int cin = x.size(1);
        int cout = weight.size(1) * groups;
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cout)) {
            throw new IllegalArgumentException(name + ": expected bias of shape [" + cout + "], got "
                    + Arrays.toString(bias.shape()));
        }
        int[] in = Arrays.copyOfRange(x.shape(), 2, d + 2);
        int[] k = Arrays.copyOfRange(weight.shape(), 2, d + 2);
        int[] out = new int[d];
        int[] reach = new int[d];
        int[] padEnd = new int[d];
        for (int i = 0; i < d; i++) {
            if (outputPadding[i] < 0 || (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i])) {
                throw new IllegalArgumentException(name + ": output_padding " + Arrays.toString(outputPadding)
                        + " must be smaller than stride " + Arrays.toString(stride) + " or dilation "
                        + Arrays.toString(dilation));
            }
            out[i] = (in[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k[i] - 1) + outputPadding[i] + 1;
            if (out[i] < 1) {
                throw new IllegalArgumentException(name + ": output size " + Arrays.toString(out) + " is empty for"
                        + " input " + Arrays.toString(in) + "; use less padding");
            }
            // output_padding adds trailing rows; those beyond padding receive no input at all (only bias), so the
            // mirror conv covers the first `reach` rows and pads its end by what is left of the padding
            reach[i] = out[i] - Math.max(0, outputPadding[i] - padding[i]);
            padEnd[i] = Math.max(0, padding[i] - outputPadding[i]);
        }
        ConvGeometry mirror = new ConvGeometry(x.size(0), cout, cin, groups, reach, k, stride, padding, padEnd,
                dilation);
        int[] outShape = ConvOp.shape(x.size(0), cout, out);
        float[] y = new float[mirror.batch() * cout * mirror.inSpatial()];
        Kernels.get().convBackwardData(mirror, x.data(), weight.data(), y);
        if (!Arrays.equals(reach, out)) {
            y = resize(y, x.size(0) * cout, reach, out);
        }
        if (bias != null) {
            addBias(y, bias.data(), x.size(0), cout, Tensor.numel(out));
        }
        Tensor result = new Tensor(y, outShape);
        return recording(x, weight, bias) ? record(result, new ConvTransposeOp(name, mirror, x, weight, bias))
                : result;
    }

    /** Copies each of {@code planes} planes of spatial size {@code from} into the leading corner of size {@code to}. */
    static float[] resize(float[] src, int planes, int[] from, int[] to) {
        int d = from.length;
        int[] common = new int[d];
        for (int i = 0; i < d; i++) {
            common[i] = Math.min(from[i], to[i]);
        }
        int fromPlane = Tensor.numel(from);
        int toPlane = Tensor.numel(to);
        int[] fs = Tensor.contiguousStrides(from);
        int[] ts = Tensor.contiguousStrides(to);
        float[] dst = new float[planes * toPlane];
        int rows = Tensor.numel(common) / common[d - 1];
        int[] idx = new int[d];
        for (int p = 0; p < planes; p++) {
            java.util.Arrays.fill(idx, 0);
            for (int r = 0; r < rows; r++) {
                int so = p * fromPlane;
                int to0 = p * toPlane;
                for (int i = 0; i < d - 1; i++) {
                    so += idx[i] * fs[i];
                    to0 += idx[i] * ts[i];
                }
                System.arraycopy(src, so, dst, to0, common[d - 1]);
                for (int i = d - 2; i >= 0; i--) {
                    if (++idx[i] < common[i]) {
                        break;
                    }
                    idx[i] = 0;
                }
            }
        }
        return dst;
    }

    private static void addBias(float[] y, float[] b, int n, int c, int spatial) {
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                float v = b[ch];
                int base = (i * c + ch) * spatial;
                for (int s = 0; s < spatial; s++) {
                    y[base + s] += v;
                }
            }
        }
    }

    @Override
    public void backward(Tensor dOut) {
        Kernels k = Kernels.get();
        float[] dyFull = dOut.data();
        int[] out = Arrays.copyOfRange(dOut.shape(), 2, dOut.dim());
        float[] dy = Arrays.equals(out, mirror.inSize()) ? dyFull
                : resize(dyFull, mirror.batch() * mirror.inChannels(), out, mirror.inSize());
        if (wants(input)) {
            float[] dx = new float[input.numel()];
            k.convForward(mirror, dy, weight.data(), null, dx);
            send(input, new Tensor(dx, input.shape()));
        }
        if (wants(weight)) {
            // in the mirror conv, dy plays the input and x the output gradient
            float[] dw = new float[weight.numel()];
            k.convBackwardWeight(mirror, dy, input.data(), dw, null);
            send(weight, new Tensor(dw, weight.shape()));
        }
        if (wants(bias)) {
            int n = input.size(0);
            int c = bias.size(0);
            int spatial = Tensor.numel(out);
            float[] db = new float[c];
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < c; ch++) {
                    double s = 0;
                    int base = (i * c + ch) * spatial;
                    for (int p = 0; p < spatial; p++) {
                        s += dyFull[base + p];
                    }
                    db[ch] += (float) s;
                }
            }
            send(bias, new Tensor(db, bias.shape()));
        }
    }
}
