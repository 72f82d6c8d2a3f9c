package dev.fovea.cli.conformance;

import dev.fovea.io.Json;
import dev.fovea.io.JsonException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates case files and the index (FORMAT.md sections 1 and 2); errors name file and key. */
final class CaseReader {
    /** Case files hold at most a small model's parameters; anything bigger is not a case file. */
    static final long MAX_CASE_BYTES = 256L << 20;

    private static final Set<String> CASE_KEYS =
            Set.of("op", "attrs", "inputs", "grad_output", "outputs", "grads", "tolerance");

    private CaseReader() {}

    static Object parseFile(Path file) {
        try {
            return Json.parse(file, MAX_CASE_BYTES);
        } catch (JsonException e) {
            throw new CaseFormatException(e.getMessage());
        } catch (IOException e) {
            throw new CaseFormatException(file + ": cannot read (" + e + ")");
        }
    }

    static ConformanceCase read(Path file) {
        String f = file.toString();
        Map<String, Object> root = object(parseFile(file), f, "the top level");
        for (String key : root.keySet()) {
            if (!CASE_KEYS.contains(key)) {
                throw new CaseFormatException(f + ": unknown top-level key \"" + key + "\" (allowed: " + CASE_KEYS
                        + ")");
            }
        }
        String op = string(required(root, "op", f), f, "op");
        Map<String, Object> attrs = object(required(root, "attrs", f), f, "attrs");
        Map<String, CaseTensor> inputs = tensors(required(root, "inputs", f), f, "inputs");
        Map<String, CaseTensor> outputs = tensors(required(root, "outputs", f), f, "outputs");
        if (outputs.isEmpty()) {
            throw new CaseFormatException(f + ": outputs is empty; a case must check at least one tensor");
        }
        CaseTensor gradOutput = root.containsKey("grad_output")
                ? tensor(root.get("grad_output"), f, "grad_output") : null;
        Map<String, CaseTensor> grads = root.containsKey("grads")
                ? tensors(root.get("grads"), f, "grads") : Map.of();
        if (!grads.isEmpty() && gradOutput == null) {
            throw new CaseFormatException(f + ": grads are given but grad_output is missing");
        }
        for (var e : grads.entrySet()) {
            CaseTensor in = inputs.get(e.getKey());
            if (in == null) {
                throw new CaseFormatException(f + ": grads." + e.getKey() + " has no matching input");
            }
            if (in.isInt64()) {
                throw new CaseFormatException(f + ": grads." + e.getKey() + " is for an int64 input");
            }
        }
        if (gradOutput != null && gradOutput.isInt64()) {
            throw new CaseFormatException(f + ": grad_output must be a float tensor");
        }
        Map<String, Object> tol = object(required(root, "tolerance", f), f, "tolerance");
        double rtol = number(required(tol, "rtol", f + " tolerance"), f, "tolerance.rtol");
        double atol = number(required(tol, "atol", f + " tolerance"), f, "tolerance.atol");
        if (!(rtol >= 0) || !(atol >= 0) || Double.isInfinite(rtol) || Double.isInfinite(atol)) {
            throw new CaseFormatException(f + ": tolerance rtol and atol must be finite numbers >= 0, got rtol "
                    + rtol + ", atol " + atol);
        }
        return new ConformanceCase(op, f, attrs, inputs, gradOutput, outputs, grads, rtol, atol);
    }

    static Object required(Map<String, Object> map, String key, String where) {
        Object v = map.get(key);
        if (v == null) {
            throw new CaseFormatException(where + ": missing key \"" + key + "\"");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v, String file, String key) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new CaseFormatException(file + ": " + key + " must be an object, got " + kind(v));
        }
        return (Map<String, Object>) m;
    }

    static List<?> list(Object v, String file, String key) {
        if (!(v instanceof List<?> l)) {
            throw new CaseFormatException(file + ": " + key + " must be a list, got " + kind(v));
        }
        return l;
    }

    static String string(Object v, String file, String key) {
        if (!(v instanceof String s)) {
            throw new CaseFormatException(file + ": " + key + " must be a string, got " + kind(v));
        }
        return s;
    }

    static double number(Object v, String file, String key) {
        if (!(v instanceof Json.Number n)) {
            throw new CaseFormatException(file + ": " + key + " must be a number, got " + kind(v));
        }
        return n.doubleValue();
    }

    static long integer(Object v, String file, String key) {
        if (!(v instanceof Json.Number n) || !n.isInteger()) {
            throw new CaseFormatException(file + ": " + key + " must be an integer, got " + kind(v) + " " + v);
        }
        try {
            return Long.parseLong(n.text());
        } catch (NumberFormatException e) {
            throw new CaseFormatException(file + ": " + key + " is out of the int64 range: " + n.text());
        }
    }

    static String kind(Object v) {
        if (v instanceof Map<?, ?>) {
            return "an object";
        } else if (v instanceof List<?>) {
            return "a list";
        } else if (v instanceof String) {
            return "a string";
        } else if (v instanceof Boolean) {
            return "a boolean";
        } else if (v instanceof Json.Number) {
            return "a number";
        }
        return "null";
    }

    private static Map<String, CaseTensor> tensors(Object v, String file, String key) {
        Map<String, CaseTensor> out = new LinkedHashMap<>();
        for (var e : object(v, file, key).entrySet()) {
            out.put(e.getKey(), tensor(e.getValue(), file, key + "." + e.getKey()));
        }
        return out;
    }

    static CaseTensor tensor(Object v, String file, String key) {
        Map<String, Object> m = object(v, file, key);
        for (String k : m.keySet()) {
            if (!k.equals("shape") && !k.equals("data") && !k.equals("dtype")) {
                throw new CaseFormatException(file + ": " + key + " has unknown key \"" + k
                        + "\" (a tensor has shape, data and optionally dtype)");
            }
        }
        List<?> shapeList = list(required(m, "shape", file + " " + key), file, key + ".shape");
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = integer(shapeList.get(i), file, key + ".shape[" + i + "]");
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new CaseFormatException(file + ": " + key + ".shape[" + i + "] must be >= 0, got " + d);
            }
            shape[i] = (int) d;
            numel *= d;
            if (numel > Integer.MAX_VALUE - 8) {
                throw new CaseFormatException(file + ": " + key + ".shape is too large");
            }
        }
        String dtype = m.containsKey("dtype") ? string(m.get("dtype"), file, key + ".dtype") : "float32";
        if (!dtype.equals("float32") && !dtype.equals("int64")) {
            throw new CaseFormatException(file + ": " + key + ".dtype must be \"int64\" or absent (float32), got \""
                    + dtype + "\"");
        }
        List<?> data = list(required(m, "data", file + " " + key), file, key + ".data");
        if (data.size() != numel) {
            throw new CaseFormatException(file + ": " + key + " has shape " + shapeList + " (" + numel
                    + " values) but data has " + data.size() + " values");
        }
        if (dtype.equals("int64")) {
            long[] ints = new long[data.size()];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = integer(data.get(i), file, key + ".data[" + i + "]");
            }
            return new CaseTensor(shape, null, ints);
        }
        float[] floats = new float[data.size()];
        for (int i = 0; i < floats.length; i++) {
            if (!(data.get(i) instanceof Json.Number n)) {
                throw new CaseFormatException(file + ": " + key + ".data[" + i + "] must be a number, got "
                        + kind(data.get(i)));
            }
            floats[i] = n.floatValue();
        }
        return new CaseTensor(shape, floats, null);
    }
}
