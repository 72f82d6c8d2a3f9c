package dev.fovea.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times the PyTorch counterparts of bench cases by running {@code bench/torch_bench.py} with the system Python.
 *
 * <p>Protocol: Fovea writes a JSON file {@code {"threads", "warmup_seconds", "seconds", "min_runs", "cases":
 * [{"name", "kind", "params"}]}} and passes its path as the only argument; the script prints one line per case on
 * stdout, {@code RESULT<TAB>name<TAB>best_ms<TAB>median_ms<TAB>runs} or {@code SKIP<TAB>name<TAB>reason}, and
 * its progress on stderr. PyTorch gets the same thread count as Fovea, and one BLAS thread under it.
 */
public final class TorchComparison {
    public static final String INSTALL_HINT = "install it with 'apt-get install python3-torch' "
            + "(or 'pip install torch' for /usr/bin/python3)";

    private final String python;
    private final Path script;
    private final Map<String, String> info = new LinkedHashMap<>();

    private TorchComparison(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /**
     * A comparison ready to run, or an exception whose message says plainly why it is unavailable and how to fix it.
     */
    public static TorchComparison prepare(String python, Path scriptOverride) {
        Path script = scriptOverride != null ? scriptOverride : locateScript();
        if (script == null || !Files.isRegularFile(script)) {
            throw new IllegalStateException("comparison with PyTorch unavailable: cannot find bench/torch_bench.py"
                    + (scriptOverride != null ? " at " + scriptOverride : " near the fovea installation")
                    + "; pass --torch-script PATH");
        }
        if (!Files.isExecutable(Path.of(python))) {
            throw new IllegalStateException("comparison with PyTorch unavailable: no Python at " + python
                    + "; install python3 or pass --python PATH");
        }
        String err = tryImportTorch(python);
        if (err != null) {
            throw new IllegalStateException("comparison with PyTorch unavailable: " + python
                    + " cannot import torch (" + err + "); " + INSTALL_HINT);
        }
        return new TorchComparison(python, script);
    }

    /** Returns null when {@code import torch} works, else the last line of the error. */
    private static String tryImportTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "import timed out";
            }
            if (p.exitValue() == 0) {
                return null;
            }
            String[] lines = output.split("\n");
            return lines.length == 0 ? "exit code " + p.exitValue() : lines[lines.length - 1];
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** bench/torch_bench.py in the source tree this CLI was built from, or below the working directory. */
    private static Path locateScript() {
        List<Path> starts = new ArrayList<>();
        try {
            var src = TorchComparison.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                starts.add(Path.of(src.getLocation().toURI()));
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("bench").resolve("torch_bench.py");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** One line on what PyTorch ran with, after {@link #compare}; warns when its BLAS is the slow reference one. */
    public String describe(int threads) {
        String blas = info.getOrDefault("blas", "unknown");
        String line = "compared with PyTorch (" + threads + " threads, OPENBLAS_NUM_THREADS=1, BLAS " + blas + ")";
        if (blas.contains("/blas/libblas.so")) {
            line += "\nnote: that is the unoptimised reference BLAS, so PyTorch's sgemm is slow here; "
                    + "'apt-get install libopenblas0-pthread' makes torch use OpenBLAS";
        }
        return line;
    }

    /** Times every case that has a {@link TorchSpec}; the others get a note instead. */
    public List<BenchResult> compare(List<BenchCase> cases, List<BenchResult> results, int threads,
            double warmupSeconds, double seconds, int minRuns, PrintStream progress) throws IOException {
        List<Object> specs = new ArrayList<>();
        for (BenchCase c : cases) {
            TorchSpec t = c.torch();
            if (t != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("kind", t.kind());
                m.put("params", t.params());
                specs.add(m);
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("threads", threads);
        request.put("warmup_seconds", warmupSeconds);
        request.put("seconds", seconds);
        request.put("min_runs", minRuns);
        request.put("cases", specs);
        Path file = Files.createTempFile("fovea-torch-bench", ".json");
        Map<String, String[]> lines = new HashMap<>();
        try {
            Files.writeString(file, Json.write(request));
            progress.printf("timing %d PyTorch counterparts with %s %s ...%n", specs.size(), python, script);
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            Map<String, String> env = pb.environment();
            env.put("OPENBLAS_NUM_THREADS", "1");
            env.put("MALLOC_MMAP_THRESHOLD_", "1073741824");
            env.put("MALLOC_TRIM_THRESHOLD_", "4294967296");
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.split("\t");
                    if (f.length >= 3 && (f[0].equals("RESULT") || f[0].equals("SKIP"))) {
                        lines.put(f[1], f);
                    } else if (f.length >= 3 && f[0].equals("INFO")) {
                        info.put(f[1], f[2]);
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0) {
                progress.println("bench/torch_bench.py exited with code " + code + " (its messages are above)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for PyTorch", e);
        } finally {
            Files.deleteIfExists(file);
        }
        List<BenchResult> out = new ArrayList<>();
        for (BenchResult r : results) {
            String[] f = lines.get(r.name());
            if (f != null && f[0].equals("RESULT") && f.length >= 4) {
                out.add(r.withTorch(Double.parseDouble(f[2]) * 1e6, Double.parseDouble(f[3]) * 1e6, null));
            } else if (f != null && f[0].equals("SKIP")) {
                out.add(r.withTorch(Double.NaN, Double.NaN, "skipped"));
                progress.println("torch skipped " + r.name() + ": " + f[2]);
            } else {
                out.add(r.withTorch(Double.NaN, Double.NaN, "no torch case"));
            }
        }
        return out;
    }
}
