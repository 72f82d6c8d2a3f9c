package dev.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** 23 images of 1×2×2 whose pixels encode their index, label = index % 3. */
    static ImageDataset tiny() {
        int n = 23;
        byte[] px = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(px, i * 4, i * 4 + 4, (byte) (i * 10));
            labels[i] = i % 3;
        }
        return new ImageDataset("tiny", px, labels, 1, 2, 2, List.of("a", "b", "c"));
    }

    static List<Integer> seen(DataLoader loader, int epoch) {
        List<Integer> ids = new ArrayList<>();
        try (var e = loader.epoch(epoch)) {
            for (Batch b : e) {
                float[] d = b.images().data();
                for (int i = 0; i < b.size(); i++) {
                    int id = Math.round(d[i * 4] * 255f / 10f);
                    assertEquals(id % 3, b.labels()[i], "label travels with its image");
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    @Test
    void everySampleOnceInASeededOrderThatChangesPerEpoch() {
        DataLoader loader = DataLoader.builder(tiny()).batchSize(5).seed(7).build();
        assertEquals(5, loader.batches());
        List<Integer> e0 = seen(loader, 0);
        assertEquals(23, e0.size());
        assertEquals(23, e0.stream().distinct().count());
        assertEquals(e0, seen(DataLoader.builder(tiny()).batchSize(5).seed(7).build(), 0));
        assertTrue(!e0.equals(seen(loader, 1)), "a new order each epoch");
        assertTrue(!e0.equals(seen(DataLoader.builder(tiny()).batchSize(5).seed(8).build(), 0)));
        List<Integer> plain = seen(DataLoader.builder(tiny()).batchSize(5).shuffle(false).build(), 0);
        assertEquals(0, plain.get(0));
        assertEquals(22, plain.get(22));
    }

    @Test
    void dropLastAndNormalization() {
        DataLoader loader = DataLoader.builder(tiny()).batchSize(5).dropLast(true).shuffle(false)
                .normalize(new Normalization(new float[] {0.5f}, new float[] {0.25f})).build();
        assertEquals(4, loader.batches());
        try (var e = loader.epoch(0)) {
            Batch b = e.next();
            assertArrayEquals(new int[] {5, 1, 2, 2}, b.images().shape());
            assertEquals((10f / 255f - 0.5f) / 0.25f, b.images().get(1, 0, 1, 1), 1e-6);
            assertArrayEquals(new float[] {0, 1, 2, 0, 1}, b.labelTensor().toArray());
            assertEquals(1f, b.oneHot(3).get(2, 2));
        }
    }

    @Test
    void augmentationIsSeededPerSampleAndEpoch() {
        Transform noisy = (img, off, c, h, w, scratch, rng) -> img[off] += rng.nextInt(1000);
        DataLoader a = DataLoader.builder(tiny()).batchSize(4).seed(3).transform(noisy).build();
        DataLoader b = DataLoader.builder(tiny()).batchSize(4).seed(3).transform(noisy).build();
        assertArrayEquals(firstBatch(a, 2), firstBatch(b, 2));
        assertFalse(Arrays.equals(firstBatch(a, 2), firstBatch(a, 3)));
    }

    static float[] firstBatch(DataLoader loader, int epoch) {
        try (var e = loader.epoch(epoch)) {
            return e.next().images().toArray();
        }
    }

    @Test
    void closingEarlyStopsTheThreadAndErrorsReachTheCaller() {
        DataLoader loader = DataLoader.builder(tiny()).batchSize(1).prefetch(1).build();
        var e = loader.epoch(0);
        e.next();
        e.close();
        assertFalse(e.hasNext());
        Transform broken = (img, off, c, h, w, scratch, rng) -> {
            throw new IllegalStateException("boom");
        };
        DataLoader bad = DataLoader.builder(tiny()).batchSize(4).transform(broken).build();
        try (var ep = bad.epoch(0)) {
            var ex = assertThrows(IllegalStateException.class, ep::next);
            assertEquals("boom", ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(tiny()).batchSize(0).build());
    }

    @Test
    void splitIsDisjointAndSeeded() {
        ImageDataset.Split s = tiny().split(5, 1);
        assertEquals(18, s.train().size());
        assertEquals(5, s.validation().size());
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (ImageDataset d : List.of(s.train(), s.validation())) {
            for (int i = 0; i < d.size(); i++) {
                ids.add(d.pixel(i, 0, 0, 0));
            }
        }
        assertEquals(23, ids.size());
        assertEquals(s.validation().pixel(0, 0, 0, 0), tiny().split(5, 1).validation().pixel(0, 0, 0, 0));
    }

    @Test
    void mixSpreadsNearbySeeds() {
        assertTrue(DataLoader.mix(1, 0, 0) != DataLoader.mix(1, 0, 1));
        assertTrue(new SplittableRandom(DataLoader.mix(1, 0, 0)).nextInt() != new SplittableRandom(
                DataLoader.mix(1, 1, 0)).nextInt());
    }
}
