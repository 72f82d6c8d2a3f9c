package dev.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Hyperparameter records reject bad values with a message naming the layer, the option and the value. */
class SpecValidationTest {
    private static void rejects(String fragment, Executable e) {
        var ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "'" + ex.getMessage() + "' should contain '" + fragment + "'");
    }

    @Test
    void convSpec() {
        rejects("Conv2d: groups=3 must divide in_channels=4", () -> ConvSpec.of(2, 4, 6, 3).withGroups(3));
        rejects("Conv2d: padding='same' needs stride 1", () -> ConvSpec.of(2, 4, 6, 3).withPadding(Padding.same())
                .withStride(2));
        rejects("Conv1d: kernel_size needs 1 value, got [3, 3]", () -> ConvSpec.of(1, 4, 6, 3).withKernelSize(3, 3));
        rejects("Conv3d: stride must be >= 1, got [0]", () -> ConvSpec.of(3, 1, 1, 3).withStride(0));
        rejects("Conv2d: in_channels must be >= 1, got 0", () -> new Conv2d(0, 4, 3));
        rejects("padding: expected amounts >= 0", () -> Padding.of(-1));
        rejects("Conv2d: expected a 2-D ConvSpec", () -> new Conv2d(ConvSpec.of(1, 1, 1, 3)));
        rejects("ConvTranspose2d: output_padding [2, 2] must be smaller than stride [2, 2] or dilation [1, 1]",
                () -> ConvTranspose2d.Options.of(2, 2, 3).withStride(2).withOutputPadding(2));
    }

    @Test
    void samePaddingKeepsTheSizeEvenWithEvenKernelsAndDilation() {
        for (int k : new int[] {1, 2, 3, 4}) {
            for (int d : new int[] {1, 2}) {
                Conv2d c = new Conv2d(ConvSpec.of(2, 1, 1, k).withDilation(d).withPadding(Padding.same()));
                assertArrayEquals(new int[] {1, 1, 7, 6}, c.forward(Tensor.ones(1, 1, 7, 6)).shape(), k + "/" + d);
            }
        }
        Conv1d valid = new Conv1d(ConvSpec.of(1, 1, 1, 3).withPadding(Padding.valid()));
        assertArrayEquals(new int[] {1, 1, 5}, valid.forward(Tensor.ones(1, 1, 7)).shape());
    }

    @Test
    void poolNormAndOtherSpecs() {
        rejects("Pool2d: padding [2, 2] must be at most half the kernel size [3, 3]",
                () -> new MaxPool2d(3, 1, 2));
        rejects("BatchNorm: momentum must be in [0, 1], got 1.5", () -> BatchNormSpec.of(3).withMomentum(1.5));
        rejects("BatchNorm: eps must be positive and finite, got 0.0", () -> BatchNormSpec.of(3).withEps(0));
        rejects("GroupNorm: num_groups=3 must divide num_channels=4", () -> new GroupNorm(3, 4));
        rejects("LayerNorm: normalized_shape needs at least one dimension", () -> new LayerNorm(new int[0]));
        rejects("Dropout: p must be in [0, 1], got 1.5", () -> new Dropout(1.5));
        rejects("Dropout2d: p must be in [0, 1], got -0.1", () -> new Dropout2d(-0.1));
        rejects("Upsample: align_corners only applies to BILINEAR mode",
                () -> new Upsample(2, Upsample.Mode.NEAREST, true));
        rejects("GELU: approximate must be \"none\" or \"tanh\"", () -> new GELU("erf"));
        rejects("Linear: out_features must be >= 1, got 0", () -> new Linear(3, 0));
        rejects("PixelShuffle: upscale_factor must be >= 1, got 0", () -> new PixelShuffle(0));
    }

    @Test
    void inputTooSmallForTheKernelNamesTheLayer() {
        Sequential m = new Sequential().add("conv1", new Conv2d(1, 2, 5));
        rejects("conv1 (Conv2d): conv2d: input size [3, 3] plus padding is smaller than the dilated kernel [5, 5]",
                () -> m.forward(Tensor.zeros(1, 1, 3, 3)));
        Sequential p = new Sequential().add("pool", new MaxPool2d(4));
        rejects("pool (MaxPool2d): max_pool2d: ", () -> p.forward(Tensor.zeros(1, 1, 3, 3)));
    }

    @Test
    void normsAcceptEmptyBatchesAndUnbatchedLayerNormInput() {
        GroupNorm gn = new GroupNorm(2, 4);
        Tensor x = Tensor.zeros(2, 4, 0, 3).requiresGrad(true);
        Tensor y = gn.forward(x);
        assertArrayEquals(new int[] {2, 4, 0, 3}, y.shape());
        y.backward(Tensor.zeros(2, 4, 0, 3));
        assertArrayEquals(new float[4], gn.weight.grad().toArray());
        assertArrayEquals(new int[] {2, 4, 0, 3}, x.grad().shape());
        assertArrayEquals(new int[] {0, 4, 3, 3}, new GroupNorm(2, 4).forward(Tensor.zeros(0, 4, 3, 3)).shape());
        assertArrayEquals(new int[] {3, 4}, new LayerNorm(3, 4).forward(Tensor.ones(3, 4)).shape());
    }
}
