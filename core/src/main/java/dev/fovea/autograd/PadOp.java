package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;

/**
 * Constant padding in F.pad order ((left, right) of the last dim first); negative amounts crop. The gradient is
 * dOut padded by the negated amounts: the padding is cut away again (and a crop is refilled with zeros).
 */
final class PadOp extends Op {
    private final int[] pads;

    private PadOp(Tensor x, int[] pads) {
        super("pad", x);
        this.pads = pads.clone();
    }

    static Tensor apply(Tensor x, int[] pads, float value) {
        Tensor out = x.pad(pads, value);
        return recording(x) ? record(out, new PadOp(x, pads)) : out;
    }

    @Override
    public void backward(Tensor dOut) {
        int[] back = new int[pads.length];
        for (int i = 0; i < pads.length; i++) {
            back[i] = -pads[i];
        }
        send(inputs().get(0), dOut.pad(back, 0f));
    }
}
