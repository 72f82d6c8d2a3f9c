package dev.fovea.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorBasicsTest {
    @Test
    void wrapsDataWithShapeAndStrides() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new int[] {3, 1}, t.strides());
        assertEquals(6f, t.get(1, 2));
        assertTrue(t.isContiguous());
    }

    @Test
    void rejectsMismatchedDataLengthNamingTheShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Tensor(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void printsReadably() {
        assertEquals("tensor([[1.0, 2.0],\n        [3.0, 4.0]], shape=[2, 2])",
                Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
    }
}
