package dev.fovea.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.autograd.F;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Flatten;
import dev.fovea.nn.Linear;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.ReLU;
import dev.fovea.nn.Sequential;
import dev.fovea.optim.SGD;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The Java example of README.md, kept compiling and working: a LeNet-5 fits a fixed batch. */
class ReadmeExampleTest {
    @Test
    void readmeExampleTrains() {
        // --- README example starts
        Rng rng = new Rng(42);
        Module model = new Sequential(
                new Conv2d(1, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(),
                new Linear(84, 10));
        SGD optimizer = new SGD(model.parameters(), SGD.Options.of(0.05).withMomentum(0.9));

        Tensor images = Tensor.randn(rng, 32, 1, 28, 28);      // a batch, NCHW
        int[] labels = new int[32];                            // class index per image
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        float first = 0;
        for (int step = 0; step < 30; step++) {
            Tensor loss = F.crossEntropy(model.forward(images), labels);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            if (step == 0) {
                first = loss.item();
            }
        }
        // --- README example ends
        float last = F.crossEntropy(model.forward(images), labels).item();
        assertTrue(last < 0.85f * first, "loss should fall on a fixed batch: " + first + " -> " + last);
    }
}
