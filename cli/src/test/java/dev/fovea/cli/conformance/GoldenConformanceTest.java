package dev.fovea.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the shared torch-golden vectors through the runner and the public API. The op list grows as the ops land;
 * it ends as every op of the directory.
 */
class GoldenConformanceTest {
    /** Ops whose implementation has landed; each of their cases must pass. */
    private static final Set<String> IMPLEMENTED = Set.of("sgd", "adam", "adamw", "rmsprop",
            "conv1d", "conv2d", "conv3d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d",
            "adaptive_max_pool2d", "global_avg_pool2d", "batch_norm2d", "layer_norm", "instance_norm2d", "group_norm",
            "local_response_norm", "upsample_nearest2d", "upsample_bilinear2d", "pixel_shuffle", "channel_shuffle");

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
    void everyCaseOfTheImplementedOpsPasses() {
        Path dir = goldenDir();
        List<CaseResult> results = new ConformanceRunner().run(dir, IMPLEMENTED::contains, r -> {});
        long expected = ConformanceRunner.readIndex(dir).stream().filter(e -> IMPLEMENTED.contains(e.op())).count();
        assertEquals(expected, results.size());
        assertTrue(results.size() >= 89, "expected the optimizer and layer cases at least, ran " + results.size());
        String failures = results.stream().filter(r -> !r.passed()).map(r -> r.label() + ": " + r.message())
                .collect(Collectors.joining("\n"));
        assertEquals("", failures);
    }

    @Test
    void everyOpOfTheImplementedListIsDrivenByTheRunner() {
        assertTrue(new ConformanceRunner().supportedOps().containsAll(IMPLEMENTED));
    }
}
