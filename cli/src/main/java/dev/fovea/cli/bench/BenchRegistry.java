package dev.fovea.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Every suite {@code fovea bench} knows, in the order they run. Add yours here: one line, one suite per area, so
 * that {@code fovea bench} stays the one place where the project's speed is measured.
 */
public final class BenchRegistry {
    private BenchRegistry() {}

    public static List<BenchSuite> suites() {
        return List.of(
                new GemmBenchSuite(),
                new LayerBenchSuite(),
                new ConvBenchSuite(),
                new ZooBenchSuite(),
                new TrainBenchSuite()
        // Other suites (conv2d, training, zoo) are added here, one line each.
        );
    }

    /** All cases whose name starts with one of {@code prefixes} (all cases when there are none). */
    public static List<BenchCase> select(List<String> prefixes) {
        List<BenchCase> out = new ArrayList<>();
        for (BenchSuite suite : suites()) {
            for (BenchCase c : suite.cases()) {
                if (prefixes.isEmpty() || prefixes.stream().anyMatch(c.name()::startsWith)) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
