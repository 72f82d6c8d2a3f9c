package dev.fovea.autograd;

import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.PoolGeometry;
import dev.fovea.tensor.GradBuffers;
import dev.fovea.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Max or average pooling over 1, 2 or 3 spatial dimensions, on the pooling kernels. Max pooling keeps the argmax
 * offsets for backward; average pooling needs only the geometry.
 */
final class PoolOp extends Op {
    private final Tensor input;
    private final PoolGeometry geometry;
    private final int[] indices;
    private final boolean countIncludePad;

    private PoolOp(String name, Tensor input, PoolGeometry geometry, int[] indices, boolean countIncludePad) {
        super(name, input);
        this.input = input;
        this.geometry = geometry;
        this.indices = indices;
        this.countIncludePad = countIncludePad;
    }

    static Tensor maxPool(String name, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        PoolGeometry g = geometry(name, x, kernel, stride, padding, dilation, ceilMode);
        // every output is some window's maximum: a recycled buffer serves
        float[] out = GradBuffers.activation(x.size(0) * x.size(1) * g.outSpatial());
        // without a graph no backward needs the argmax, and the kernel can skip it
        int[] idx = recording(x) ? Indices.take(out.length) : null;
        Kernels.get().maxPoolForward(g, x.data(), out, idx);
        Tensor y = new Tensor(out, ConvOp.shape(x.size(0), x.size(1), g.outSize()));
        return recording(x) ? record(y, new PoolOp(name, x, g, idx, false)) : y;
    }

    static Tensor avgPool(String name, Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        int[] one = new int[kernel.length];
        Arrays.fill(one, 1);
        PoolGeometry g = geometry(name, x, kernel, stride, padding, one, ceilMode);
        float[] out = GradBuffers.activation(x.size(0) * x.size(1) * g.outSpatial());
        Kernels.get().avgPoolForward(g, countIncludePad, x.data(), out);
        Tensor y = new Tensor(out, ConvOp.shape(x.size(0), x.size(1), g.outSize()));
        return recording(x) ? record(y, new PoolOp(name, x, g, null, countIncludePad)) : y;
    }

    private static PoolGeometry geometry(String name, Tensor x, int[] kernel, int[] stride, int[] padding,
            int[] dilation, boolean ceilMode) {
        int d = kernel.length;
        if (x.dim() != d + 2) {
            throw new IllegalArgumentException(name + ": expected a " + (d + 2) + "-D input " + ConvOp.layout(d)
                    + ", got shape " + Arrays.toString(x.shape()));
        }
        try {
            return new PoolGeometry(x.size(0), x.size(1), Arrays.copyOfRange(x.shape(), 2, d + 2), kernel, stride,
                    padding, dilation, ceilMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage().replaceFirst("^pool: ", ""), e);
        }
    }

    @Override
    public void backward(Tensor dOut) {
        if (!wants(input)) {
            return;
        }
        // the kernels overwrite all of dInput, so a recycled buffer serves (no fresh, zeroed 1.2 MB for LeNet-5's
        // first pool every step)
        float[] dx = GradBuffers.empty(input.numel());
        if (indices != null) {
            Kernels.get().maxPoolBackward(geometry, dOut.data(), indices, dx);
            // the graph is one-shot: nothing reads the argmax again
            Indices.give(indices);
        } else {
            Kernels.get().avgPoolBackward(geometry, countIncludePad, dOut.data(), dx);
        }
        send(input, new Tensor(dx, input.shape()));
    }

    /**
     * Argmax buffers recycled per thread once backward has used them: the kernels overwrite every entry, and a
     * fresh array costs an allocation and a zeroing pass per step (LeNet-5: 400 KB a step, about a seventh of what
     * a step allocated, and with it of the young collections). Only buffers up to 4 MB, at most 16 MB per thread.
     */
    private static final class Indices {
        private static final int MAX_INTS = 1 << 20;
        private static final int MAX_KEPT = 4;
        private static final ThreadLocal<ArrayDeque<int[]>> FREE = ThreadLocal.withInitial(ArrayDeque::new);

        static int[] take(int n) {
            if (n <= MAX_INTS) {
                for (Iterator<int[]> it = FREE.get().iterator(); it.hasNext(); ) {
                    int[] b = it.next();
                    if (b.length == n) {
                        it.remove();
                        return b;
                    }
                }
            }
            return new int[n];
        }

        static void give(int[] b) {
            ArrayDeque<int[]> free = FREE.get();
            if (b.length <= MAX_INTS && free.size() < MAX_KEPT) {
                free.addLast(b);
            }
        }
    }
}
