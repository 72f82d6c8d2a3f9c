package dev.fovea.cli.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fovea conformance DIR}: runs golden test vectors against the library, prints one line per failing case
 * and a summary line; exits 1 when any case fails, 2 when the directory is malformed.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run a directory of conformance cases (torch-golden format) against Fovea's public API.")
public final class ConformanceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory holding INDEX.json and the case files.")
    Path dir;

    @Option(names = "--op", split = ",", paramLabel = "OP", description = "Run only these ops (comma-separated).")
    List<String> only;

    @Option(names = {"-v", "--verbose"}, description = "Also print a line for every passing case.")
    boolean verbose;

    @Override
    public Integer call() {
        int[] counts = new int[2];
        try {
            if (only != null) {
                var known = ConformanceRunner.readIndex(dir).stream().map(ConformanceRunner.Entry::op).toList();
                for (String op : only) {
                    if (!known.contains(op)) {
                        throw new IllegalArgumentException("--op " + op + ": no such op in " + dir
                                + "/INDEX.json (ops: " + new java.util.TreeSet<>(known) + ")");
                    }
                }
            }
            new ConformanceRunner().run(dir, op -> only == null || only.contains(op), r -> {
                if (r.passed()) {
                    counts[0]++;
                    if (verbose) {
                        System.out.println("ok   " + r.label());
                    }
                } else {
                    counts[1]++;
                    System.out.println("FAIL " + r.label() + ": " + r.message());
                }
            });
        } catch (IllegalArgumentException | CaseFormatException e) {
            System.out.flush();
            System.err.println("conformance: " + e.getMessage());
            return 2;
        }
        System.out.println("conformance: " + counts[0] + " passed, " + counts[1] + " failed");
        return counts[1] > 0 ? 1 : 0;
    }
}
