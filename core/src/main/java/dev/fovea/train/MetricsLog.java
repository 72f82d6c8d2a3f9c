package dev.fovea.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends one JSON object per epoch to a file ({@code metrics.jsonl}): every field of {@link EpochResult}.
 * Each line is flushed, so the log is readable while training runs and survives a crash.
 */
public final class MetricsLog implements Callback {
    private final Path file;

    public MetricsLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (trainer.epoch() == 0) {
                Files.deleteIfExists(file); // a fresh run starts a fresh log; a resumed one appends
            }
        } catch (IOException e) {
            throw new UncheckedIOException("metrics log " + file + ": cannot create it", e);
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(toJson(result.asMap()));
            w.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("metrics log " + file + ": cannot append", e);
        }
    }

    @Override
    public String name() {
        return "metrics_log";
    }

    static String toJson(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{");
        for (var e : m.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                b.append("null");
            } else {
                b.append(v);
            }
        }
        return b.append('}').toString();
    }
}
