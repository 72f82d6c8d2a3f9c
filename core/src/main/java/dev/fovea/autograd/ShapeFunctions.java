package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bodies of {@link F}'s shape functions that are compositions rather than ops of their own: flatten,
 * transpose, narrow and select over {@link ReshapeOp}, {@link PermuteOp} and {@link SliceOp}, and stack, split
 * and chunk over {@link ConcatOp} and {@link SliceOp}. narrow and split validate through the plain
 * {@link Tensor} method of the same name, so their errors read the same with and without autograd.
 */
final class ShapeFunctions {
    private ShapeFunctions() {}

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.dim() == 0) {
            return ReshapeOp.apply("flatten", x, 1);
        }
        int a = Tensor.normalizeDim(startDim, x.dim(), "flatten");
        int b = Tensor.normalizeDim(endDim, x.dim(), "flatten");
        if (a > b) {
            throw new IllegalArgumentException("flatten: start_dim " + startDim + " comes after end_dim " + endDim);
        }
        return ReshapeOp.apply("flatten", x, Tensor.flattenShape(x.shape(), a, b));
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = Tensor.normalizeDim(dim0, x.dim(), "transpose");
        int b = Tensor.normalizeDim(dim1, x.dim(), "transpose");
        int[] p = new int[x.dim()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i == a ? b : i == b ? a : i;
        }
        return PermuteOp.apply("transpose", x, p);
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        x.narrow(dim, start, length); // validates the range with a clear message
        return SliceOp.apply(x, dim, start, start + length, 1);
    }

    static Tensor select(Tensor x, int dim, int index) {
        int d = Tensor.normalizeDim(dim, x.dim(), "select");
        int i = index < 0 ? index + x.size(d) : index;
        return F.squeeze(narrow(x, d, i, 1), d);
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected at least one tensor, got an empty list");
        }
        int[] first = tensors.get(0).shape();
        int d = Tensor.normalizeDim(dim, first.length + 1, "stack");
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!Arrays.equals(t.shape(), first)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Arrays.toString(t.shape())
                        + " but tensor 0 has " + Arrays.toString(first) + "; stacked tensors must have equal shapes");
            }
            parts.add(F.unsqueeze(t, d));
        }
        return F.concat(parts, d);
    }

    /** Differentiable pieces with the sizes of the given views of {@code x} along {@code dim}. */
    static List<Tensor> splitLike(Tensor x, List<Tensor> views, int dim) {
        int[] sizes = new int[views.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = views.get(i).size(dim);
        }
        return split(x, sizes, dim);
    }

    static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        x.split(sizes, dim); // validates the sizes with a clear message
        List<Tensor> out = new ArrayList<>(sizes.length);
        int at = 0;
        for (int s : sizes) {
            out.add(SliceOp.apply(x, dim, at, at + s, 1));
            at += s;
        }
        return out;
    }
}
