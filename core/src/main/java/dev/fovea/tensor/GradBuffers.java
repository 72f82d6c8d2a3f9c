package dev.fovea.tensor;

import dev.fovea.kernel.Parallel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles gradient buffers within one backward sweep. A fresh {@code float[]} costs more than a kernel pass
 * over it (the JVM zeroes it in memory that is cold in every cache), and a ResNet backward allocates one
 * activation-sized gradient per convolution and residual add. During a sweep, the output gradient a node
 * received is dead once its {@code backward} returned, unless an input adopted it (the op sent it on as is);
 * {@link Backward} hands the dead ones back here, and ops take their next gradient buffer from them: the same
 * sizes recur layer after layer, and the recycled memory is still in cache.
 *
 * <p>The free buffers outlive the sweep (one pool per thread, at most {@link #KEEP_BYTES} of them), so from the
 * second training step on, backward allocates no activation-sized gradient at all: without that, every step
 * started from an empty pool and a ResNet-20 step still allocated about 90 MB of gradients.
 *
 * <p>This relies on the {@link GradNode} contract: a node never keeps its {@code dOut} after backward returns.
 * The pool holds only dead arrays, so it serves ops outside a sweep too (a forward's outputs); with
 * {@code -Dfovea.gradReuse=false} the methods simply allocate.
 */
public final class GradBuffers {
    /** A/B switch for measurements; read once. */
    private static final boolean ENABLED = !"false".equals(System.getProperty("fovea.gradReuse"));
    /** Smaller buffers are cheap to allocate: not worth the bookkeeping. */
    private static final int MIN_FLOATS = 1 << 12;
    /** Buffers kept per size: a deep stage of one width recycles one activation per layer. */
    private static final int PER_SIZE = 32;
    /** Free buffers kept between sweeps, per thread: an eighth of the heap, at most 512 MB. */
    static final long KEEP_BYTES = Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8);
    private static final ThreadLocal<Pool> KEPT = ThreadLocal.withInitial(() -> new Pool(KEEP_BYTES));

    private GradBuffers() {}

    /**
     * A buffer of {@code n} floats with undefined contents (PyTorch's {@code empty}), for a gradient the caller
     * overwrites completely before sending it.
     */
    public static float[] empty(int n) {
        float[] b = !ENABLED || n < MIN_FLOATS ? null : KEPT.get().take(n);
        return b != null ? b : new float[n];
    }

    /**
     * A buffer of {@code n} floats with undefined contents for an op's output, which the op's kernel overwrites
     * completely: a recycled one from this thread's pool ({@link dev.fovea.autograd.Scratch}) when one is free.
     */
    public static float[] activation(int n) {
        return empty(n);
    }

    /** A buffer of {@code n} zeros (recycled and cleared when one is free). */
    public static float[] zeros(int n) {
        float[] b = !ENABLED || n < MIN_FLOATS ? null : KEPT.get().take(n);
        if (b == null) {
            return new float[n];
        }
        // a recycled activation-sized buffer: clear it on all threads (a slice's gradient starts from zeros)
        Parallel.forRange(n, 1 << 15, (from, to) -> java.util.Arrays.fill(b, from, to, 0f));
        return b;
    }

    /** A contiguous copy of {@code t} in a buffer of its own, e.g. dOut for a second input. */
    public static Tensor copyOf(Tensor t) {
        int n = t.numel();
        float[] out = empty(n);
        if (t.isContiguous() && n >= 1 << 18) {
            // a root gradient of activation size (backward(dy) on a layer's output): one thread copied 26 MB in
            // 3.9 ms, a third of a batch-norm layer's forward and backward
            float[] src = t.storage();
            int off = t.offset();
            Parallel.forRange(n, 1 << 16, (from, to) -> System.arraycopy(src, off + from, out, from, to - from));
        } else {
            t.copyInto(out);
        }
        return new Tensor(out, t.shape());
    }

    /**
     * Called after {@code node.backward(dOut)}: recycles dOut's storage unless one of the node's inputs adopted
     * it as (or as the storage of) its gradient.
     */
    static void release(Tensor dOut, GradNode node) {
        float[] buf = dOut.storage();
        if (!ENABLED || buf.length < MIN_FLOATS || buf.length != dOut.numel()) {
            return;
        }
        for (Tensor in : node.inputs()) {
            if (in != null && in.grad() != null && in.grad().storage() == buf) {
                return;
            }
        }
        KEPT.get().give(buf);
    }

    /**
     * Buffers added into a gradient that was already there ({@link Tensor#accumulateGrad}) during this thread's
     * backward sweep, null outside one. Such a buffer was handed over by the op that sent it, like one that is
     * adopted, so once added it is dead; without recycling it, every tensor read twice (a residual block's input,
     * by its convolution and its shortcut) cost one fresh activation-sized array per step: a ResNet-20 step
     * allocated about 10 of them (60 MB), each zeroed by the JVM in memory no cache holds.
     */
    private static final ThreadLocal<ArrayList<float[]>> ADDED = new ThreadLocal<>();

    /** Starts collecting added buffers for a sweep on this thread; returns the previous collector (nested sweeps). */
    static ArrayList<float[]> startSweep() {
        ArrayList<float[]> previous = ADDED.get();
        ADDED.set(new ArrayList<>());
        return previous;
    }

    static void endSweep(ArrayList<float[]> previous) {
        ADDED.set(previous);
    }

    /** {@code buf} was added into an existing gradient (called by {@link Tensor#accumulateGrad}). */
    static void added(float[] buf) {
        ArrayList<float[]> list = ADDED.get();
        if (list != null && ENABLED && buf.length >= MIN_FLOATS) {
            list.add(buf);
        }
    }

    /**
     * After a node's backward and {@link #release} of its {@code dOut}: recycles the buffers it added into other
     * gradients, except dOut's own storage (passed through to an input and added there), which release handled.
     */
    static void recycleAdded(float[] dOutStorage) {
        ArrayList<float[]> list = ADDED.get();
        if (list == null || list.isEmpty()) {
            return;
        }
        for (float[] buf : list) {
            if (buf != dOutStorage) {
                KEPT.get().give(buf);
            }
        }
        list.clear();
    }

    /** Empties this thread's pool (tests start from a known state). */
    static void clearKept() {
        KEPT.set(new Pool(KEEP_BYTES));
    }

    /**
     * Hands a dead array to this thread's pool: a marked scratch activation after its graph was swept, or at
     * inference once its last reader has run. The caller guarantees that nothing reads or writes it again.
     */
    public static void recycle(float[] buf) {
        if (ENABLED && buf.length >= MIN_FLOATS) {
            KEPT.get().give(buf);
        }
    }

    /**
     * Free buffers by size, plus all of them oldest first: when a new one would exceed the budget, the oldest go.
     * A size that is handed back more often than taken (an op that allocates its output itself, whose buffer is
     * recycled after the sweep) would otherwise fill the budget for good and lock out the sizes the next step
     * asks for (LeNet-5 with a 124 MB heap: 27 pooled outputs held the 15 MB, and every step allocated its
     * 1.2 MB first-layer gradient anew).
     */
    static final class Pool {
        private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
        private final ArrayDeque<float[]> age = new ArrayDeque<>();
        private final long keepBytes;
        private long bytes;

        Pool(long keepBytes) {
            this.keepBytes = keepBytes;
        }

        long bytes() {
            return bytes;
        }

        float[] take(int n) {
            ArrayDeque<float[]> q = free.get(n);
            float[] b = q == null ? null : q.pollLast();
            if (b != null) {
                age.removeLastOccurrence(b);
                bytes -= 4L * b.length;
                // new contents under the same identity: anything cached from the old ones (packed weights) is stale
                StorageVersions.bump(b);
            }
            return b;
        }

        void give(float[] b) {
            long size = 4L * b.length;
            if (size > keepBytes) {
                return;
            }
            ArrayDeque<float[]> q = free.computeIfAbsent(b.length, k -> new ArrayDeque<>());
            for (float[] f : q) {
                if (f == b) {
                    return; // given twice (views sharing one storage): it must be handed out only once
                }
            }
            if (q.size() >= PER_SIZE) {
                age.removeFirstOccurrence(q.pollFirst());
                bytes -= size;
            }
            while (bytes + size > keepBytes) {
                float[] old = age.pollFirst();
                free.get(old.length).removeFirstOccurrence(old);
                bytes -= 4L * old.length;
            }
            q.addLast(b);
            age.addLast(b);
            bytes += size;
        }
    }
}
