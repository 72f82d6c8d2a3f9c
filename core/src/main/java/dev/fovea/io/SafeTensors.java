package dev.fovea.io;

import dev.fovea.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file format (as written by Hugging Face's {@code safetensors}): an 8-byte little-endian header
 * length, a JSON header mapping each tensor name to its dtype, shape and byte range, an optional
 * {@code __metadata__} object of strings, then the raw little-endian data. Fovea writes F32; it reads F32, F64,
 * F16 and BF16 (converted to float32). Reads are bounded: the header size, every byte range and every shape are
 * checked against the file's real size before anything is allocated. Writes are atomic.
 */
public record SafeTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
    private static final long MAX_HEADER = 100L << 20;

    public SafeTensors {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Writes {@code tensors} (in map order) and {@code metadata} to {@code file}, atomically. */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        List<float[]> data = new ArrayList<>();
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: '__metadata__' cannot name a tensor");
            }
            float[] values = e.getValue().toArray();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", e.getValue().shape());
            long end = offset + 4L * values.length;
            info.put("data_offsets", List.of(offset, end));
            header.put(e.getKey(), info);
            data.add(values);
            offset = end;
        }
        byte[] json = JsonWriter.write(header).getBytes(StandardCharsets.UTF_8);
        // pad the header with spaces so the data starts 8-byte aligned, as the reference writer does
        int padded = (json.length + 8 + 7) / 8 * 8 - 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length);
            out.write(len.array());
            out.write(head);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] values : data) {
                writeFloats(out, values, buf);
            }
        });
    }

    private static void writeFloats(OutputStream out, float[] values, ByteBuffer buf) throws IOException {
        int i = 0;
        while (i < values.length) {
            buf.clear();
            int n = Math.min(values.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(values, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    /** Reads a whole file; every problem is reported as an {@link IOException} naming the file. */
    public static SafeTensors load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "truncated: " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw bad(file, "bad header length " + headerLen + " for a file of " + size
                        + " bytes; not a safetensors file, or truncated");
            }
            ByteBuffer headBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headBuf, 8, file);
            Object parsed;
            try {
                parsed = Json.parse(new String(headBuf.array(), StandardCharsets.UTF_8), file + " header");
            } catch (JsonException e) {
                throw bad(file, "corrupt header: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> header)) {
                throw bad(file, "corrupt header: expected a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (var e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) {
                    if (e.getValue() instanceof Map<?, ?> m) {
                        for (var me : m.entrySet()) {
                            if (!(me.getValue() instanceof String v)) {
                                throw bad(file, "metadata '" + me.getKey() + "' is not a string");
                            }
                            metadata.put((String) me.getKey(), v);
                        }
                    }
                    continue;
                }
                tensors.put(name, readTensor(ch, file, name, e.getValue(), dataStart, dataLen));
            }
            return new SafeTensors(tensors, metadata);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "not found");
        }
    }

    private static Tensor readTensor(FileChannel ch, Path file, String name, Object infoObj, long dataStart,
            long dataLen) throws IOException {
        if (!(infoObj instanceof Map<?, ?> info) || !(info.get("dtype") instanceof String dtype)
                || !(info.get("shape") instanceof List<?> shapeList)
                || !(info.get("data_offsets") instanceof List<?> offs) || offs.size() != 2) {
            throw bad(file, "tensor '" + name + "' has a malformed header entry");
        }
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = integer(shapeList.get(i));
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw bad(file, "tensor '" + name + "' has a bad shape " + shapeList);
            }
            shape[i] = (int) d;
            numel *= d;
            if (numel > Integer.MAX_VALUE - 8) {
                throw bad(file, "tensor '" + name + "' of shape " + shapeList + " is too large");
            }
        }
        long begin = integer(offs.get(0));
        long end = integer(offs.get(1));
        if (begin < 0 || end < begin || end > dataLen) {
            throw bad(file, "tensor '" + name + "' has byte range " + offs + " outside the " + dataLen
                    + " data bytes; the file is truncated or corrupt");
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default -> throw bad(file, "tensor '" + name + "' has dtype " + dtype + "; Fovea reads F32, F64, F16, BF16");
        };
        if (end - begin != numel * width) {
            throw bad(file, "size mismatch: tensor '" + name + "' of shape " + shapeList + " and dtype " + dtype
                    + " needs " + numel * width + " bytes, its byte range holds " + (end - begin));
        }
        float[] values = new float[(int) numel];
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + begin;
        int i = 0;
        while (i < values.length) {
            int n = Math.min(values.length - i, buf.capacity() / width);
            buf.clear().limit(n * width);
            readFully(ch, buf, pos, file);
            buf.flip();
            pos += (long) n * width;
            for (int k = 0; k < n; k++, i++) {
                values[i] = switch (width) {
                    case 4 -> buf.getFloat();
                    case 8 -> (float) buf.getDouble();
                    default -> dtype.equals("F16") ? Float.float16ToFloat(buf.getShort())
                            : Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16);
                };
            }
        }
        return new Tensor(values, shape);
    }

    /** A JSON integer as a long, or -1 for anything else (callers reject negatives). */
    private static long integer(Object o) {
        if (o instanceof Json.Number n && n.isInteger()) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw bad(file, "truncated: the file ends at byte " + pos);
            }
            pos += r;
        }
    }

    private static IOException bad(Path file, String what) {
        return new IOException(file + ": " + what);
    }
}
