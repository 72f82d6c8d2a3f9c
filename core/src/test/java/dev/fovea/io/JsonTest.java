package dev.fovea.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
    @Test
    void parsesAllValueKindsKeepingNumberText() {
        Object v = Json.parse("{\"a\": [1, -2.5e-3, 0.1], \"s\": \"x\\ny\\u00e9\", \"t\": true, \"n\": null, "
                + "\"o\": {}}", "t");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(new Json.Number("-2.5e-3"), a.get(1));
        assertEquals(0.1f, ((Json.Number) a.get(2)).floatValue());
        assertTrue(((Json.Number) a.get(0)).isInteger());
        assertEquals("x\nyé", m.get("s"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertSame(Json.NULL, m.get("n"));
        assertEquals(List.of("a", "s", "t", "n", "o"), List.copyOf(m.keySet()));
    }

    @Test
    void errorsNameSourceLineAndColumn() {
        var e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": [1, 2,]\n}", "case.json"));
        assertTrue(e.getMessage().startsWith("case.json:2:14:"), e.getMessage());
        e = assertThrows(JsonException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}", "d.json"));
        assertTrue(e.getMessage().contains("duplicate key \"a\""), e.getMessage());
        assertThrows(JsonException.class, () -> Json.parse("[01]", "x"));
        assertThrows(JsonException.class, () -> Json.parse("[1.]", "x"));
        assertThrows(JsonException.class, () -> Json.parse("\"abc", "x"));
        assertThrows(JsonException.class, () -> Json.parse("[1] 2", "x"));
        assertThrows(JsonException.class, () -> Json.parse("NaN", "x"));
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(1000), "x"));
    }

    @Test
    void boundedFileReads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.json");
        Files.writeString(f, "[" + "1,".repeat(100) + "1]");
        assertEquals(101, ((List<?>) Json.parse(f)).size());
        var e = assertThrows(JsonException.class, () -> Json.parse(f, 50));
        assertTrue(e.getMessage().contains("big.json") && e.getMessage().contains("limit"), e.getMessage());
    }
}
