package dev.fovea.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the shared torch-golden vectors through the runner and the public API: every case must pass. */
class GoldenConformanceTest {
    static Path goldenDir() {
        String env = System.getenv("FOVEA_CONFORMANCE");
        if (env != null && !env.isBlank() && !env.startsWith("${") && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        // tests run in the module directory (cli/); shared/ sits beside the repository
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/conformance/torch-golden").normalize();
            if (Files.isRegularFile(candidate.resolve("INDEX.json"))) {
                return candidate;
            }
        }
        fail("torch-golden conformance directory not found: set FOVEA_CONFORMANCE or put shared/ beside the"
                + " repository");
        return null;
    }

    @Test
    void everyCasePasses() {
        Path dir = goldenDir();
        List<CaseResult> results = new ConformanceRunner().run(dir, op -> true, r -> {});
        assertEquals(ConformanceRunner.readIndex(dir).size(), results.size());
        assertTrue(results.size() >= 1, "the directory lists no cases");
        String failures = results.stream().filter(r -> !r.passed()).map(r -> r.label() + ": " + r.message())
                .collect(Collectors.joining("\n"));
        assertEquals("", failures);
    }

    @Test
    void commandEndsWithTheSummaryLineAndExitsZero() {
        Path dir = goldenDir();
        int cases = ConformanceRunner.readIndex(dir).size();
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
        assertEquals("conformance: " + cases + " passed, 0 failed", lines[lines.length - 1], buf.toString());
        assertEquals(0, code);
    }
}
