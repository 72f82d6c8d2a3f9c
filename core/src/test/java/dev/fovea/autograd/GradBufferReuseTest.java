package dev.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The backward sweep recycles dead gradient buffers (GradBuffers): two residual blocks with activation-sized
 * tensors (large enough to be recycled, all of one size so every buffer gets reused) must give exactly the
 * gradients of a hand-written backward on the kernels, which allocates everything fresh.
 */
class GradBufferReuseTest {
    private static final int N = 2;
    private static final int C = 4;
    private static final int HW = 24;

    private static final ConvGeometry G = new ConvGeometry(N, C, C, 1, new int[] {HW, HW}, new int[] {3, 3},
            new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});

    private static Tensor block(Tensor x, Tensor w) {
        Tensor z = F.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        return F.add(F.relu(z), x);
    }

    @Test
    void recycledBuffersGiveTheSameGradientsAsFreshOnes() {
        Rng rng = new Rng(7);
        Tensor x = Tensor.randn(rng, N, C, HW, HW).requiresGrad(true);
        Tensor w = Tensor.randn(rng, C, C, 3, 3).mul(0.3f).requiresGrad(true);
        Tensor r = Tensor.randn(rng, N, C, HW, HW);
        for (int pass = 0; pass < 2; pass++) {
            x.zeroGrad();
            w.zeroGrad();
            F.sum(F.mul(block(block(x, w), w), r)).backward();
            float[][] ref = reference(x.toArray(), w.toArray(), r.toArray());
            assertClose(ref[0], x.grad().toArray(), "dx pass " + pass);
            assertClose(ref[1], w.grad().toArray(), "dw pass " + pass);
            assertNotSame(x.grad().storage(), w.grad().storage());
        }
    }

    @Test
    void buffersKeptBetweenSweepsNeverOverwriteGradientsFromEarlierOnes() {
        Rng rng = new Rng(8);
        Tensor w = Tensor.randn(rng, C, C, 3, 3).mul(0.3f).requiresGrad(true);
        Tensor r = Tensor.randn(rng, N, C, HW, HW);
        Tensor a = Tensor.randn(rng, N, C, HW, HW).requiresGrad(true);
        F.sum(F.mul(block(block(a, w), w), r)).backward();
        float[] kept = a.grad().toArray();
        // a second sweep of the same sizes takes its buffers from the first one's dead gradients
        Tensor b = Tensor.randn(rng, N, C, HW, HW).requiresGrad(true);
        F.sum(F.mul(block(block(b, w), w), r.mul(-2f))).backward();
        assertClose(kept, a.grad().toArray(), "a.grad after a later sweep");
        assertNotSame(a.grad().storage(), b.grad().storage());
        float[][] ref = reference(b.toArray(), w.detach().toArray(), r.mul(-2f).toArray());
        assertClose(ref[0], b.grad().toArray(), "db");
    }

    /** {dx, dw} of sum(r * block(block(x))) with block(v) = relu(conv(v, w)) + v, every buffer fresh. */
    private static float[][] reference(float[] x, float[] w, float[] r) {
        Kernels k = Kernels.get();
        int len = x.length;
        float[] z1 = new float[len];
        k.convForward(G, x, w, null, z1);
        float[] o1 = new float[len];
        for (int i = 0; i < len; i++) {
            o1[i] = Math.max(z1[i], 0f) + x[i];
        }
        float[] z2 = new float[len];
        k.convForward(G, o1, w, null, z2);
        float[] gz2 = new float[len];
        for (int i = 0; i < len; i++) {
            gz2[i] = z2[i] > 0 ? r[i] : 0f;
        }
        float[] go1 = new float[len];
        k.convBackwardData(G, gz2, w, go1);
        for (int i = 0; i < len; i++) {
            go1[i] += r[i];
        }
        float[] dw = new float[w.length];
        k.convBackwardWeight(G, o1, gz2, dw, null);
        float[] gz1 = new float[len];
        for (int i = 0; i < len; i++) {
            gz1[i] = z1[i] > 0 ? go1[i] : 0f;
        }
        float[] dx = new float[len];
        k.convBackwardData(G, gz1, w, dx);
        for (int i = 0; i < len; i++) {
            dx[i] += go1[i];
        }
        float[] dw1 = new float[w.length];
        k.convBackwardWeight(G, x, gz1, dw1, null);
        for (int i = 0; i < w.length; i++) {
            dw[i] += dw1[i];
        }
        return new float[][] {dx, dw};
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            // same kernels, same order, but autograd may sum the two gradient contributions in the other order
            assertEquals(expected[i], actual[i], 1e-4f * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }
}
