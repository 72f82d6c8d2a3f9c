package dev.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.autograd.F;
import dev.fovea.autograd.GradMode;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The layers composed into a small CNN (conv, batch norm, ReLU, max pool, residual block, global pooling,
 * flatten, dropout, linear) learn a synthetic task: which quadrant of a noisy 8×8 image holds a bright blob.
 * A plain SGD loop on the parameters keeps the test inside the nn layer.
 */
class TinyCnnTrainingTest {
    private static final int SIZE = 8;

    private static Tensor images(Rng rng, int[] labels) {
        int n = labels.length;
        float[] d = new float[n * SIZE * SIZE];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(4);
            int cy = (labels[i] / 2) * 4 + 1 + rng.nextInt(2);
            int cx = (labels[i] % 2) * 4 + 1 + rng.nextInt(2);
            for (int p = 0; p < SIZE * SIZE; p++) {
                d[i * SIZE * SIZE + p] = (float) (0.3 * rng.nextGaussian());
            }
            for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                    d[i * SIZE * SIZE + (cy + dy) * SIZE + cx + dx] += 1.5f;
                }
            }
        }
        return new Tensor(d, n, 1, SIZE, SIZE);
    }

    @Test
    void smallCnnLearnsWhereTheBlobIs() {
        Init.manualSeed(5);
        Sequential model = new Sequential()
                .add("conv1", new Conv2d(1, 6, 3, 1, 1))
                .add("bn1", new BatchNorm2d(6))
                .add("relu1", new ReLU())
                .add("block", new Residual(new Sequential(new Conv2d(6, 6, 3, 1, 1), new BatchNorm2d(6)), null,
                        new ReLU()))
                .add("pool", new MaxPool2d(2))
                .add("conv2", new Conv2d(6, 8, 3, 1, 1))
                .add("relu2", new ReLU())
                .add("gap", new AdaptiveAvgPool2d(2))
                .add("flatten", new Flatten())
                .add("drop", new Dropout(0.1))
                .add("fc", new Linear(32, 4));
        Rng rng = new Rng(9);
        float lr = 0.05f;
        float firstLoss = Float.NaN;
        float lastLoss = Float.NaN;
        for (int step = 0; step < 80; step++) {
            int[] labels = new int[32];
            Tensor x = images(rng, labels);
            Tensor loss = F.crossEntropy(model.forward(x), labels);
            model.zeroGrad();
            loss.backward();
            for (Tensor p : model.parameters()) {
                float[] w = p.storage();
                float[] g = p.grad().toArray();
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * g[i];
                }
            }
            if (step == 0) {
                firstLoss = loss.item();
            }
            lastLoss = loss.item();
        }
        model.eval();
        int[] labels = new int[200];
        Tensor x = images(new Rng(1234), labels);
        int correct = 0;
        try (var s = GradMode.noGrad()) {
            Tensor logits = model.forward(x);
            for (int i = 0; i < labels.length; i++) {
                int best = 0;
                for (int c = 1; c < 4; c++) {
                    if (logits.get(i, c) > logits.get(i, best)) {
                        best = c;
                    }
                }
                correct += best == labels[i] ? 1 : 0;
            }
        }
        assertTrue(lastLoss < 0.5 * firstLoss, "loss " + firstLoss + " -> " + lastLoss);
        assertTrue(correct >= 180, "eval accuracy " + correct + "/200");
    }
}
