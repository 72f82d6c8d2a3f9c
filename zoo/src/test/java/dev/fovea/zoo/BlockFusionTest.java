package dev.fovea.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.autograd.GradMode;
import dev.fovea.nn.Module;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * ResNet blocks in eval mode: without autograd they run folded, fused convolutions (Fusion), with autograd the
 * separate layers; both must give the same outputs (up to the rounding of folding batch norm into the weights).
 */
class BlockFusionTest {

    private static void check(Module block, int channels, int size) {
        Rng rng = new Rng(21);
        block.train(true);
        for (int i = 0; i < 3; i++) {
            // training forwards give the batch norms running statistics away from their 0/1 start
            try (var s = GradMode.noGrad()) {
                block.forward(Tensor.randn(rng, 4, channels, size, size).mul(2f).add(0.5f));
            }
        }
        block.eval();
        Tensor x = Tensor.randn(rng, 2, channels, size, size);
        Tensor fused;
        try (var s = GradMode.noGrad()) {
            fused = block.forward(x);
        }
        Tensor layers = block.forward(x.copy().requiresGrad(true));
        float[] a = fused.toArray();
        float[] b = layers.toArray();
        assertEquals(b.length, a.length);
        double maxErr = 0;
        double scale = 1e-3;
        for (int i = 0; i < a.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        assertEquals(0, maxErr / scale, 1e-5, block.getClass().getSimpleName() + ": fused vs separate layers");
    }

    @Test
    void bottleneckWithAndWithoutProjection() {
        check(new Bottleneck(16, 4, 1, true), 16, 9);
        check(new Bottleneck(8, 4, 2, true), 8, 10);
    }

    @Test
    void basicBlockWithProjection() {
        check(new BasicBlock(8, 16, 2, true), 8, 10);
    }
}
