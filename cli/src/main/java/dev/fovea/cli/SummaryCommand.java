package dev.fovea.cli;

import dev.fovea.nn.Module;
import dev.fovea.zoo.ModelConfig;
import dev.fovea.zoo.Models;
import dev.fovea.zoo.summary.Summary;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fovea summary MODEL}: per-layer shapes, parameters, activation memory and multiply-adds of a zoo model. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Per-layer output shape, parameters, activation memory and multiply-adds of a zoo model,"
            + " by shape inference (no forward pass).", "Models: see --list."})
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "model name, e.g. resnet50")
    String model;

    @Option(names = "--input", paramLabel = "CxHxW",
            description = "input shape of one sample (default: the model's usual input, e.g. 3x224x224)")
    String input;

    @Option(names = "--batch", defaultValue = "1", description = "batch size (default 1)")
    int batch;

    @Option(names = "--classes", description = "number of classes (default: the model's)")
    Integer classes;

    @Option(names = "--width", description = "width multiplier (default 1)")
    Double width;

    @Option(names = "--bn", negatable = true, description = "batch norm on or off (default: the model's)")
    Boolean bn;

    @Option(names = "--depth", defaultValue = "0", description = "show rows down to this nesting depth (0: all)")
    int depth;

    @Option(names = "--json", description = "print JSON instead of the table")
    boolean json;

    @Option(names = "--list", description = "list the models and exit")
    boolean list;

    @Override
    public Integer call() {
        if (list || model == null) {
            for (Models.Entry e : Models.entries()) {
                ModelConfig d = e.defaults();
                System.out.printf(Locale.ROOT, "%-18s %dx%dx%d  %s%n", e.name(), d.inChannels(), d.imageSize(),
                        d.imageSize(), e.description());
            }
            return model == null && !list ? 2 : 0;
        }
        Models.Entry entry;
        int[] shape;
        try {
            entry = Models.get(model);
            ModelConfig c = entry.defaults();
            shape = input == null ? new int[] {c.inChannels(), c.imageSize(), c.imageSize()} : parseShape(input);
            if (shape.length == 3) {
                c = c.withInput(shape[0], shape[1]);
            }
            if (classes != null) {
                c = c.withClasses(classes);
            }
            if (width != null) {
                c = c.withWidth(width);
            }
            if (bn != null) {
                c = c.withBatchNorm(bn);
            }
            Module m = entry.create(c);
            Summary s = Summary.ofBatch(m, batch, shape);
            System.out.print(json ? s.toJson() + "\n" : model + ": " + entry.description() + "\n" + s.toTable(depth));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("fovea summary: " + e.getMessage());
            return 2;
        }
    }

    /** "3x224x224", "3×224×224" or "3,224,224". */
    static int[] parseShape(String text) {
        String[] parts = text.trim().split("[x×X,]");
        int[] s = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                s[i] = Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--input: expected a shape such as 3x224x224, got '" + text + "'");
        }
        return s;
    }
}
