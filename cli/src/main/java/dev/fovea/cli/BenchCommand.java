package dev.fovea.cli;

import dev.fovea.cli.bench.BenchCase;
import dev.fovea.cli.bench.BenchRegistry;
import dev.fovea.cli.bench.BenchReport;
import dev.fovea.cli.bench.BenchResult;
import dev.fovea.cli.bench.BenchRunner;
import dev.fovea.cli.bench.TorchComparison;
import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.Parallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Times Fovea's kernels and models; optionally times the same work in PyTorch and prints the speed ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time Fovea's kernels and models and print ms and GFLOP/s (or items/s) per case.",
            "Each case warms up, then is timed repeatedly; the table shows the best run and the median.",
            "Progress goes to stderr, results to stdout."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--only", paramLabel = "PREFIX", split = ",",
            description = "Run only cases whose name starts with PREFIX (repeatable or comma-separated), "
                    + "e.g. --only sgemm/1024.")
    List<String> only = new ArrayList<>();

    @Option(names = "--list", description = "List the case names and exit.")
    boolean list;

    @Option(names = "--json", description = "Print the results as JSON instead of a table.")
    boolean json;

    @Option(names = "--compare", paramLabel = "torch",
            description = "Also time the same work in PyTorch (/usr/bin/python3 with torch) and print "
                    + "Fovea/PyTorch speed ratios.")
    String compare;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1.0",
            description = "Warm-up time per case (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--time", paramLabel = "SECONDS", defaultValue = "2.0",
            description = "Measuring time per case (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--min-runs", paramLabel = "N", defaultValue = "5",
            description = "Timed runs per case at least (default ${DEFAULT-VALUE}).")
    int minRuns;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "Python used for --compare torch (default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--torch-script", paramLabel = "PATH",
            description = "The PyTorch side of --compare (default: bench/torch_bench.py of this source tree).")
    Path torchScript;

    @Override
    public Integer call() throws Exception {
        List<BenchCase> cases = BenchRegistry.select(only);
        if (list) {
            cases.forEach(c -> System.out.println(c.name()));
            return 0;
        }
        if (cases.isEmpty()) {
            System.err.println("fovea bench: no case matches " + only + "; see 'fovea bench --list'");
            return 2;
        }
        TorchComparison torch = null;
        String torchStatus = null;
        if (compare != null) {
            if (!compare.equalsIgnoreCase("torch")) {
                System.err.println("fovea bench: --compare expects 'torch', got '" + compare + "'");
                return 2;
            }
            try {
                torch = TorchComparison.prepare(python, torchScript);
            } catch (IllegalStateException e) {
                torchStatus = e.getMessage();
                System.err.println("fovea bench: " + torchStatus);
            }
        }
        BenchRunner runner = new BenchRunner(warmup, seconds, minRuns, System.err);
        List<BenchResult> results = runner.runAll(cases);
        if (torch != null) {
            results = torch.compare(cases, results, Parallel.threads(), warmup, seconds, minRuns, System.err);
            torchStatus = torch.describe(Parallel.threads());
        }
        BenchReport.Context ctx = new BenchReport.Context(Kernels.get().name(), Parallel.threads(),
                Runtime.version().toString(), torchStatus);
        if (json) {
            BenchReport.json(ctx, results, System.out);
        } else {
            BenchReport.table(ctx, results, System.out);
        }
        return 0;
    }
}
