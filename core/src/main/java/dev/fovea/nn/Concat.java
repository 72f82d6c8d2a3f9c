package dev.fovea.nn;

import dev.fovea.autograd.F;
import dev.fovea.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every branch on the same input and concatenates their outputs along {@code dim} (channels, dim 1, for
 * Inception modules; DenseNet layers concatenate the input itself through an {@link Identity} branch). Branches
 * are children {@code 0}, {@code 1}, ...
 */
public final class Concat extends Module {
    private final int dim;
    private final List<Module> branches;

    public Concat(int dim, Module... branches) {
        if (branches.length == 0) {
            throw new IllegalArgumentException("Concat: needs at least one branch");
        }
        this.dim = dim;
        List<Module> list = new ArrayList<>();
        for (int i = 0; i < branches.length; i++) {
            list.add(registerModule(Integer.toString(i), branches[i]));
        }
        this.branches = List.copyOf(list);
    }

    public int dim() {
        return dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        List<Tensor> outs = new ArrayList<>(branches.size());
        for (Module b : branches) {
            outs.add(b.forward(input));
        }
        int[] first = outs.get(0).shape();
        int d = dim < 0 ? dim + first.length : dim;
        if (d < 0 || d >= first.length) {
            throw shapeError("expected branch outputs with dimension " + dim + ", got shape " + Arrays.toString(first));
        }
        for (int i = 1; i < outs.size(); i++) {
            int[] s = outs.get(i).shape();
            boolean ok = s.length == first.length;
            for (int k = 0; ok && k < s.length; k++) {
                ok = k == d || s[k] == first[k];
            }
            if (!ok) {
                throw shapeError("expected branch " + i + " to match branch 0 " + Arrays.toString(first)
                        + " except in dimension " + dim + ", got " + Arrays.toString(s));
            }
        }
        return F.concat(outs, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
