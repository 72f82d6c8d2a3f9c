package dev.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fovea.autograd.F;
import dev.fovea.autograd.GradMode;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequential rectifies a convolution's or linear layer's output in place when a ReLU follows ({@link
 * F#reluInPlace}): outputs and every gradient must be bit-identical to running the layers one by one, and tensors
 * that backward reads (leaves, other ops' outputs) must never be overwritten.
 */
class SequentialReluFusionTest {

    private static Sequential net(Rng rng) {
        Sequential s = new Sequential();
        s.add("conv", new Conv2d(ConvSpec.of(2, 2, 3, 3).withPadding(1), rng));
        s.add("relu1", new ReLU());
        s.add("pool", new MaxPool2d(2));
        s.add("flatten", new Flatten());
        s.add("fc", new Linear(new Linear.Options(3 * 3 * 3, 5, true), rng));
        s.add("relu2", new ReLU());
        s.add("out", new Linear(new Linear.Options(5, 4, true), rng));
        s.add("relu3", new ReLU()); // the last layer: a ReLU with nothing after it
        return s;
    }

    /** The same layers called one by one, each ReLU out of place. */
    private static Tensor unfused(Sequential s, Tensor x) {
        for (Module m : s.children()) {
            x = m instanceof ReLU ? F.relu(x) : m.forward(x);
        }
        return x;
    }

    @Test
    void fusedForwardAndBackwardEqualTheLayersOneByOne() {
        Sequential a = net(new Rng(5));
        Sequential b = net(new Rng(5));
        Rng rng = new Rng(6);
        Tensor x0 = Tensor.randn(rng, 3, 2, 6, 6);
        Tensor dy = Tensor.randn(rng, 3, 4);
        Tensor xa = x0.copy().requiresGrad(true);
        Tensor xb = x0.copy().requiresGrad(true);
        Tensor ya = a.forward(xa);
        Tensor yb = unfused(b, xb);
        assertArrayEquals(yb.toArray(), ya.toArray(), 0f, "output");
        ya.backward(dy);
        yb.backward(dy);
        assertArrayEquals(xb.grad().toArray(), xa.grad().toArray(), 0f, "dInput");
        List<Tensor> pa = a.parameters();
        List<Tensor> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pb.get(i).grad().toArray(), pa.get(i).grad().toArray(), 0f, "gradient " + i);
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertArrayEquals(unfused(b, x0).toArray(), a.forward(x0).toArray(), 0f, "no-grad output");
        }
        assertArrayEquals(x0.toArray(), xa.detach().toArray(), 0f, "the input is left alone");
    }

    @Test
    void reluInPlaceNeverOverwritesWhatBackwardReads() {
        Rng rng = new Rng(7);
        // a leaf that wants a gradient
        Tensor leaf = Tensor.randn(rng, 4, 5).requiresGrad(true);
        float[] before = leaf.toArray();
        Tensor y = F.reluInPlace(leaf);
        assertNotSame(leaf.storage(), y.storage());
        assertArrayEquals(before, leaf.toArray(), 0f);
        // the output of an op that keeps its output for backward (sigmoid)
        Tensor s = F.sigmoid(Tensor.randn(rng, 4, 5).requiresGrad(true));
        assertNotSame(s.storage(), F.reluInPlace(s).storage());
        // a view into a bigger buffer
        Tensor big = Tensor.randn(rng, 6, 5);
        Tensor view = big.narrow(0, 1, 2);
        float[] bigBefore = big.toArray();
        F.reluInPlace(view);
        assertArrayEquals(bigBefore, big.toArray(), 0f);
        // a linear layer's fresh output is rectified where it lies
        Tensor lin = F.linear(Tensor.randn(rng, 3, 5), Tensor.randn(rng, 4, 5).requiresGrad(true), null);
        assertSame(lin.storage(), F.reluInPlace(lin).storage());
    }
}
