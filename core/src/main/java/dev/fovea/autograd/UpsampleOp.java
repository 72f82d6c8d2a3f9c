package dev.fovea.autograd;

import dev.fovea.kernel.Parallel;
import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * 2-D upsampling of [N, C, H, W] by integer factors: nearest ({@code y[h, w] = x[h/sh, w/sw]}) or bilinear with
 * PyTorch's source-coordinate rules for {@code align_corners} true and false. Both are linear maps, so backward
 * scatters the output gradient with the same taps and weights.
 */
final class UpsampleOp extends Op {
    private final Tensor input;
    private final Taps rowsTaps;
    private final Taps colsTaps;

    /** Per output index along one axis: the two source indices and the weight of the second. */
    record Taps(int[] i0, int[] i1, float[] lambda) {
        static Taps nearest(int in, int scale) {
            int out = in * scale;
            int[] i0 = new int[out];
            for (int o = 0; o < out; o++) {
                i0[o] = o / scale;
            }
            return new Taps(i0, i0, new float[out]);
        }

        static Taps linear(int in, int scale, boolean alignCorners) {
            int out = in * scale;
            int[] i0 = new int[out];
            int[] i1 = new int[out];
            float[] lambda = new float[out];
            for (int o = 0; o < out; o++) {
                double src = alignCorners ? (out > 1 ? (double) o * (in - 1) / (out - 1) : 0)
                        : Math.max((o + 0.5) / scale - 0.5, 0);
                int a = Math.min((int) Math.floor(src), in - 1);
                i0[o] = a;
                i1[o] = Math.min(a + 1, in - 1);
                lambda[o] = (float) (src - a);
            }
            return new Taps(i0, i1, lambda);
        }
    }

    private UpsampleOp(String name, Tensor input, Taps rows, Taps cols) {
        super(name, input);
        this.input = input;
        this.rowsTaps = rows;
        this.colsTaps = cols;
    }

    static Tensor apply(String name, Tensor x, int scaleH, int scaleW, boolean bilinear, boolean alignCorners) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(name + ": expected a 4-D input [N, C, H, W], got shape "
                    + Arrays.toString(x.shape()));
        }
        if (scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException(name + ": scale_factor must be positive integers, got [" + scaleH
                    + ", " + scaleW + "]");
        }
        int h = x.size(2);
        int w = x.size(3);
        Taps rows = bilinear ? Taps.linear(h, scaleH, alignCorners) : Taps.nearest(h, scaleH);
        Taps cols = bilinear ? Taps.linear(w, scaleW, alignCorners) : Taps.nearest(w, scaleW);
        int oh = h * scaleH;
        int ow = w * scaleW;
        int planes = x.size(0) * x.size(1);
        float[] in = x.data();
        float[] out = new float[planes * oh * ow];
        Parallel.forRange(planes, BatchNormOp.grain(oh * ow), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int ib = pl * h * w;
                int ob = pl * oh * ow;
                for (int i = 0; i < oh; i++) {
                    int r0 = ib + rows.i0[i] * w;
                    int r1 = ib + rows.i1[i] * w;
                    float ly = rows.lambda[i];
                    for (int j = 0; j < ow; j++) {
                        int c0 = cols.i0[j];
                        int c1 = cols.i1[j];
                        float lx = cols.lambda[j];
                        float top = in[r0 + c0] * (1 - lx) + in[r0 + c1] * lx;
                        float bottom = in[r1 + c0] * (1 - lx) + in[r1 + c1] * lx;
                        out[ob + i * ow + j] = top * (1 - ly) + bottom * ly;
                    }
                }
            }
        });
        Tensor y = new Tensor(out, x.size(0), x.size(1), oh, ow);
        return recording(x) ? record(y, new UpsampleOp(name, x, rows, cols)) : y;
    }

    @Override
    public void backward(Tensor dOut) {
        if (!wants(input)) {
            return;
        }
        int h = input.size(2);
        int w = input.size(3);
        int oh = rowsTaps.i0.length;
        int ow = colsTaps.i0.length;
        float[] dy = dOut.data();
        float[] dx = new float[input.numel()];
        Parallel.forRange(input.size(0) * input.size(1), BatchNormOp.grain(oh * ow), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int ib = pl * h * w;
                int ob = pl * oh * ow;
                for (int i = 0; i < oh; i++) {
                    int r0 = ib + rowsTaps.i0[i] * w;
                    int r1 = ib + rowsTaps.i1[i] * w;
                    float ly = rowsTaps.lambda[i];
                    for (int j = 0; j < ow; j++) {
                        float g = dy[ob + i * ow + j];
                        int c0 = colsTaps.i0[j];
                        int c1 = colsTaps.i1[j];
                        float lx = colsTaps.lambda[j];
                        float gt = g * (1 - ly);
                        float gb = g * ly;
                        dx[r0 + c0] += gt * (1 - lx);
                        dx[r0 + c1] += gt * lx;
                        dx[r1 + c0] += gb * (1 - lx);
                        dx[r1 + c1] += gb * lx;
                    }
                }
            }
        });
        send(input, new Tensor(dx, input.shape()));
    }
}
