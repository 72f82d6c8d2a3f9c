package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;
import dev.fovea.tensor.Rng;

/**
 * Transposed 2-D convolution (PyTorch's {@code nn.ConvTranspose2d}), the learned upsampling of decoders and GANs.
 * Weight is [in, out/groups, kH, kW]; the output size per dimension is
 * {@code (S - 1)*stride - 2*padding + dilation*(K - 1) + output_padding + 1}.
 */
public final class ConvTranspose2d extends Module {
    /** Validated hyperparameters; a single value applies to both spatial dimensions. */
    public record Options(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
            int[] outputPadding, int[] dilation, int groups, boolean bias) {
        public Options {
            String n = "ConvTranspose2d";
            Spec.positive(n, "in_channels", inChannels);
            Spec.positive(n, "out_channels", outChannels);
            kernelSize = Spec.expand(n, "kernel_size", kernelSize, 2, 1);
            stride = Spec.expand(n, "stride", stride, 2, 1);
            padding = Spec.expand(n, "padding", padding, 2, 0);
            outputPadding = Spec.expand(n, "output_padding", outputPadding, 2, 0);
            dilation = Spec.expand(n, "dilation", dilation, 2, 1);
            for (int i = 0; i < 2; i++) {
                if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                    throw new IllegalArgumentException(n + ": output_padding " + Arrays.toString(outputPadding)
                            + " must be smaller than stride " + Arrays.toString(stride) + " or dilation "
                            + Arrays.toString(dilation));
                }
            }
            if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
                throw new IllegalArgumentException(n + ": groups=" + groups + " must divide in_channels="
                        + inChannels + " and out_channels=" + outChannels);
            }
        }

        public static Options of(int inChannels, int outChannels, int kernelSize) {
            return new Options(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0},
                    new int[] {0}, new int[] {1}, 1, true);
        }

        public Options withStride(int... s) {
            return new Options(inChannels, outChannels, kernelSize, s, padding, outputPadding, dilation, groups, bias);
        }

        public Options withPadding(int... p) {
            return new Options(inChannels, outChannels, kernelSize, stride, p, outputPadding, dilation, groups, bias);
        }

        public Options withOutputPadding(int... p) {
            return new Options(inChannels, outChannels, kernelSize, stride, padding, p, dilation, groups, bias);
        }

        public Options withDilation(int... d) {
            return new Options(inChannels, outChannels, kernelSize, stride, padding, outputPadding, d, groups, bias);
        }

        public Options withGroups(int g) {
            return new Options(inChannels, outChannels, kernelSize, stride, padding, outputPadding, dilation, g, bias);
        }

        public Options withBias(boolean b) {
            return new Options(inChannels, outChannels, kernelSize, stride, padding, outputPadding, dilation, groups, b);
        }
    }

    public final Parameter weight;
    public final Parameter bias;
    private final Options options;

    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(Options.of(inChannels, outChannels, kernelSize).withStride(stride).withPadding(padding));
    }

    public ConvTranspose2d(Options options) {
        this(options, Init.defaultGenerator());
    }

    public ConvTranspose2d(Options options, Rng rng) {
        this.options = options;
        int[] k = options.kernelSize();
        this.weight = registerParameter("weight",
                Parameter.zeros(options.inChannels(), options.outChannels() / options.groups(), k[0], k[1]));
        this.bias = registerParameter("bias", options.bias() ? Parameter.zeros(options.outChannels()) : null);
        resetOwnParameters(rng);
    }

    public Options options() {
        return options;
    }

    @Override
    protected void resetOwnParameters(Rng rng) {
        Init.defaultWeight(weight.tensor(), rng);
        if (bias != null) {
            Init.defaultBias(bias.tensor(), weight.shape(), rng);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        expectRank(input, 4, "[N, C, H, W]");
        expectSize(input, 1, options.inChannels(), "input channels");
        return ConvNd.guard(this, () -> F.convTranspose2d(input, weight.tensor(), bias == null ? null
                : bias.tensor(), options.stride(), options.padding(), options.outputPadding(), options.dilation(),
                options.groups()));
    }

    @Override
    protected String extraRepr() {
        return options.inChannels() + ", " + options.outChannels() + ", kernel_size="
                + Arrays.toString(options.kernelSize()) + ", stride=" + Arrays.toString(options.stride())
                + ", padding=" + Arrays.toString(options.padding());
    }
}
