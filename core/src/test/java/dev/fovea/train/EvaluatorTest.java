package dev.fovea.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.data.DataLoader;
import dev.fovea.data.ImageDataset;
import dev.fovea.nn.Flatten;
import dev.fovea.nn.GlobalAvgPool2d;
import dev.fovea.nn.Linear;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    /** Images whose mean brightness is their class: 0 dark, 1 bright. */
    static ImageDataset brightness() {
        int n = 40;
        byte[] px = new byte[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < 16; p++) {
                px[i * 16 + p] = (byte) (labels[i] == 1 ? 200 + (p % 3) * 10 : 20 + (p % 5) * 5);
            }
        }
        return new ImageDataset("brightness", px, labels, 1, 4, 4, List.of("dark", "bright"));
    }

    @Test
    void tenCropAgreesWithPlainEvaluationOnAShiftInvariantModel() {
        Linear fc = new Linear(new Linear.Options(1, 2, true), new Rng(1));
        // score(bright) - score(dark) grows with mean brightness, crossing zero at 0.5
        fc.loadStateDict(java.util.Map.of("weight", dev.fovea.tensor.Tensor.of(new float[] {-1, 1}, 2, 1),
                "bias", dev.fovea.tensor.Tensor.of(new float[] {0.25f, -0.25f}, 2)));
        Sequential model = new Sequential(new GlobalAvgPool2d(), new Flatten(), fc);
        DataLoader loader = DataLoader.builder(brightness()).batchSize(8).shuffle(false).build();
        Metrics plain = Evaluator.evaluate(model, loader, Losses.crossEntropy(), 2);
        assertEquals(1.0, plain.top1());
        // pad 0: all ten views are the image or its mirror, the averages are unchanged
        Metrics ten = Evaluator.evaluateTenCrop(model, loader, 0, new float[] {0}, 2);
        assertEquals(1.0, ten.top1());
        assertEquals(40, ten.count());
        assertEquals(20, ten.confusion()[1][1]);
        // pad 1 with black fill darkens the corner crops but the centre and class balance still decide
        Metrics padded = Evaluator.evaluateTenCrop(model, loader, 1, new float[] {0}, 2);
        assertEquals(40, padded.count());
        assertEquals(20, padded.confusion()[0][0]);
    }
}
