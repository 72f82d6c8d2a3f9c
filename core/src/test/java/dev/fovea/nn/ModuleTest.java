package dev.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential model() {
        Sequential features = new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4), new MaxPool2d(2));
        return new Sequential().add("features", features).add("head", new Conv2d(4, 2, 1));
    }

    @Test
    void namesFollowPyTorchStateDicts() {
        Sequential m = model();
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                "head.weight", "head.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked",
                "head.weight", "head.bias"), List.copyOf(m.stateDict().keySet()));
        assertEquals(4 * 9 + 4 + 8 + 4 * 2 + 2, m.parameterCount());
        assertEquals("features.1", ((Sequential) m.namedChildren().get("features")).get(1).path());
        assertEquals("features.1 (BatchNorm2d)", ((Sequential) m.namedChildren().get("features")).get(1).label());
        assertEquals(List.of("", "features", "features.0", "features.1", "features.2", "head"),
                List.copyOf(m.namedModules().keySet()));
    }

    @Test
    void errorNamesTheLayerInTheModel() {
        Sequential m = new Sequential().add("conv1", new Conv2d(3, 6, 5)).add("conv2", new Conv2d(6, 16, 5));
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.namedChildren().get("conv2").forward(Tensor.zeros(1, 3, 10, 10)));
        assertTrue(e.getMessage().startsWith("conv2 (Conv2d): expected 6 input channels, got 3"), e.getMessage());
    }

    @Test
    void stateDictIsACopyAndLoadsInPlace() {
        Sequential a = model();
        Sequential b = model();
        Tensor w = b.namedParameters().get("head.weight");
        Map<String, Tensor> sd = a.stateDict();
        sd.get("head.weight").set(42f, 0, 0, 0, 0);
        assertFalse(a.namedParameters().get("head.weight").get(0, 0, 0, 0) == 42f);
        b.loadStateDict(sd);
        assertSame(w, b.namedParameters().get("head.weight"), "loading must keep the parameter tensors");
        assertEquals(42f, w.get(0, 0, 0, 0));
    }

    @Test
    void loadStateDictReportsMissingUnexpectedAndMismatchedKeys() {
        Sequential m = model();
        Map<String, Tensor> sd = new LinkedHashMap<>(m.stateDict());
        sd.remove("head.bias");
        sd.put("head.extra", Tensor.zeros(1));
        sd.put("features.0.weight", Tensor.zeros(4, 1, 5, 5));
        float before = m.namedParameters().get("features.1.weight").get(0);
        sd.put("features.1.weight", Tensor.full(7f, 4));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(sd));
        String msg = e.getMessage();
        assertTrue(msg.contains("missing keys [head.bias]"), msg);
        assertTrue(msg.contains("unexpected keys [head.extra]"), msg);
        assertTrue(msg.contains("features.0.weight: expected shape [4, 1, 3, 3], got [4, 1, 5, 5]"), msg);
        assertEquals(before, m.namedParameters().get("features.1.weight").get(0), "a failed load changes nothing");
        // non-strict skips missing and unexpected keys but never a shape mismatch
        assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(sd, false));
        sd.put("features.0.weight", Tensor.zeros(4, 1, 3, 3));
        m.loadStateDict(sd, false);
        assertEquals(7f, m.namedParameters().get("features.1.weight").get(0));
    }

    @Test
    void trainEvalReachesDescendantsAndFreezeStopsGradients() {
        Sequential m = model();
        m.eval();
        m.namedModules().values().forEach(x -> assertFalse(x.isTraining()));
        m.train();
        m.namedModules().values().forEach(x -> assertTrue(x.isTraining()));
        Module features = m.namedChildren().get("features");
        features.freeze();
        assertEquals(2, m.trainableParameters().size());
        Tensor y = m.forward(Tensor.ones(2, 1, 6, 6));
        y.backward(Tensor.ones(y.shape()));
        assertNull(m.namedParameters().get("features.0.weight").grad());
        assertTrue(m.namedParameters().get("head.weight").grad() != null);
        m.zeroGrad();
        assertNull(m.namedParameters().get("head.weight").grad());
        features.unfreeze();
        assertEquals(6, m.trainableParameters().size());
    }

    @Test
    void registrationRejectsDuplicateAndDottedNames() {
        Sequential s = new Sequential().add("a", new Identity());
        assertThrows(IllegalArgumentException.class, () -> s.add("a", new Identity()));
        var e = assertThrows(IllegalArgumentException.class, () -> s.add("b.c", new Identity()));
        assertTrue(e.getMessage().contains("b.c"), e.getMessage());
    }

    @Test
    void resetParametersIsReproducibleFromASeed() {
        Sequential a = model();
        Sequential b = model();
        a.resetParameters(new dev.fovea.tensor.Rng(7));
        b.resetParameters(new dev.fovea.tensor.Rng(7));
        assertArrayEquals(a.namedParameters().get("features.0.weight").toArray(),
                b.namedParameters().get("features.0.weight").toArray());
        assertEquals("Sequential(\n  (features): Sequential(\n    (0): Conv2d(1, 4, kernel_size=[3, 3])",
                a.toString().lines().limit(3).reduce((x, y) -> x + "\n" + y).orElseThrow());
    }

    @Test
    void residualAndConcatExplainBranchMismatches() {
        Sequential net = new Sequential().add("layer1", new Residual(new Conv2d(3, 8, 3, 2, 1)));
        var e = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 3, 8, 8)));
        assertTrue(e.getMessage().startsWith("layer1 (Residual): expected the main branch and the shortcut to give the"
                + " same shape, got [1, 8, 4, 4] and [1, 3, 8, 8]; use a projection shortcut"), e.getMessage());
        Concat cat = new Concat(1, new Conv2d(3, 4, 3), new Identity());
        var e2 = assertThrows(IllegalArgumentException.class, () -> cat.forward(Tensor.zeros(1, 3, 8, 8)));
        assertTrue(e2.getMessage().startsWith("Concat: expected branch 1 to match branch 0 [1, 4, 6, 6] except in"
                + " dimension 1, got [1, 3, 8, 8]"), e2.getMessage());
    }

    @Test
    void residualAddsTheShortcutAndItsGradient() {
        Residual r = new Residual(new Identity());
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 1, 3).requiresGrad(true);
        Tensor y = r.forward(x);
        assertArrayEquals(new float[] {2, -4, 6}, y.toArray());
        y.backward(Tensor.ones(1, 3));
        assertArrayEquals(new float[] {2, 2, 2}, x.grad().toArray());
        Residual relu = new Residual(new Identity(), null, new ReLU());
        assertArrayEquals(new float[] {2, 0, 6}, relu.forward(Tensor.of(new float[] {1, -2, 3}, 1, 3)).toArray());
    }

    @Test
    void applyVisitsEveryModuleChildrenFirst() {
        Sequential m = model();
        List<String> seen = new java.util.ArrayList<>();
        m.apply(x -> seen.add(x.typeName()));
        assertEquals(List.of("Conv2d", "BatchNorm2d", "MaxPool2d", "Sequential", "Conv2d", "Sequential"), seen);
        dev.fovea.tensor.Rng rng = new dev.fovea.tensor.Rng(3);
        m.apply(x -> {
            if (x instanceof Conv2d c) {
                Init.kaimingNormal(c.weight.tensor(), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, rng);
                Init.zeros(c.bias.tensor());
            }
        });
        assertArrayEquals(new float[2], m.namedParameters().get("head.bias").toArray());
    }
}
