package dev.fovea.zoo.summary;

import dev.fovea.nn.BatchNormNd;
import dev.fovea.nn.ChannelShuffle;
import dev.fovea.nn.ConvNd;
import dev.fovea.nn.ConvSpec;
import dev.fovea.nn.ConvTranspose2d;
import dev.fovea.nn.Dropout2d;
import dev.fovea.nn.GlobalAvgPool2d;
import dev.fovea.nn.GroupNorm;
import dev.fovea.nn.Identity;
import dev.fovea.nn.InstanceNorm2d;
import dev.fovea.nn.LayerNorm;
import dev.fovea.nn.LocalResponseNorm;
import dev.fovea.nn.Module;
import dev.fovea.nn.Padding;
import dev.fovea.nn.PoolNd;
import dev.fovea.nn.PoolSpec;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;
import java.util.Set;

/**
 * Output shape and multiply-adds of the leaf layers, computed from their hyperparameters. Multiply-adds count
 * convolutions and fully connected layers only (one per weight use, bias excluded), which is how the papers
 * (VGG, ResNet, MobileNet, ShuffleNet) report "FLOPs"; normalisation, pooling and activations count zero.
 */
final class LayerRules {
    private LayerRules() {}

    /** What a rule found: output shape, multiply-adds, and whether the layer needs no new output buffer. */
    record Inferred(int[] output, long macs, boolean inPlace) {}

    /** Elementwise layers that keep the shape and, in torchvision's models, run in place or are free in eval. */
    private static final Set<String> IN_PLACE = Set.of("ReLU", "ReLU6", "LeakyReLU", "ELU", "SiLU", "GELU", "Tanh",
            "Sigmoid", "Hardswish", "Hardsigmoid", "Mish", "Softplus", "Dropout", "Dropout2d", "AlphaDropout",
            "Identity");

    /** The rule's result, or null for a layer it does not know (the tracer then probes it). */
    static Inferred infer(Module m, int[] in) {
        if (m instanceof ConvNd c) {
            return conv(c, in);
        }
        if (m instanceof ConvTranspose2d t) {
            return convTranspose(t, in);
        }
        if (m instanceof PoolNd p) {
            return new Inferred(pool(p, in), 0, false);
        }
        if (m instanceof GlobalAvgPool2d) {
            rank(m, in, 4);
            return new Inferred(new int[] {in[0], in[1], 1, 1}, 0, false);
        }
        if (m instanceof Identity || m instanceof Dropout2d || IN_PLACE.contains(m.typeName())) {
            return new Inferred(in.clone(), 0, true);
        }
        if (m instanceof BatchNormNd || m instanceof LocalResponseNorm || m instanceof ChannelShuffle
                || m instanceof GroupNorm || m instanceof InstanceNorm2d || m instanceof LayerNorm) {
            return new Inferred(in.clone(), 0, false);
        }
        if (m.typeName().equals("Linear")) {
            return linear(m, in);
        }
        return null;
    }

    private static Inferred conv(ConvNd c, int[] in) {
        ConvSpec s = c.spec();
        int d = s.dims();
        rank(c, in, d + 2);
        if (in[1] != s.inChannels()) {
            throw error(c, "expected " + s.inChannels() + " input channels, got " + in[1] + " (input shape "
                    + Arrays.toString(in) + ")");
        }
        int[] k = s.kernelSize();
        int[] st = s.stride();
        int[] dil = s.dilation();
        int[] out = new int[d + 2];
        out[0] = in[0];
        out[1] = s.outChannels();
        Padding p = s.padding();
        int[] values = p.values();
        for (int i = 0; i < d; i++) {
            int span = dil[i] * (k[i] - 1);
            int pad = switch (p.mode()) {
                case EXPLICIT -> 2 * (values.length == 1 ? values[0] : values[i]);
                case SAME -> span;
                case VALID -> 0;
            };
            out[i + 2] = Math.floorDiv(in[i + 2] + pad - span - 1, st[i]) + 1;
            if (out[i + 2] < 1) {
                throw error(c, "input " + Arrays.toString(in) + " is smaller than the kernel "
                        + Arrays.toString(k) + " (with padding); use a larger input");
            }
        }
        long perOutput = (long) (s.inChannels() / s.groups()) * Tensor.numel(k);
        return new Inferred(out, numel(out) * perOutput, false);
    }

    private static Inferred convTranspose(ConvTranspose2d t, int[] in) {
        var o = t.options();
        rank(t, in, 4);
        int[] k = o.kernelSize();
        int[] st = o.stride();
        int[] pad = o.padding();
        int[] op = o.outputPadding();
        int[] dil = o.dilation();
        int[] out = {in[0], o.outChannels(), 0, 0};
        for (int i = 0; i < 2; i++) {
            out[i + 2] = (in[i + 2] - 1) * st[i] - 2 * pad[i] + dil[i] * (k[i] - 1) + op[i] + 1;
        }
        // Every input value meets out/groups * kH * kW weights.
        long macs = numel(in) * (o.outChannels() / o.groups()) * k[0] * k[1];
        return new Inferred(out, macs, false);
    }

    /** PyTorch's pooling size, including ceil mode's rule that the last window must start inside the input. */
    static int[] pool(PoolNd p, int[] in) {
        PoolSpec s = p.spec();
        int d = s.dims();
        rank(p, in, d + 2);
        int[] k = s.kernelSize();
        int[] st = s.stride();
        int[] pad = s.padding();
        int[] dil = s.dilation();
        int[] out = in.clone();
        for (int i = 0; i < d; i++) {
            int span = dil[i] * (k[i] - 1) + 1;
            int numer = in[i + 2] + 2 * pad[i] - span;
            int o = (s.ceilMode() ? Math.floorDiv(numer + st[i] - 1, st[i]) : Math.floorDiv(numer, st[i])) + 1;
            if (s.ceilMode() && (long) (o - 1) * st[i] >= in[i + 2] + pad[i]) {
                o--;
            }
            if (o < 1) {
                throw error(p, "input " + Arrays.toString(in) + " is smaller than the window " + Arrays.toString(k));
            }
            out[i + 2] = o;
        }
        return out;
    }

    private static Inferred linear(Module m, int[] in) {
        Tensor w = m.namedParameters().get("weight");
        if (w == null || w.dim() != 2) {
            return null;
        }
        int outF = w.size(0);
        int inF = w.size(1);
        if (in[in.length - 1] != inF) {
            throw error(m, "expected " + inF + " input features, got shape " + Arrays.toString(in));
        }
        int[] out = in.clone();
        out[out.length - 1] = outF;
        return new Inferred(out, numel(out) / outF * (long) inF * outF, false);
    }

    private static void rank(Module m, int[] in, int rank) {
        if (in.length != rank) {
            throw error(m, "expected a " + rank + "-D input, got shape " + Arrays.toString(in));
        }
    }

    static IllegalArgumentException error(Module m, String message) {
        return new IllegalArgumentException("summary: " + m.label() + ": " + message);
    }

    static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
