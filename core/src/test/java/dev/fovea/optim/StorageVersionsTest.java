package dev.fovea.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.nn.Conv2d;
import dev.fovea.nn.Init;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every way of writing into a storage in place moves its version on; reading never does. */
class StorageVersionsTest {

    private static void bumps(Tensor t, Consumer<Tensor> write, String what) {
        long before = t.version();
        write.accept(t);
        assertTrue(t.version() > before, what + " must bump the version");
    }

    @Test
    void inPlaceOpsBumpAndViewsShareTheCounter() {
        Tensor t = Tensor.ones(2, 3);
        bumps(t, x -> x.addInPlace(Tensor.ones(2, 3)), "addInPlace");
        bumps(t, x -> x.mulInPlace(2f), "mulInPlace");
        bumps(t, x -> x.clampInPlace(0f, 1f), "clampInPlace");
        bumps(t, Tensor::sqrtInPlace, "sqrtInPlace");
        bumps(t, x -> x.fillInPlace(3f), "fillInPlace");
        bumps(t, x -> x.copyFrom(Tensor.zeros(2, 3)), "copyFrom");
        bumps(t, x -> x.set(5f, 1, 2), "set");
        // a write through a view is a write into the shared storage
        bumps(t, x -> x.transpose(0, 1).slice(0, 1, 2).fillInPlace(7f), "a view's fillInPlace");
        long v = t.version();
        t.add(1f).sum();
        t.transpose(0, 1).contiguous();
        assertEquals(v, t.version(), "out-of-place ops must leave the version alone");
        assertEquals(t.version(), t.view(6).version(), "views share one counter");
    }

    @Test
    void optimizerInitAndLoadStateDictBump() {
        Tensor p = Tensor.ones(4).requiresGrad(true);
        p.setGrad(Tensor.ones(4));
        SGD sgd = new SGD(List.of(p), SGD.Options.of(0.1));
        bumps(p, x -> sgd.step(), "an optimizer step");
        bumps(p, x -> Init.constant(x, 2f), "Init.constant");
        bumps(p, x -> Init.normal(x, 0, 1, new Rng(1)), "Init.normal");

        Conv2d conv = new Conv2d(2, 3, 3);
        Tensor w = conv.weight.tensor();
        Map<String, Tensor> state = conv.stateDict();
        Map<String, Tensor> fresh = Map.of("weight", Tensor.zeros(w.shape()), "bias", state.get("bias").copy());
        bumps(w, x -> conv.loadStateDict(fresh), "loadStateDict");
    }
}
