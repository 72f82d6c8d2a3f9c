package dev.fovea.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr with rate (images/s) and ETA, e.g.
 * {@code epoch 2/8 [=========>          ] 470/938  loss 0.0812  top1 97.4%  21,530 img/s  ETA 0:02}.
 * On a terminal it redraws in place at most every 100 ms; otherwise (logs, CI) it prints only the final line,
 * so logs stay short.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final String label;
    private final int total;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    public ProgressBar(PrintStream out, String label, int total, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.interactive = interactive;
    }

    /** True when stderr is most likely a terminal (a console attached to this process). */
    public static boolean stderrIsTerminal() {
        String force = System.getenv("FOVEA_PROGRESS");
        if (force != null) {
            return force.equals("always") || force.equals("1") || force.equals("true");
        }
        var console = System.console();
        return console != null && console.isTerminal();
    }

    /** Reports {@code done} of {@code total} steps and {@code images} processed so far. */
    public void update(int done, long images, String metrics) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        draw(done, images, metrics, false);
    }

    /** Prints the final state and ends the line. */
    public void finish(int done, long images, String metrics) {
        draw(done, images, metrics, true);
    }

    private void draw(int done, long images, String metrics, boolean end) {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        double rate = images / secs;
        int filled = (int) ((long) WIDTH * done / total);
        StringBuilder b = new StringBuilder();
        b.append(label).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        b.append("] ").append(done).append('/').append(total);
        if (!metrics.isEmpty()) {
            b.append("  ").append(metrics);
        }
        b.append(String.format(Locale.ROOT, "  %,.0f img/s", rate));
        if (done < total) {
            double eta = done == 0 ? Double.NaN : secs * (total - done) / done;
            b.append("  ETA ").append(formatSeconds(eta));
        } else {
            b.append("  ").append(formatSeconds(secs));
        }
        String line = b.toString();
        if (interactive) {
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastLength = line.length();
            if (end) {
                out.println();
            }
        } else if (end) {
            out.println(line);
        }
        out.flush();
    }

    static String formatSeconds(double s) {
        if (Double.isNaN(s) || Double.isInfinite(s)) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
