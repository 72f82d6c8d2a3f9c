package dev.fovea.data;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Turns an {@link ImageDataset} into mini-batches: seeded shuffling, augmentation, byte-to-float conversion
 * and normalisation, done on a background thread that stays {@code prefetch} batches ahead so the compute
 * cores never wait for data.
 *
 * <p>Everything random is a function of (seed, epoch): the order of epoch {@code e} and the augmentation of
 * each of its samples. {@link #epoch(int)} can therefore start at any epoch and a resumed run sees exactly
 * the batches an uninterrupted one would.
 *
 * <p>Batch storage is recycled through a small ring of buffers (no allocation per step); see {@link Batch}.
 */
public final class DataLoader {
    private final ImageDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final Transform transform;
    private final int prefetch;
    private final boolean background;
    /** Per channel: value = pixel * scale + shift. */
    private final float[] scale;
    private final float[] shift;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.transform = b.transform;
        this.prefetch = b.prefetch;
        this.background = b.background != null ? b.background
                : b.transform != null || Boolean.getBoolean("fovea.loader.background");
        Normalization norm = b.normalization != null ? b.normalization : Normalization.unit(dataset.channels());
        if (norm.channels() != dataset.channels()) {
            throw new IllegalArgumentException("DataLoader: normalization has " + norm.channels()
                    + " channels, dataset " + dataset.name() + " has " + dataset.channels());
        }
        scale = new float[norm.channels()];
        shift = new float[norm.channels()];
        for (int c = 0; c < scale.length; c++) {
            scale[c] = 1f / (255f * norm.std()[c]);
            shift[c] = -norm.mean()[c] / norm.std()[c];
        }
    }

    public static Builder builder(ImageDataset dataset) {
        return new Builder(dataset);
    }

    public ImageDataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch. */
    public int batches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Samples per epoch (after dropping an incomplete last batch if asked to). */
    public int samples() {
        return dropLast ? batches() * batchSize : dataset.size();
    }

    /** The sample order of epoch {@code epoch}. */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] p = new int[dataset.size()];
            Arrays.setAll(p, i -> i);
            return p;
        }
        return ImageDataset.permutation(dataset.size(), new SplittableRandom(mix(seed, epoch, -1)));
    }

    /** Iterates over the batches of epoch {@code epoch}; close it if you stop early (try-with-resources). */
    public Epoch epoch(int epoch) {
        return new Epoch(epoch);
    }

    /** Converts (and augments) sample {@code pos} of the epoch's order into {@code out[off ..]}. */
    private void fill(int[] order, int epoch, int pos, float[] out, int off, float[] scratch) {
        int idx = order[pos];
        byte[] px = dataset.pixels();
        int src = dataset.pixelOffset(idx);
        int c = dataset.channels();
        int plane = dataset.height() * dataset.width();
        if (transform == null) {
            for (int ch = 0; ch < c; ch++) {
                float a = scale[ch];
                float b = shift[ch];
                int s = src + ch * plane;
                int d = off + ch * plane;
                for (int p = 0; p < plane; p++) {
                    out[d + p] = (px[s + p] & 0xFF) * a + b;
                }
            }
            return;
        }
        int n = c * plane;
        for (int p = 0; p < n; p++) {
            out[off + p] = px[src + p] & 0xFF;
        }
        transform.apply(out, off, c, dataset.height(), dataset.width(), scratch,
                new SplittableRandom(mix(seed, epoch, pos)));
        for (int ch = 0; ch < c; ch++) {
            float a = scale[ch];
            float b = shift[ch];
            int d = off + ch * plane;
            for (int p = 0; p < plane; p++) {
                out[d + p] = out[d + p] * a + b;
            }
        }
    }

    /** A well-mixed 64-bit seed from (seed, epoch, position): SplitMix64's finaliser over the combination. */
    static long mix(long seed, long epoch, long pos) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + pos * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The batches of one epoch, produced ahead of time by a background thread or on demand by the caller. */
    public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
        private static final Object END = new Object();
        private final int epoch;
        private final int[] order;
        private final int total;
        private final BlockingQueue<Object> ready;
        private final BlockingQueue<float[]> free;
        private final Thread producer;
        private final int imageSize;
        private final float[] scratch;
        private int consumed;
        private float[] current;
        private float[] previous;
        private volatile boolean closed;

        private Epoch(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.total = batches();
            this.imageSize = dataset.imageSize();
            this.ready = new ArrayBlockingQueue<>(prefetch + 1);
            // ready queue + the one being filled + current + previous; on the caller's thread only the last three
            int buffers = background ? prefetch + 3 : 3;
            this.free = new ArrayBlockingQueue<>(buffers);
            for (int i = 0; i < buffers; i++) {
                free.add(new float[batchSize * imageSize]);
            }
            this.scratch = new float[imageSize];
            if (background) {
                producer = Thread.ofPlatform().daemon().name("fovea-loader-" + dataset.name()).unstarted(this::produce);
                producer.start();
            } else {
                producer = null;
            }
        }

        /**
         * Batch {@code b} of this epoch, in a buffer from the free ring (a fresh one for a short last batch), on the
         * one thread that makes this epoch's batches (so {@code scratch} is its own).
         */
        private Batch make(int b) throws InterruptedException {
            int from = b * batchSize;
            int n = Math.min(batchSize, samples() - from);
            float[] buf = n == batchSize ? free.take() : new float[n * imageSize];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                fill(order, epoch, from + i, buf, i * imageSize, scratch);
                labels[i] = dataset.label(order[from + i]);
            }
            Tensor images = new Tensor(buf, n, dataset.channels(), dataset.height(), dataset.width());
            return new Batch(images, labels, b);
        }

        private void produce() {
            try {
                for (int b = 0; b < total && !closed; b++) {
                    ready.put(make(b));
                }
                ready.put(END);
            } catch (InterruptedException e) {
                // closed early: nobody is waiting for more batches
            } catch (Throwable t) {
                ready.offer(t);
            }
        }

        @Override
        public boolean hasNext() {
            return consumed < total && !closed;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: epoch " + epoch + " has only " + total + " batches");
            }
            // the batch before the previous one is free from now on (the caller's-thread mode refills it at once)
            if (previous != null && previous.length == batchSize * imageSize) {
                free.offer(previous);
            }
            previous = null;
            Object item;
            try {
                item = producer != null ? ready.take() : make(consumed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
            }
            if (item instanceof Throwable t) {
                close();
                if (t instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("DataLoader: the loader thread failed: " + t, t);
            }
            Batch batch = (Batch) item;
            // keep the previous batch valid one more step
            previous = current;
            current = batch.images().storage();
            consumed++;
            if (consumed == total) {
                close();
            }
            return batch;
        }

        @Override
        public Iterator<Batch> iterator() {
            return this;
        }

        /** Stops the background thread, if any (idempotent). */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (producer == null) {
                return;
            }
            producer.interrupt();
            try {
                producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Settings of a {@link DataLoader}; validated on {@link #build()}. */
    public static final class Builder {
        private final ImageDataset dataset;
        private int batchSize = 64;
        private boolean shuffle = true;
        private boolean dropLast;
        private long seed;
        private Transform transform;
        private Normalization normalization;
        private int prefetch = 2;
        private Boolean background;

        private Builder(ImageDataset dataset) {
            this.dataset = dataset;
        }

        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        public Builder dropLast(boolean on) {
            this.dropLast = on;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Augmentation applied to every sample (null for none). */
        public Builder transform(Transform t) {
            this.transform = t;
            return this;
        }

        public Builder normalize(Normalization n) {
            this.normalization = n;
            return this;
        }

        /** Batches prepared ahead of the consumer (at least 1). */
        public Builder prefetch(int n) {
            this.prefetch = n;
            return this;
        }

        /**
         * Whether batches are prepared on a background thread. By default only with augmentation, whose cost is
         * worth hiding; plain conversion takes microseconds per batch and runs on the caller's thread, leaving the
         * cores to the model's parallel loops.
         */
        public Builder background(boolean on) {
            this.background = on;
            return this;
        }

        public DataLoader build() {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("DataLoader: batch size must be ≥ 1, got " + batchSize);
            }
            if (prefetch < 1) {
                throw new IllegalArgumentException("DataLoader: prefetch must be ≥ 1, got " + prefetch);
            }
            if (dataset.size() == 0 || (dropLast && dataset.size() < batchSize)) {
                throw new IllegalArgumentException("DataLoader: dataset " + dataset.name() + " has " + dataset.size()
                        + " images, too few for one batch of " + batchSize);
            }
            return new DataLoader(this);
        }
    }
}
