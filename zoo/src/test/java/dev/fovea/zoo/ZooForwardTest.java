package dev.fovea.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.autograd.GradMode;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.LayerRow;
import dev.fovea.zoo.summary.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model in the zoo: a real forward (eval mode, no graph) gives the expected output shape, and the summary's
 * shape inference agrees with it, for the model and (where the model costs under 0.4 G multiply-adds) for every
 * row: each module run alone on the row's input shape gives the row's output shape. Inputs are the models' real sizes except where a full-size forward would take
 * seconds on two cores; those run smaller or thinner, as each case says. The summary test covers the full-size
 * numbers by shape inference.
 */
class ZooForwardTest {
    private static final ModelConfig IN = ModelConfig.imagenet();

    record Case(String name, ModelConfig config, int[] input, int[] output, String why) {}

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("mlp", ModelConfig.mnist(), s(1, 28, 28), s(10), "real size"));
        c.add(new Case("lenet5", ModelConfig.mnist().withBatchNorm(false), s(1, 28, 28), s(10), "real size (MNIST)"));
        c.add(new Case("lenet5-relu", ModelConfig.mnist().withInput(1, 32), s(1, 32, 32), s(10), "paper's 32×32, with batch norm"));
        c.add(new Case("alexnet", IN.withBatchNorm(false), s(3, 224, 224), s(1000), "real size"));
        c.add(new Case("alexnet-paper", IN.withInput(3, 227), s(3, 227, 227), s(1000), "real size, with batch norm"));
        c.add(new Case("zfnet", IN.withBatchNorm(false), s(3, 224, 224), s(1000), "real size"));
        for (String v : List.of("vgg11", "vgg11-lrn", "vgg13", "vgg13-c", "vgg16", "vgg19")) {
            for (String suffix : List.of("", "_bn")) {
                c.add(new Case(v + suffix, IN.withBatchNorm(!suffix.isEmpty()).withWidth(0.25), s(3, 32, 32),
                        s(1000), "32×32 and a quarter of the width: 15 G multiply-adds at full size"));
            }
        }
        c.add(new Case("googlenet", IN, s(3, 224, 224), s(1000), "real size"));
        c.add(new Case("googlenet-paper", IN.withBatchNorm(false), s(3, 96, 96), s(1000), "96×96 for time"));
        c.add(new Case("resnet18", IN, s(3, 224, 224), s(1000), "real size"));
        c.add(new Case("resnet34", IN, s(3, 112, 112), s(1000), "112×112 for time"));
        for (String r : List.of("resnet50", "resnet101", "resnet152")) {
            c.add(new Case(r, IN, s(3, 64, 64), s(1000), "64×64: 4-11 G multiply-adds at full size"));
        }
        for (int d : new int[] {20, 32, 44, 56, 110}) {
            c.add(new Case("resnet" + d, ModelConfig.cifar10(), s(3, 32, 32), s(10), "real size"));
            c.add(new Case("resnet" + d + "-b", ModelConfig.cifar10(), s(3, 32, 32), s(10), "real size"));
        }
        c.add(new Case("densenet121", IN, s(3, 64, 64), s(1000), "64×64 for time"));
        c.add(new Case("densenet169", IN, s(3, 64, 64), s(1000), "64×64 for time"));
        c.add(new Case("mobilenet_v1", IN, s(3, 224, 224), s(1000), "real size"));
        c.add(new Case("mobilenet_v1", IN.withWidth(0.25), s(3, 128, 128), s(1000), "0.25 MobileNet-128"));
        for (int g : new int[] {1, 2, 3, 4, 8}) {
            c.add(new Case("shufflenet_v1_g" + g, IN, s(3, 224, 224), s(1000), "real size"));
        }
        c.add(new Case("shufflenet_v1_g8", IN.withWidth(0.5), s(3, 64, 64), s(1000), "0.5× width"));
        // Thin copies of the models too costly for the per-row check above, so that every row kind is checked
        // (ceil-mode pooling in GoogLeNet, bottlenecks, dense blocks).
        c.add(new Case("googlenet", IN.withWidth(0.25), s(3, 64, 64), s(1000), "row check, quarter width"));
        c.add(new Case("googlenet-paper", IN.withBatchNorm(false).withWidth(0.25), s(3, 80, 80), s(1000),
                "row check, quarter width"));
        c.add(new Case("resnet50", IN.withWidth(0.25), s(3, 64, 64), s(1000), "row check, quarter width"));
        c.add(new Case("densenet121", IN.withWidth(0.5), s(3, 64, 64), s(1000), "row check, half width"));
        c.add(new Case("unet", new ModelConfig(2, 1, 572, false, 1.0 / 16), s(1, 572, 572), s(2, 388, 388),
                "the paper's 572×572 at 1/16 of the width: 150 G multiply-adds at full width"));
        c.add(new Case("unet-padded", new ModelConfig(3, 3, 64, true, 0.125), s(3, 64, 64), s(3, 64, 64),
                "64×64 at 1/8 of the width"));
        return c;
    }

    static Stream<Arguments> caseArguments() {
        return cases().stream().map(c -> Arguments.of(c.name() + " " + Arrays.toString(c.input()), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseArguments")
    void forwardShapeAgreesWithTheSummary(String label, Case c) {
        Module m = Models.create(c.name(), c.config());
        m.eval();
        int batch = 2;
        int[] in = new int[c.input().length + 1];
        in[0] = batch;
        System.arraycopy(c.input(), 0, in, 1, c.input().length);
        int[] expected = new int[c.output().length + 1];
        expected[0] = batch;
        System.arraycopy(c.output(), 0, expected, 1, c.output().length);
        Tensor y;
        try (var scope = GradMode.noGrad()) {
            y = m.forward(Tensor.randn(new Rng(1), in));
        }
        assertArrayEquals(expected, y.shape(), c.name() + " (" + c.why() + ")");
        Summary s = Summary.ofBatch(m, batch, c.input());
        assertArrayEquals(y.shape(), s.outputShape(), "summary of " + c.name());
        assertEquals(m.parameterCount(), s.params());
        for (float v : y.toArray()) {
            assertTrue(Float.isFinite(v), c.name() + " gave a non-finite output");
        }
        if (s.macs() < ROW_CHECK_MACS) {
            everyRowAgreesWithItsModule(m, s);
        }
    }

    /** Row checks cost a forward per nesting level: done where the whole model is cheap (most cases). */
    private static final long ROW_CHECK_MACS = 400_000_000L;

    /** Every row's module, run on zeros of the row's input shape, gives the row's output shape. */
    private static void everyRowAgreesWithItsModule(Module model, Summary s) {
        var modules = model.namedModules();
        try (var scope = GradMode.noGrad()) {
            for (LayerRow r : s.rows()) {
                Module m = modules.get(r.name());
                int[] out = m.forward(Tensor.zeros(r.inputShape())).shape();
                assertArrayEquals(out, r.outputShape(), r.name() + " (" + r.type() + ") of " + s.model());
            }
        }
    }

    /** torchvision's googlenet(aux_logits=True) has 13,004,888; our branch3 5×5 kernels add 380,928. */
    @Test
    void googLeNetAuxiliaryClassifiers() {
        GoogLeNet g = new GoogLeNet(IN, true);
        assertEquals(13_004_888 + 380_928, g.parameterCount());
        assertTrue(g.namedParameters().containsKey("aux2.fc2.weight"));
        g.eval();
        try (var scope = GradMode.noGrad()) {
            GoogLeNet.Outputs out = g.forwardWithAux(Tensor.randn(new Rng(3), 2, 3, 96, 96));
            assertArrayEquals(new int[] {2, 1000}, out.logits().shape());
            assertArrayEquals(new int[] {2, 1000}, out.aux1().shape());
            assertArrayEquals(new int[] {2, 1000}, out.aux2().shape());
        }
        assertThrows(IllegalStateException.class, () -> new GoogLeNet(IN.withWidth(0.25))
                .forwardWithAux(Tensor.zeros(1, 3, 64, 64)));
    }

    @Test
    void everyRegisteredModelHasAForwardCase() {
        Set<String> covered = new HashSet<>();
        cases().forEach(c -> covered.add(c.name()));
        assertEquals(new HashSet<>(Models.names()), covered);
    }

    private static int[] s(int... v) {
        return v;
    }
}
