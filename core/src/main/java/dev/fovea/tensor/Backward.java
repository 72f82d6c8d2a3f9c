package dev.fovea.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The reverse-mode sweep behind {@link Tensor#backward(Tensor)}: orders the graph below the root, then calls each
 * node once with its accumulated output gradient, freeing the graph as it goes (it is one-shot).
 */
final class Backward {
    private Backward() {}

    static void run(Tensor root, Tensor dOut) {
        List<Tensor> order = topologicalOrder(root);
        List<float[]> scratch = new ArrayList<>();
        // a private copy: the caller keeps its tensor, and ops may adopt or overwrite the gradient buffer
        root.accumulateGrad(GradBuffers.copyOf(dOut));
        ArrayList<float[]> outer = GradBuffers.startSweep();
        try {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                GradNode node = t.gradFn();
                if (node == null) {
                    continue;
                }
                // non-leaf: its gradient was only a message for its inputs; drop the node (and with it the saved
                // activations) but remember that there was one
                Tensor g = t.takeGradAndFree();
                if (g != null) {
                    node.backward(g);
                    GradBuffers.release(g, node);
                    GradBuffers.recycleAdded(g.storage());
                }
                if (node.scratchOutput()) {
                    scratch.add(t.storage());
                }
            }
        } finally {
            GradBuffers.endSweep(outer);
        }
        // only now: every node that saved a scratch output (all of them in this graph) has run and been freed
        for (float[] s : scratch) {
            GradBuffers.recycle(s);
        }
    }

    /** Inputs before the tensors made from them; iterative, so deep graphs (ResNet-152) cannot overflow the stack. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Boolean> expanded = new ArrayDeque<>();
        stack.push(root);
        expanded.push(Boolean.FALSE);
        while (!stack.isEmpty()) {
            Tensor t = stack.pop();
            if (expanded.pop()) {
                order.add(t);
                continue;
            }
            if (!seen.add(t)) {
                continue;
            }
            stack.push(t);
            expanded.push(Boolean.TRUE);
            GradNode node = t.gradFn();
            if (node != null) {
                for (Tensor in : node.inputs()) {
                    if (in != null && in.requiresGrad() && !seen.contains(in)) {
                        stack.push(in);
                        expanded.push(Boolean.FALSE);
                    }
                }
            }
        }
        return order;
    }
}
