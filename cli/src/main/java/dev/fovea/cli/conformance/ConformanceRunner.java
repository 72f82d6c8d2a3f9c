package dev.fovea.cli.conformance;

import dev.fovea.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs a directory of conformance cases (FORMAT.md) through Fovea's public API: reads {@code INDEX.json}, then for
 * every case builds the inputs, runs the op forward, applies {@code grad_output} to {@code y}, and compares every
 * output and input gradient within the case's tolerance. Everything comes from the case files, never the names.
 */
public final class ConformanceRunner {
    /** One entry of {@code INDEX.json}. */
    record Entry(String op, String name, Path file) {}

    private final Map<String, OpRunner> ops;

    public ConformanceRunner() {
        this(Ops.all());
    }

    ConformanceRunner(Map<String, OpRunner> ops) {
        this.ops = ops;
    }

    /** The op names this runner can drive. */
    public List<String> supportedOps() {
        return List.copyOf(ops.keySet());
    }

    /**
     * Runs every case in {@code dir} whose op passes {@code filter}, reporting each result to {@code listener} as it
     * completes.
     *
     * @throws IllegalArgumentException when the directory or its index is malformed (message says what and where)
     */
    public List<CaseResult> run(Path dir, Predicate<String> filter, Consumer<CaseResult> listener) {
        List<Entry> entries;
        try {
            entries = readIndex(dir);
        } catch (CaseFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<CaseResult> results = new ArrayList<>();
        for (Entry e : entries) {
            if (!filter.test(e.op())) {
                continue;
            }
            CaseResult r = runCase(e);
            results.add(r);
            listener.accept(r);
        }
        return results;
    }

    static List<Entry> readIndex(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CaseFormatException(dir + ": not a directory; pass a directory holding INDEX.json");
        }
        Path indexFile = dir.resolve("INDEX.json");
        if (!Files.isRegularFile(indexFile)) {
            throw new CaseFormatException(dir + ": no INDEX.json; is this a conformance directory?");
        }
        String f = indexFile.toString();
        Map<String, Object> root = CaseReader.object(CaseReader.parseFile(indexFile), f, "the top level");
        long version = CaseReader.integer(CaseReader.required(root, "format_version", f), f, "format_version");
        if (version != 1) {
            throw new CaseFormatException(f + ": format_version " + version + " is not supported (this runner reads 1)");
        }
        List<?> cases = CaseReader.list(CaseReader.required(root, "cases", f), f, "cases");
        Path base = dir.toAbsolutePath().normalize();
        List<Entry> entries = new ArrayList<>();
        Map<String, Long> perOp = new HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            String key = "cases[" + i + "]";
            Map<String, Object> c = CaseReader.object(cases.get(i), f, key);
            String op = CaseReader.string(CaseReader.required(c, "op", f + " " + key), f, key + ".op");
            String name = CaseReader.string(CaseReader.required(c, "name", f + " " + key), f, key + ".name");
            String file = CaseReader.string(CaseReader.required(c, "file", f + " " + key), f, key + ".file");
            Path p = base.resolve(file).normalize();
            if (!p.startsWith(base)) {
                throw new CaseFormatException(f + ": " + key + ".file \"" + file + "\" points outside the directory");
            }
            entries.add(new Entry(op, name, p));
            perOp.merge(op, 1L, Long::sum);
        }
        if (root.containsKey("count")) {
            long count = CaseReader.integer(root.get("count"), f, "count");
            if (count != entries.size()) {
                throw new CaseFormatException(f + ": count says " + count + " but cases lists " + entries.size());
            }
        }
        if (root.containsKey("ops")) {
            Map<String, Object> declared = CaseReader.object(root.get("ops"), f, "ops");
            for (var e : declared.entrySet()) {
                long n = CaseReader.integer(e.getValue(), f, "ops." + e.getKey());
                if (perOp.getOrDefault(e.getKey(), 0L) != n) {
                    throw new CaseFormatException(f + ": ops." + e.getKey() + " says " + n + " cases but cases lists "
                            + perOp.getOrDefault(e.getKey(), 0L));
                }
            }
            for (String op : perOp.keySet()) {
                if (!declared.containsKey(op)) {
                    throw new CaseFormatException(f + ": cases list op \"" + op + "\" missing from ops");
                }
            }
        }
        return entries;
    }

    CaseResult runCase(Entry e) {
        ConformanceCase c;
        try {
            if (!Files.isRegularFile(e.file())) {
                return fail(e, "case file " + e.file() + " does not exist");
            }
            c = CaseReader.read(e.file());
        } catch (CaseFormatException ex) {
            return fail(e, "malformed case: " + ex.getMessage());
        }
        if (!c.op().equals(e.op())) {
            return fail(e, "malformed case: " + c.file() + " has op \"" + c.op() + "\" but INDEX.json says \""
                    + e.op() + "\"");
        }
        OpRunner runner = ops.get(c.op());
        if (runner == null) {
            return fail(e, "op " + c.op() + ": not available");
        }
        try {
            return check(e, c, runner);
        } catch (CaseFormatException ex) {
            return fail(e, "malformed case: " + ex.getMessage());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
            return fail(e, "op " + c.op() + " threw " + ex + where(ex));
        }
    }

    /** " at Class.method(File:line)": the innermost library frame, to tell whose code failed. */
    private static String where(Throwable ex) {
        for (StackTraceElement f : ex.getStackTrace()) {
            if (f.getClassName().startsWith("dev.fovea.") && !f.getClassName().startsWith("dev.fovea.cli.")) {
                return " at " + f;
            }
        }
        return "";
    }

    private CaseResult check(Entry e, ConformanceCase c, OpRunner runner) {
        CaseContext ctx = new CaseContext(c);
        Map<String, float[]> before = new HashMap<>();
        for (var in : ctx.floatInputs().entrySet()) {
            before.put(in.getKey(), in.getValue().toArray());
        }
        Map<String, Tensor> out = runner.run(ctx);
        if (!ctx.unusedAttrs().isEmpty()) {
            return fail(e, "op " + c.op() + ": attribute(s) " + ctx.unusedAttrs() + " not supported by this runner");
        }
        if (!ctx.unusedInputs().isEmpty()) {
            return fail(e, "op " + c.op() + ": input(s) " + ctx.unusedInputs() + " not used by this runner");
        }
        List<Comparison.Problem> problems = new ArrayList<>();
        for (var x : c.outputs().entrySet()) {
            Tensor actual = out.get(x.getKey());
            if (actual == null) {
                problems.add(new Comparison.Problem(Double.POSITIVE_INFINITY, "outputs." + x.getKey()
                        + ": not produced (the runner produced " + out.keySet() + ")"));
                continue;
            }
            add(problems, Comparison.compare("outputs." + x.getKey(), actual, x.getValue(), c.rtol(), c.atol()));
        }
        if (c.gradOutput() != null) {
            Tensor y = out.get("y");
            if (y == null) {
                return fail(e, "op " + c.op() + ": no primary output y to apply grad_output to");
            }
            if (!Arrays.equals(y.shape(), c.gradOutput().shape())) {
                return fail(e, "grad_output has shape " + c.gradOutput().shapeString() + " but y has "
                        + Arrays.toString(y.shape()));
            }
            if (!y.requiresGrad()) {
                return fail(e, "op " + c.op() + ": output y is not connected to the graph (no backward recorded)");
            }
            y.backward(c.gradOutput().toTensor());
            for (var g : c.grads().entrySet()) {
                Tensor grad = ctx.gradientSource(g.getKey()).grad();
                if (grad == null) {
                    problems.add(new Comparison.Problem(Double.POSITIVE_INFINITY, "grads." + g.getKey()
                            + ": no gradient reached this input"));
                    continue;
                }
                add(problems, Comparison.compare("grads." + g.getKey(), grad, g.getValue(), c.rtol(), c.atol()));
            }
        }
        for (var in : ctx.floatInputs().entrySet()) {
            if (!Arrays.equals(before.get(in.getKey()), in.getValue().toArray())) {
                problems.add(new Comparison.Problem(Double.POSITIVE_INFINITY, "inputs." + in.getKey()
                        + ": modified by the op (inputs must stay as given)"));
            }
        }
        if (problems.isEmpty()) {
            return new CaseResult(e.op(), e.name(), true, null);
        }
        Comparison.Problem worst = problems.get(0);
        for (Comparison.Problem p : problems) {
            if (p.severity() > worst.severity()) {
                worst = p;
            }
        }
        String more = problems.size() > 1 ? " [+" + (problems.size() - 1) + " more tensor(s) failing]" : "";
        return fail(e, worst.message() + more);
    }

    private static void add(List<Comparison.Problem> problems, Comparison.Problem p) {
        if (p != null) {
            problems.add(p);
        }
    }

    private static CaseResult fail(Entry e, String message) {
        return new CaseResult(e.op(), e.name(), false, message);
    }
}
