package dev.fovea.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.fovea.autograd.F;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The runner on small hand-made directories: it must pass correct cases and fail every kind of wrong one. */
class ConformanceRunnerTest {
    @TempDir
    Path dir;

    // one plain SGD step: p = [1, 2], g = [0.5, -1], lr 0.1 -> [0.95, 2.1]
    private static final String SGD_CASE = """
            {"op": "sgd",
             "attrs": {"lr": 0.1, "momentum": 0.0, "dampening": 0.0, "nesterov": false, "weight_decay": 0.0},
             "inputs": {"param": {"shape": [2], "data": [1.0, 2.0]}, "grad_0": {"shape": [2], "data": [0.5, -1.0]}},
             "outputs": {"param_after_1": {"shape": [2], "data": [%s, %s]}},
             "tolerance": {"rtol": 1e-4, "atol": 1e-5}}
            """;

    private void write(String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void index(String... opFile) throws Exception {
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < opFile.length; i += 2) {
            cases.append(i == 0 ? "" : ",").append("{\"op\": \"").append(opFile[i]).append("\", \"name\": \"c")
                    .append(i).append("\", \"file\": \"").append(opFile[i + 1]).append("\"}");
        }
        write("INDEX.json", "{\"format_version\": 1, \"count\": " + opFile.length / 2 + ", \"cases\": [" + cases
                + "]}");
    }

    private List<CaseResult> run() {
        return new ConformanceRunner().run(dir, op -> true, r -> {});
    }

    @Test
    void passesACorrectCaseAndFailsAWrongOneNamingTensorAndIndex() throws Exception {
        write("sgd/good.json", SGD_CASE.formatted("0.95", "2.1"));
        write("sgd/bad.json", SGD_CASE.formatted("0.95", "2.2"));
        index("sgd", "sgd/good.json", "sgd", "sgd/bad.json");
        List<CaseResult> r = run();
        assertTrue(r.get(0).passed(), r.get(0).message());
        assertFalse(r.get(1).passed());
        assertTrue(r.get(1).message().startsWith("outputs.param_after_1[1]: got 2.1, expected 2.2"),
                r.get(1).message());
    }

    @Test
    void unknownOpIsAFailureNotAPass() throws Exception {
        write("warp/a.json", SGD_CASE.formatted("0.95", "2.1").replace("\"sgd\"", "\"warp\""));
        index("warp", "warp/a.json");
        CaseResult r = run().get(0);
        assertFalse(r.passed());
        assertEquals("op warp: not available", r.message());
    }

    @Test
    void attributeTheRunnerDoesNotReadFailsTheCase() throws Exception {
        write("sgd/x.json", SGD_CASE.formatted("0.95", "2.1").replace("\"lr\": 0.1,", "\"lr\": 0.1, \"maximize\": true,"));
        index("sgd", "sgd/x.json");
        CaseResult r = run().get(0);
        assertFalse(r.passed());
        assertTrue(r.message().contains("maximize"), r.message());
    }

    @Test
    void malformedCaseFileFailsWithFileAndPosition() throws Exception {
        write("sgd/broken.json", "{\"op\": \"sgd\",\n \"attrs\": {,}}");
        write("sgd/short.json", SGD_CASE.formatted("0.95", "2.1").replace("[1.0, 2.0]", "[1.0]"));
        index("sgd", "sgd/broken.json", "sgd", "sgd/short.json", "sgd", "sgd/missing.json");
        List<CaseResult> r = run();
        assertTrue(r.get(0).message().contains("broken.json:2:") && !r.get(0).passed(), r.get(0).message());
        assertTrue(r.get(1).message().contains("inputs.param has shape [2] (2 values) but data has 1"),
                r.get(1).message());
        assertTrue(r.get(2).message().contains("does not exist"), r.get(2).message());
    }

    @Test
    void malformedIndexIsAnError() throws Exception {
        write("INDEX.json", "{\"format_version\": 1, \"count\": 2, \"cases\": []}");
        var e = assertThrows(IllegalArgumentException.class, this::run);
        assertTrue(e.getMessage().contains("count says 2"), e.getMessage());
        write("INDEX.json", "{\"format_version\": 1, \"cases\": [{\"op\": \"sgd\", \"name\": \"x\", \"file\":"
                + " \"../../etc/passwd\"}]}");
        e = assertThrows(IllegalArgumentException.class, this::run);
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void commandPrintsFailuresAndTheSummaryAndSetsTheExitCode() throws Exception {
        write("sgd/good.json", SGD_CASE.formatted("0.95", "2.1"));
        write("sgd/bad.json", SGD_CASE.formatted("0.0", "2.1"));
        index("sgd", "sgd/good.json", "sgd", "sgd/bad.json");
        PrintStream old = System.out;
        var buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true));
            code = new CommandLine(new ConformanceCommand()).execute(dir.toString());
        } finally {
            System.setOut(old);
        }
        String[] lines = buf.toString().strip().split("\n");
        assertEquals(1, code);
        assertEquals(2, lines.length, buf.toString());
        assertTrue(lines[0].startsWith("FAIL sgd/c2: outputs.param_after_1[0]"), lines[0]);
        assertEquals("conformance: 1 passed, 1 failed", lines[1]);
        assertEquals(2, new CommandLine(new ConformanceCommand()).execute(dir.resolve("nope").toString()));
    }

    // relu of [-1, 2] with grad_output [3, 4]: y = [0, 2], dx = [0, 4]
    private static final String RELU_CASE = """
            {"op": "relu", "attrs": {},
             "inputs": {"x": {"shape": [2], "data": [-1.0, 2.0]}},
             "grad_output": {"shape": [2], "data": [3.0, 4.0]},
             "outputs": {"y": {"shape": [2], "data": [0.0, 2.0]}},
             "grads": {"x": {"shape": [2], "data": [0.0, %s]}},
             "tolerance": {"rtol": 1e-4, "atol": 1e-5}}
            """;

    private CaseResult runRelu(String dx, OpRunner runner) throws Exception {
        write("relu/a.json", RELU_CASE.formatted(dx));
        index("relu", "relu/a.json");
        return new ConformanceRunner(Map.of("relu", runner)).run(dir, op -> true, r -> {}).get(0);
    }

    @Test
    void checksGradientsAndTellsWhichOneIsWrong() throws Exception {
        assertTrue(runRelu("4.0", c -> LayerOps.y(F.relu(c.tensor("x")))).passed());
        CaseResult r = runRelu("4.5", c -> LayerOps.y(F.relu(c.tensor("x"))));
        assertTrue(r.message().startsWith("grads.x[1]: got 4.0, expected 4.5"), r.message());
    }

    @Test
    void failsOpsThatThrowModifyTheirInputOrRecordNoGraph() throws Exception {
        CaseResult r = runRelu("4.0", c -> LayerOps.y(F.softmax(c.tensor("x"), 5)));
        assertTrue(r.message().startsWith("op relu threw java.lang.IllegalArgumentException")
                && r.message().contains(" at dev.fovea."), r.message());
        r = runRelu("4.0", c -> {
            c.tensor("x").storage()[0] = -5f;
            return LayerOps.y(F.relu(c.tensor("x")));
        });
        assertTrue(r.message().startsWith("inputs.x: modified"), r.message());
        r = runRelu("4.0", c -> LayerOps.y(F.relu(c.tensor("x")).detach()));
        assertTrue(r.message().contains("not connected to the graph"), r.message());
    }
}
