package userland;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.fovea.autograd.F;
import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.ConvSpec;
import dev.fovea.nn.Flatten;
import dev.fovea.nn.Linear;
import dev.fovea.nn.Module;
import dev.fovea.nn.ReLU;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Sequential lets backward recycle the memory of intermediates between Fovea's own layers (Scratch), never of
 * those next to a user's module, which may keep them: here, in a package of its own as user code is, a module that
 * remembers its last output must still see it intact after later training steps reused the pool.
 */
class SequentialScratchTest {
    /** A user layer that keeps its output, as code looking at activations would. */
    static final class Keeper extends Module {
        Tensor last;

        @Override
        public Tensor forward(Tensor x) {
            last = F.relu(x);
            return last;
        }
    }

    private static Conv2d conv(int in, int out, Rng rng) {
        return new Conv2d(ConvSpec.of(2, in, out, 3).withPadding(1), rng);
    }

    private static void trainSteps(Sequential net, Keeper keeper, Rng rng) {
        Tensor x = Tensor.randn(rng, 2, 3, 24, 24);
        Tensor r = Tensor.randn(rng, 2, 8, 24, 24);
        F.sum(F.mul(net.forward(x), r)).backward();
        float[] kept = keeper.last.toArray();
        Tensor firstLast = keeper.last;
        for (int step = 0; step < 3; step++) {
            F.sum(F.mul(net.forward(Tensor.randn(rng, 2, 3, 24, 24)), r)).backward();
            assertArrayEquals(kept, firstLast.toArray(), 0f, "the user's kept activation after step " + step);
        }
    }

    @Test
    void aUserModulesOutputIsNeverRecycled() {
        Rng rng = new Rng(11);
        Keeper keeper = new Keeper();
        Sequential net = new Sequential(conv(3, 8, rng), new BatchNorm2d(8), keeper, conv(8, 8, rng),
                new BatchNorm2d(8), conv(8, 8, rng));
        trainSteps(net, keeper, rng);
    }

    @Test
    void aViewOfTheInputIsNeverRecycled() {
        // saliency-style: the input itself requires a gradient, and Flatten passes on a view of it
        Rng rng = new Rng(13);
        Sequential net = new Sequential(new Flatten(), new Linear(3 * 24 * 24, 10), new ReLU(), new Linear(10, 4));
        Tensor x = Tensor.randn(rng, 4, 3, 24, 24).requiresGrad(true);
        float[] before = x.toArray();
        F.sum(net.forward(x)).backward();
        for (int i = 0; i < 4; i++) {
            assertNotSame(x.storage(), GradBuffers.activation(x.numel()), "the caller's input went to the pool");
        }
        assertArrayEquals(before, x.toArray(), 0f, "the caller's input");
    }

    @Test
    void norInsideAFoveaContainer() {
        Rng rng = new Rng(12);
        Keeper keeper = new Keeper();
        Sequential net = new Sequential(new Sequential(conv(3, 8, rng), keeper), conv(8, 8, rng),
                new BatchNorm2d(8), conv(8, 8, rng));
        trainSteps(net, keeper, rng);
    }
}
