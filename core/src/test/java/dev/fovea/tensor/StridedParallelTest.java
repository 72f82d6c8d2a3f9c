package dev.fovea.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Strided elementwise ops large enough to split their rows over threads (at least 65,536 elements): results must
 * match element-by-element reads through {@link Tensor#get}, for views (stride-2 slices, permutes), broadcasting
 * and copies into strided views.
 */
class StridedParallelTest {

    @Test
    void addOfAStridedSliceAndABroadcastBias() {
        Rng rng = new Rng(31);
        Tensor x = Tensor.randn(rng, 8, 16, 40, 40);
        Tensor v = x.slice(3, 1, 40, 2).permute(0, 2, 1, 3); // [8, 40, 16, 20], strides nowhere unit
        Tensor bias = Tensor.randn(rng, 16, 1);
        Tensor y = v.add(bias, 0.5f);
        for (int n = 0; n < 8; n++) {
            for (int h = 0; h < 40; h++) {
                for (int c = 0; c < 16; c++) {
                    for (int w = 0; w < 20; w++) {
                        float want = x.get(n, c, h, 2 * w + 1) + 0.5f * bias.get(c, 0);
                        assertEquals(want, y.get(n, h, c, w), 0f, "at " + n + "," + h + "," + c + "," + w);
                    }
                }
            }
        }
    }

    @Test
    void copyIntoAStridedViewLeavesTheOtherElements() {
        Rng rng = new Rng(32);
        Tensor dst = Tensor.zeros(4, 8, 96, 96);
        Tensor src = Tensor.randn(rng, 4, 8, 48, 48);
        dst.slice(2, 0, 96, 2).slice(3, 1, 96, 2).copyFrom(src);
        for (int n = 0; n < 4; n++) {
            for (int c = 0; c < 8; c++) {
                for (int h = 0; h < 96; h++) {
                    for (int w = 0; w < 96; w++) {
                        float want = h % 2 == 0 && w % 2 == 1 ? src.get(n, c, h / 2, w / 2) : 0f;
                        assertEquals(want, dst.get(n, c, h, w), 0f);
                    }
                }
            }
        }
    }

    @Test
    void copyWhoseThreadRangesSplitABlockOfRows() {
        Rng rng = new Rng(34);
        // [5, 37, 400] with the source permuted: three dims stay after coalescing, and 185 rows split over two
        // threads in the middle of a block of 37
        Tensor dst = Tensor.zeros(5, 74, 800);
        Tensor src = Tensor.randn(rng, 37, 5, 400).permute(1, 0, 2);
        dst.slice(1, 1, 74, 2).slice(2, 0, 800, 2).copyFrom(src);
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 74; b++) {
                for (int c = 0; c < 800; c++) {
                    float want = b % 2 == 1 && c % 2 == 0 ? src.get(a, b / 2, c / 2) : 0f;
                    assertEquals(want, dst.get(a, b, c), 0f, "at " + a + "," + b + "," + c);
                }
            }
        }
    }

    @Test
    void copiesOfFiveDimensionalPermutesAndBroadcastsMatchElementReads() {
        Rng rng = new Rng(33);
        // five dimensions that do not coalesce: the general row visitor
        Tensor x = Tensor.randn(rng, 3, 4, 5, 6, 7);
        Tensor p = x.permute(4, 2, 0, 3, 1).contiguous();
        for (int a = 0; a < 7; a++) {
            for (int b = 0; b < 5; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int d = 0; d < 6; d++) {
                        for (int e = 0; e < 4; e++) {
                            assertEquals(x.get(c, e, b, d, a), p.get(a, b, c, d, e), 0f);
                        }
                    }
                }
            }
        }
        // a stride-0 source (expand) into a strided destination, small enough to stay on one thread
        Tensor row = Tensor.randn(rng, 1, 9);
        Tensor dst = Tensor.zeros(6, 18);
        dst.slice(1, 0, 18, 2).copyFrom(row.expand(6, 9));
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 18; j++) {
                assertEquals(j % 2 == 0 ? row.get(0, j / 2) : 0f, dst.get(i, j), 0f);
            }
        }
    }
}
