package dev.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.autograd.GradMode;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One contract, applied to every layer in {@link LayerCases}: output shape, parameter names and count, train
 * versus eval behaviour, state-dict round trip into a fresh layer, gradients reaching every parameter, and a clear
 * error on a wrong input shape. A new concrete Module class in {@code dev.fovea.nn} that is not listed fails
 * {@link #everyLayerClassIsListed()}.
 */
class LayerContractTest {

    private static Tensor input(int[] shape, long seed) {
        return Tensor.of(Tensor.randn(new Rng(seed), shape).toArray(), shape);
    }

    private static Stream<DynamicTest> each(String what, java.util.function.Consumer<LayerCases.Case> check) {
        return LayerCases.all().stream().map(c -> DynamicTest.dynamicTest(what + ": " + c.label(), () -> check.accept(c)));
    }

    @TestFactory
    Stream<DynamicTest> outputShape() {
        return each("output shape", c -> {
            Module m = c.factory().get();
            Tensor y = m.forward(input(c.inputShape(), 1));
            assertArrayEquals(c.outputShape(), y.shape(), c.label());
            m.eval();
            try (var s = GradMode.noGrad()) {
                assertArrayEquals(c.outputShape(), m.forward(input(c.inputShape(), 1)).shape(), c.label() + " eval");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> parameterNamesAndCount() {
        return each("parameters", c -> {
            Module m = c.factory().get();
            assertEquals(c.parameterNames(), List.copyOf(m.namedParameters().keySet()), c.label());
            assertEquals(c.parameterCount(), m.parameterCount(), c.label());
            for (Tensor p : m.parameters()) {
                assertTrue(p.requiresGrad() && p.gradFn() == null && p.isContiguous(), c.label());
            }
            // state dict = parameters then buffers, per module
            Set<String> keys = m.stateDict().keySet();
            assertTrue(keys.containsAll(c.parameterNames()), c.label());
            assertEquals(c.parameterNames().size() + m.namedBuffers().size(), keys.size(), c.label());
        });
    }

    @TestFactory
    Stream<DynamicTest> trainVersusEval() {
        return each("train/eval", c -> {
            Module m = c.factory().get();
            // a few training steps move running statistics away from their initial values
            for (int i = 0; i < 3; i++) {
                m.forward(input(c.inputShape(), 10 + i));
            }
            Tensor x = input(c.inputShape(), 2);
            float[] train = m.train().forward(x).toArray();
            float[] eval = m.eval().forward(x).toArray();
            assertFalse(m.isTraining());
            if (c.trainEvalDiffer()) {
                assertFalse(Arrays.equals(train, eval), c.label() + ": train and eval outputs should differ");
            } else {
                assertArrayEquals(train, eval, c.label() + ": train and eval outputs should agree");
            }
            for (Module child : m.namedModules().values()) {
                assertFalse(child.isTraining(), c.label() + ": eval() must reach every descendant");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> stateDictRoundTrip() {
        return each("state dict", c -> {
            Init.manualSeed(1);
            Module a = c.factory().get();
            for (int i = 0; i < 2; i++) {
                a.forward(input(c.inputShape(), 20 + i));
            }
            Init.manualSeed(2);
            Module b = c.factory().get();
            b.loadStateDict(a.stateDict());
            a.eval();
            b.eval();
            Tensor x = input(c.inputShape(), 3);
            assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray(), c.label());
            Map<String, Tensor> sa = a.stateDict();
            Map<String, Tensor> sb = b.stateDict();
            assertEquals(sa.keySet(), sb.keySet());
            for (String k : sa.keySet()) {
                assertArrayEquals(sa.get(k).toArray(), sb.get(k).toArray(), c.label() + " " + k);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> gradientsReachEveryParameter() {
        return each("gradients", c -> {
            Module m = c.factory().get();
            Tensor x = input(c.inputShape(), 4).requiresGrad(true);
            Tensor y = m.forward(x);
            y.backward(input(y.shape(), 5));
            assertNotNull(x.grad(), c.label() + ": input got no gradient");
            m.namedParameters().forEach((name, p) -> assertNotNull(p.grad(), c.label() + ": " + name + " got no gradient"));
            m.zeroGrad();
            m.parameters().forEach(p -> assertEquals(null, p.grad()));
            // frozen parameters get no gradient
            m.freeze();
            Tensor y2 = m.forward(input(c.inputShape(), 4).requiresGrad(true));
            y2.backward(input(y2.shape(), 5));
            m.parameters().forEach(p -> assertEquals(null, p.grad(), c.label() + ": frozen parameter got a gradient"));
        });
    }

    @TestFactory
    Stream<DynamicTest> wrongInputShapeNamesLayerExpectedAndReceived() {
        return each("wrong shape", c -> {
            if (c.badShape() == null) {
                return;
            }
            Module m = c.factory().get();
            String self = c.ownerPath().isEmpty() ? m.typeName() : c.ownerPath() + " (" + c.ownerType() + ")";
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(input(c.badShape(), 6)));
            String msg = e.getMessage();
            assertTrue(msg.startsWith(self + ": expected"), c.label() + ": " + msg);
            assertTrue(msg.contains("got"), c.label() + ": " + msg);
            assertTrue(msg.contains(c.badFragment()), c.label() + ": '" + msg + "' should mention '" + c.badFragment()
                    + "'");
            // inside a model, the error names the layer's path
            Module inner = c.factory().get();
            Sequential model = new Sequential().add("block", new Sequential().add("layer", inner));
            String nested = c.ownerPath().isEmpty() ? "block.layer (" + m.typeName() + ")"
                    : "block.layer." + c.ownerPath() + " (" + c.ownerType() + ")";
            var e2 = assertThrows(IllegalArgumentException.class, () -> model.forward(input(c.badShape(), 6)));
            assertTrue(e2.getMessage().startsWith(nested + ": expected"), e2.getMessage());
        });
    }

    /** Every concrete public Module class in dev.fovea.nn must be listed in {@link LayerCases}. */
    @Test
    void everyLayerClassIsListed() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Module.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/fovea/nn");
        Set<String> modules = new TreeSet<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.contains("$")) {
                    continue;
                }
                Class<?> cls = Class.forName("dev.fovea.nn." + file.substring(0, file.length() - 6));
                if (Module.class.isAssignableFrom(cls) && !Modifier.isAbstract(cls.getModifiers())
                        && Modifier.isPublic(cls.getModifiers())) {
                    modules.add(cls.getSimpleName());
                }
            }
        }
        assertTrue(modules.size() > 20, "found only " + modules + " in " + dir);
        Set<String> listed = new TreeSet<>();
        for (LayerCases.Case c : LayerCases.all()) {
            listed.add(c.factory().get().getClass().getSimpleName());
        }
        List<String> missing = new ArrayList<>(modules);
        missing.removeAll(listed);
        assertEquals(List.of(), missing, "layers without a contract case: add them to LayerCases");
    }
}
