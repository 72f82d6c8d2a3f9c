package dev.fovea.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SummaryCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            code = new CommandLine(new SummaryCommand()).execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(code, o.toString(), e.toString());
    }

    @Test
    void tablePrintsTheTotals() {
        Run r = run("resnet20");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layer1.0.conv1 (Conv2d)"), r.out());
        assertTrue(r.out().contains("Total params: 269,722"), r.out());
    }

    @Test
    void jsonWithAnInputShapeAndWidth() {
        Run r = run("mobilenet_v1", "--input", "3x128x128", "--width", "0.5", "--json");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> root = (Map<?, ?>) Json.parse(r.out(), "summary output");
        List<Long> input = ((List<?>) root.get("input_shape")).stream().map(v -> (long) ((Json.Number) v).doubleValue()).toList();
        assertEquals(List.of(1L, 3L, 128L, 128L), input);
        Map<?, ?> totals = (Map<?, ?>) root.get("totals");
        // MobileNet_v1_0.5_128: 49 million multiply-adds in the paper's released model table
        assertEquals(49, Math.round(((Json.Number) totals.get("mult_adds")).doubleValue() / 1e6));
    }

    @Test
    void unknownModelAndBadShapeAreUserErrors() {
        Run r = run("resnet-9000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no model named 'resnet-9000'"), r.err());
        Run bad = run("resnet18", "--input", "3xbig");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("expected a shape such as 3x224x224"), bad.err());
    }
}
