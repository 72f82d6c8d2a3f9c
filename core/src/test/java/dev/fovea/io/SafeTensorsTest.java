package dev.fovea.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @Test
    void roundTripsTensorsAndMetadataExactly(@TempDir Path dir) throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("conv.weight", Tensor.of(new float[] {1.5f, -0f, Float.MIN_VALUE, 3e38f, 7, 8}, 1, 2, 3));
        t.put("empty", Tensor.zeros(0));
        t.put("scalar", Tensor.scalar(0.1f));
        Path f = dir.resolve("m.safetensors");
        SafeTensors.save(f, t, Map.of("epoch", "3", "note", "q\"uote\n"));
        SafeTensors back = SafeTensors.load(f);
        assertEquals(t.keySet(), back.tensors().keySet());
        assertArrayEquals(new int[] {1, 2, 3}, back.tensors().get("conv.weight").shape());
        assertArrayEquals(t.get("conv.weight").toArray(), back.tensors().get("conv.weight").toArray());
        assertEquals(0.1f, back.tensors().get("scalar").item());
        assertEquals("q\"uote\n", back.metadata().get("note"));
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLen) % 8, "data is 8-byte aligned");
    }

    @Test
    void readsHalfPrecisionFromOtherWriters(@TempDir Path dir) throws IOException {
        String header = "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 6).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        b.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f));
        b.putShort((short) (Float.floatToIntBits(3.0f) >>> 16));
        Path f = dir.resolve("h.safetensors");
        Files.write(f, b.array());
        SafeTensors s = SafeTensors.load(f);
        assertArrayEquals(new float[] {1.5f, -2f}, s.tensors().get("a").toArray());
        assertEquals(3.0f, s.tensors().get("b").item());
    }

    @Test
    void corruptFilesGiveClearErrors(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.save(f, Map.of("w", Tensor.ones(4, 4)), Map.of());
        byte[] good = Files.readAllBytes(f);

        Files.write(f, Arrays.copyOf(good, good.length - 10));
        var e = assertThrows(IOException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("m.safetensors") && e.getMessage().contains("outside"), e.getMessage());

        Files.write(f, Arrays.copyOf(good, 5));
        e = assertThrows(IOException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        byte[] huge = good.clone();
        huge[6] = 0x7f; // header length of ~2^55
        Files.write(f, huge);
        e = assertThrows(IOException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("bad header length"), e.getMessage());

        byte[] garbled = good.clone();
        garbled[9] = '#';
        Files.write(f, garbled);
        e = assertThrows(IOException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("corrupt header"), e.getMessage());

        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3,3],\"data_offsets\":[0,4]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).putFloat(1);
        Files.write(f, b.array());
        e = assertThrows(IOException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("size mismatch"), e.getMessage());
    }

    @Test
    void failedWriteLeavesTheOldFileIntact(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("keep.bin");
        Files.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "temporary file removed");
        }
    }
}
