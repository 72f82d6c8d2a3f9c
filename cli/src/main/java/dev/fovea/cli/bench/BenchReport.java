package dev.fovea.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints bench results as an aligned table for people or as JSON for scripts. */
public final class BenchReport {
    private BenchReport() {}

    /** Header line and environment, printed above the table. */
    public record Context(String kernels, int threads, String java, String torchStatus) {}

    public static void table(Context ctx, List<BenchResult> results, PrintStream out) {
        out.printf("fovea bench: kernels %s, %d threads, Java %s%n", ctx.kernels(), ctx.threads(), ctx.java());
        out.println("times per run: best of the timed runs after warm-up (median beside it)");
        if (ctx.torchStatus() != null) {
            out.println(ctx.torchStatus());
        }
        boolean torch = results.stream().anyMatch(BenchResult::hasTorch);
        int w = Math.max(28, results.stream().mapToInt(r -> r.name().length()).max().orElse(0) + 2);
        String head = String.format(Locale.ROOT, "%-" + w + "s %10s %10s %18s", "case", "best ms", "median ms",
                "rate");
        if (torch) {
            head += String.format(Locale.ROOT, " %10s %12s", "torch ms", "fovea/torch");
        }
        out.println(head);
        out.println("-".repeat(head.length()));
        for (BenchResult r : results) {
            String line = String.format(Locale.ROOT, "%-" + w + "s %10s %10s %18s", r.name(), ms(r.bestNanos()),
                    ms(r.medianNanos()), rate(r));
            if (r.hasTorch()) {
                line += String.format(Locale.ROOT, " %10s %11.2fx", ms(r.torchBestNanos()), r.speedup());
            } else if (torch) {
                line += String.format(Locale.ROOT, " %10s %12s", "-", r.torchNote() == null ? "-" : r.torchNote());
            }
            out.println(line);
        }
        if (torch) {
            out.println("fovea/torch = PyTorch time / Fovea time (best against best): above 1 means Fovea is faster");
        }
    }

    public static void json(Context ctx, List<BenchResult> results, PrintStream out) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("kernels", ctx.kernels());
        root.put("threads", ctx.threads());
        root.put("java", ctx.java());
        root.put("statistic", "best");
        if (ctx.torchStatus() != null) {
            root.put("torch", ctx.torchStatus());
        }
        List<Object> list = new ArrayList<>();
        for (BenchResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("runs", r.runs());
            m.put("best_ms", r.bestNanos() / 1e6);
            m.put("median_ms", r.medianNanos() / 1e6);
            m.put("work", r.work().amount());
            m.put("work_unit", r.work().unit());
            m.put("rate", r.rate());
            m.put("rate_unit", r.work().rateUnit());
            if (r.hasTorch()) {
                m.put("torch_best_ms", r.torchBestNanos() / 1e6);
                m.put("torch_median_ms", r.torchMedianNanos() / 1e6);
                m.put("speedup_vs_torch", r.speedup());
            } else if (r.torchNote() != null) {
                m.put("torch_note", r.torchNote());
            }
            list.add(m);
        }
        root.put("results", list);
        out.println(Json.write(root));
    }

    static String ms(double nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms >= 100 ? "%.1f" : ms >= 1 ? "%.3f" : "%.4f", ms);
    }

    private static String rate(BenchResult r) {
        double rate = r.rate();
        String num = rate >= 100 ? String.format(Locale.ROOT, "%.1f", rate)
                : String.format(Locale.ROOT, "%.3g", rate);
        return num + " " + r.work().rateUnit();
    }
}
