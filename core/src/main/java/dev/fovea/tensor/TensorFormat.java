package dev.fovea.tensor;

import java.util.Arrays;
import java.util.Locale;

/** Readable, PyTorch-like printing that summarises large tensors with "..." instead of dumping them. */
final class TensorFormat {
    private static final int EDGE = 3;
    private static final int SUMMARIZE_ABOVE = 1000;

    private TensorFormat() {}

    static String format(Tensor t) {
        int[] shape = t.shapeRef();
        StringBuilder sb = new StringBuilder("tensor(");
        boolean summarize = t.numel() > SUMMARIZE_ABOVE;
        // read through the strides: a summary of a huge tensor touches only the printed elements
        append(sb, t.storage(), t.offset(), shape, t.stridesRef(), 0, summarize, 7);
        sb.append(", shape=").append(Arrays.toString(shape));
        if (t.gradFn() != null) {
            sb.append(", grad_fn=").append(t.gradFn().name());
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=true");
        }
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, float[] v, int base, int[] shape, int[] strides, int dim,
            boolean summarize, int indent) {
        if (shape.length == 0) {
            sb.append(num(v[base]));
            return;
        }
        int n = shape[dim];
        boolean last = dim == shape.length - 1;
        String sep = last ? ", " : ",\n" + " ".repeat(indent + dim + 1);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append("...").append(sep);
                i = n - EDGE - 1;
                continue;
            }
            int at = base + i * strides[dim];
            if (last) {
                sb.append(num(v[at]));
            } else {
                append(sb, v, at, shape, strides, dim + 1, summarize, indent);
            }
            if (i < n - 1) {
                sb.append(sep);
            }
        }
        sb.append(']');
    }

    private static String num(float f) {
        if (Float.isNaN(f)) {
            return "nan";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "inf" : "-inf";
        }
        if (f == (long) f && Math.abs(f) < 1e7) {
            return String.format(Locale.ROOT, "%.1f", f);
        }
        float a = Math.abs(f);
        // fixed notation would print tiny values as 0.0000 and huge ones with noise digits
        if (a < 1e-4f || a >= 1e7f) {
            return String.format(Locale.ROOT, "%.4e", f);
        }
        return String.format(Locale.ROOT, "%.4f", f);
    }
}
