package dev.fovea.zoo.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Linear;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.ReLU;
import dev.fovea.nn.Sequential;
import dev.fovea.zoo.AlexNet;
import dev.fovea.zoo.ModelConfig;
import dev.fovea.zoo.Models;
import dev.fovea.zoo.MobileNetV1;
import dev.fovea.zoo.ResNet;
import dev.fovea.zoo.ShuffleNetV1;
import dev.fovea.zoo.Vgg;
import org.junit.jupiter.api.Test;

/** The published numbers the summary must reproduce exactly (no forward pass: shape inference only). */
class SummaryTest {
    private static final ModelConfig IMAGENET = ModelConfig.imagenet();

    /**
     * CS231n's VGG-16 table ("ConvNet architectures: VGGNet"): memory per layer and weights (without biases) per
     * layer, 138M parameters. Our rows are torchvision's; the table has no avgpool row (torchvision's adaptive
     * 7×7 pool, a no-op at 224).
     */
    @Test
    void vgg16MatchesTheCs231nTable() {
        Summary s = Summary.of(Vgg.of(Vgg.Config.D, IMAGENET.withBatchNorm(false)), 3, 224, 224);
        // {name, memory (output values), weights} for every row of the course's table, in order.
        long[][] table = {
            {0, 224 * 224 * 64, 1_728}, {2, 224 * 224 * 64, 36_864}, {4, 112 * 112 * 64, 0},
            {5, 112 * 112 * 128, 73_728}, {7, 112 * 112 * 128, 147_456}, {9, 56 * 56 * 128, 0},
            {10, 56 * 56 * 256, 294_912}, {12, 56 * 56 * 256, 589_824}, {14, 56 * 56 * 256, 589_824},
            {16, 28 * 28 * 256, 0},
            {17, 28 * 28 * 512, 1_179_648}, {19, 28 * 28 * 512, 2_359_296}, {21, 28 * 28 * 512, 2_359_296},
            {23, 14 * 14 * 512, 0},
            {24, 14 * 14 * 512, 2_359_296}, {26, 14 * 14 * 512, 2_359_296}, {28, 14 * 14 * 512, 2_359_296},
            {30, 7 * 7 * 512, 0}};
        long memory = 224 * 224 * 3; // INPUT: [224x224x3] memory 150K
        for (long[] r : table) {
            LayerRow row = s.row("features." + r[0]);
            assertEquals(r[1], row.activations(), row.name());
            assertEquals(r[2], row.weights(), row.name());
            memory += row.activations();
        }
        assertEquals(3_211_264, s.row("features.0").activations()); // "3.2M"
        assertArrayEquals(new int[] {1, 64, 224, 224}, s.row("features.0").outputShape());
        long[][] fc = {{0, 4096, 102_760_448}, {3, 4096, 16_777_216}, {6, 1000, 4_096_000}};
        for (long[] r : fc) {
            LayerRow row = s.row("classifier." + r[0]);
            assertEquals(r[1], row.activations());
            assertEquals(r[2], row.weights());
            memory += row.activations();
        }
        assertEquals(138_357_544, s.params()); // "TOTAL params: 138M parameters"
        assertEquals(138_344_128, s.layers().stream().mapToLong(LayerRow::weights).sum());
        // The rows of the course's table add up to 15.2M values (61 MB); its "24M * 4 bytes ~= 93MB" total is
        // not the sum of its own rows (see the report). Our total also counts torchvision's avgpool output.
        assertEquals(15_237_608, memory);
        assertEquals(memory + 7 * 7 * 512, s.activations());
        assertEquals(15_470_264_320L, s.macs()); // 15.5 G multiply-adds, VGG's usual figure
    }

    @Test
    void alexNetPaperAndTorchvision() {
        Summary paper = Summary.of(AlexNet.paper(IMAGENET.withInput(3, 227).withBatchNorm(false)), 3, 227, 227);
        LayerRow conv1 = paper.row("features.0");
        assertArrayEquals(new int[] {1, 96, 55, 55}, conv1.outputShape());
        assertEquals(11 * 11 * 3 * 96, conv1.weights()); // 34,848: "35K weights"
        assertEquals(60_965_224, paper.params()); // "60 million parameters"
        Summary tv = Summary.of(AlexNet.torchvision(IMAGENET.withBatchNorm(false)), 3, 224, 224);
        assertArrayEquals(new int[] {1, 64, 55, 55}, tv.row("features.0").outputShape());
        assertEquals(61_100_840, tv.params());
    }

    @Test
    void torchvisionTotals() {
        assertEquals(11_689_512, Summary.of(ResNet.resnet18(IMAGENET), 3, 224, 224).params());
        Summary r50 = Summary.of(ResNet.resnet50(IMAGENET), 3, 224, 224);
        assertEquals(25_557_032, r50.params());
        assertEquals(4_089_184_256L, r50.macs()); // torchvision's "4.09 GFLOPS"
        assertEquals(11_689_512, Models.create("resnet18", IMAGENET).parameterCount());
        assertEquals(25_557_032, Models.create("resnet50", IMAGENET).parameterCount());
        assertEquals(61_100_840, Models.create("alexnet", Models.get("alexnet").defaults()).parameterCount());
        assertEquals(138_357_544, Models.create("vgg16", IMAGENET.withBatchNorm(false)).parameterCount());
        assertEquals(7_978_856, Models.create("densenet121", IMAGENET).parameterCount());
    }

    /**
     * ShuffleNet v1, Table 2 (1×, 224×224): 143, 140, 137, 133 and 137 MFLOPs for g = 1, 2, 3, 4, 8, where FLOPs
     * are multiply-adds. The paper's figures are the convolutions' multiply-adds: with the final fully connected
     * layer added they would be 143, 141, 137, 134 and 138.
     */
    @Test
    void shuffleNetComplexityTable() {
        int[] groups = {1, 2, 3, 4, 8};
        long[] paper = {143, 140, 137, 133, 137};
        long[] withFc = {143, 141, 137, 134, 138};
        for (int i = 0; i < groups.length; i++) {
            Summary s = Summary.of(new ShuffleNetV1(groups[i], IMAGENET), 3, 224, 224);
            assertEquals(paper[i], Math.round(s.convMacs() / 1e6), "g=" + groups[i]);
            assertEquals(withFc[i], Math.round(s.macs() / 1e6), "g=" + groups[i]);
        }
    }

    @Test
    void mobileNetV1MatchesThePaper() {
        Summary s = Summary.of(MobileNetV1.of(IMAGENET), 3, 224, 224);
        assertEquals(4_231_976, s.params()); // "4.2 million"
        assertEquals(568_740_352, s.macs()); // "569 million mult-adds"
        Summary half = Summary.of(MobileNetV1.of(IMAGENET.withWidth(0.5)), 3, 224, 224);
        assertEquals(149, Math.round(half.macs() / 1e6)); // Table 6: 0.50 MobileNet-224, 149M
    }

    @Test
    void rowsCountLayersAndTotalsAddUp() {
        Sequential net = new Sequential(new Conv2d(3, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new dev.fovea.nn.Flatten(), new Linear(8 * 4 * 4, 10));
        Summary s = Summary.ofBatch(net, 2, 3, 8, 8);
        assertEquals(5, s.rows().size());
        assertArrayEquals(new int[] {2, 8, 8, 8}, s.row("0").outputShape());
        assertEquals(2L * 8 * 8 * 8 * 27, s.row("0").macs());
        assertTrue(s.row("1").inPlace());
        assertArrayEquals(new int[] {2, 128}, s.row("3").outputShape()); // probed: no rule for Flatten
        assertEquals(2L * 128 * 10, s.row("4").macs());
        // input + conv + pool + flatten + linear; the ReLU works in place
        assertEquals(2L * (3 * 64 + 8 * 64 + 8 * 16 + 128 + 10), s.activations());
        assertEquals(net.parameterCount(), s.params());
        String table = s.toTable();
        assertTrue(table.contains("Total params: 1,514"), table);
        assertTrue(s.toJson().contains("\"name\":\"0\""));
    }

    @Test
    void errorsNameTheLayer() {
        Sequential net = new Sequential(new Conv2d(3, 8, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Summary.of(net, 4, 8, 8));
        assertTrue(e.getMessage().contains("0 (Conv2d): expected 3 input channels, got 4"), e.getMessage());
        var tiny = assertThrows(IllegalArgumentException.class, () -> Summary.of(net, 3, 2, 2));
        assertTrue(tiny.getMessage().contains("smaller than the kernel"), tiny.getMessage());
        Module custom = new Module() {
            {
                registerModule("inner", new Conv2d(3, 3, 1));
            }

            @Override
            public dev.fovea.tensor.Tensor forward(dev.fovea.tensor.Tensor x) {
                return x;
            }
        };
        var c = assertThrows(IllegalArgumentException.class, () -> Summary.of(custom, 3, 4, 4));
        assertTrue(c.getMessage().contains("Traceable"), c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Summary.of(net));
    }
}
