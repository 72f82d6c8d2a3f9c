package dev.fovea.tensor;

import dev.fovea.kernel.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Joining and cutting along a dimension: concat, stack, split, chunk, and constant padding. */
final class Joins {
    private Joins() {}

    static Tensor concat(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: expected at least one tensor, got an empty list");
        }
        int[] first = parts.get(0).shapeRef();
        int d = Tensor.normalizeDim(dim, first.length, "concat");
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            int[] s = parts.get(i).shapeRef();
            boolean ok = s.length == first.length;
            for (int j = 0; ok && j < s.length; j++) {
                ok = j == d || s[j] == first[j];
            }
            if (!ok) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + Arrays.toString(s)
                        + " but tensor 0 has " + Arrays.toString(first) + "; all dims except " + dim + " must match");
            }
            total += s[d];
        }
        int[] shape = first.clone();
        shape[d] = total;
        Tensor out = Tensor.zeros(shape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.shapeRef()[d];
            out.narrow(d, at, len).copyFrom(p);
            at += len;
        }
        return out;
    }

    static Tensor stack(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: expected at least one tensor, got an empty list");
        }
        int[] first = parts.get(0).shapeRef();
        int d = Tensor.normalizeDim(dim, first.length + 1, "stack");
        List<Tensor> expanded = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            if (!Arrays.equals(parts.get(i).shapeRef(), first)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape "
                        + Arrays.toString(parts.get(i).shapeRef()) + " but tensor 0 has " + Arrays.toString(first)
                        + "; stacked tensors must have equal shapes");
            }
            expanded.add(parts.get(i).unsqueeze(d));
        }
        return concat(expanded, d);
    }

    /** Views of consecutive pieces of the given sizes along {@code dim}. */
    static List<Tensor> split(Tensor t, int[] sizes, int dim) {
        int d = Tensor.normalizeDim(dim, t.dim(), "split");
        int sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            }
            sum += s;
        }
        if (sum != t.shapeRef()[d]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + sum
                    + " but dimension " + dim + " of shape " + Arrays.toString(t.shapeRef()) + " has size "
                    + t.shapeRef()[d]);
        }
        List<Tensor> out = new ArrayList<>(sizes.length);
        int at = 0;
        for (int s : sizes) {
            out.add(t.narrow(d, at, s));
            at += s;
        }
        return out;
    }

    /** Sizes of pieces of at most {@code size} covering {@code length} (the last may be smaller). */
    static int[] splitSizes(String op, int length, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException(op + ": piece size must be positive, got " + size);
        }
        int n = Math.max(1, (length + size - 1) / size);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = Math.min(size, length - i * size);
        }
        return sizes;
    }

    /** At most {@code chunks} views of equal size along {@code dim} (the last may be smaller), as torch.chunk. */
    static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        }
        int len = t.shapeRef()[Tensor.normalizeDim(dim, t.dim(), "chunk")];
        int size = Math.max(1, (len + chunks - 1) / chunks);
        return split(t, splitSizes("chunk", len, size), dim);
    }

    /** Constant padding, PyTorch F.pad order: (left, right) of the last dim first, then the one before... */
    static Tensor pad(Tensor t, int[] pads, float value) {
        int[] shape = t.shapeRef();
        if (pads.length % 2 != 0 || pads.length / 2 > shape.length) {
            throw new IllegalArgumentException("pad: expected an even number of paddings, at most 2 per dimension"
                    + " (" + 2 * shape.length + " for shape " + Arrays.toString(shape) + "), got "
                    + Arrays.toString(pads));
        }
        int[] outShape = shape.clone();
        Tensor src = t;
        int[] dstStart = new int[shape.length];
        for (int i = 0; i < pads.length / 2; i++) {
            int d = shape.length - 1 - i;
            int before = pads[2 * i];
            int after = pads[2 * i + 1];
            outShape[d] = shape[d] + before + after;
            if (outShape[d] < 0) {
                throw new IllegalArgumentException("pad: paddings " + Arrays.toString(pads) + " make dimension " + d
                        + " of shape " + Arrays.toString(shape) + " negative");
            }
            // negative padding crops
            int cropBefore = Math.max(0, -before);
            int cropAfter = Math.max(0, -after);
            int keep = Math.max(0, shape[d] - cropBefore - cropAfter);
            src = src.narrow(d, Math.min(cropBefore, shape[d]), keep);
            dstStart[d] = Math.max(0, before);
        }
        // from the buffer pool, like other op outputs: the shortcut of a ResNet's downsampling block pads every step
        // (7 MB a step for CIFAR ResNet-20); only a real padding needs the fill, a crop is covered by the copy
        float[] buf = GradBuffers.activation(Tensor.numel(outShape));
        boolean grows = false;
        for (int p : pads) {
            grows |= p > 0;
        }
        if (grows) {
            // on every thread: one core filling 4 MB (ResNet-20's shortcut at batch 128) left the other idle
            Parallel.forRange(buf.length, 1 << 16, (from, to) -> Arrays.fill(buf, from, to, value));
        }
        Tensor out = new Tensor(buf, outShape);
        Tensor dst = out;
        for (int d = 0; d < shape.length; d++) {
            dst = dst.narrow(d, dstStart[d], src.shapeRef()[d]);
        }
        dst.copyFrom(src);
        return out;
    }
}
