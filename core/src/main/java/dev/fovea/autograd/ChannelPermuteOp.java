package dev.fovea.autograd;

import dev.fovea.tensor.Tensor;
import java.util.Arrays;

/**
 * Pure data movement between channels and space: pixel shuffle ([N, C*r², H, W] to [N, C, H*r, W*r]) and
 * channel shuffle (swap the group and within-group channel axes). Forward builds the gather map
 * {@code out[i] = in[map[i]]} once per call; backward scatters through the same map.
 */
final class ChannelPermuteOp extends Op {
    private final Tensor input;
    private final int[] map;

    private ChannelPermuteOp(String name, Tensor input, int[] map) {
        super(name, input);
        this.input = input;
        this.map = map;
    }

    static Tensor pixelShuffle(Tensor x, int r) {
        String name = "pixel_shuffle";
        if (x.dim() != 4) {
            throw new IllegalArgumentException(name + ": expected a 4-D input [N, C*r*r, H, W], got shape "
                    + Arrays.toString(x.shape()));
        }
        if (r < 1 || x.size(1) % (r * r) != 0) {
            throw new IllegalArgumentException(name + ": input channels " + x.size(1) + " must be divisible by"
                    + " upscale_factor² = " + (long) r * r);
        }
        int n = x.size(0);
        int c = x.size(1) / (r * r);
        int h = x.size(2);
        int w = x.size(3);
        int oh = h * r;
        int ow = w * r;
        int[] map = new int[x.numel()];
        int o = 0;
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < oh; yy++) {
                    for (int xx = 0; xx < ow; xx++) {
                        int srcC = ch * r * r + (yy % r) * r + (xx % r);
                        map[o++] = ((s * c * r * r + srcC) * h + yy / r) * w + xx / r;
                    }
                }
            }
        }
        return apply(name, x, map, new int[] {n, c, oh, ow});
    }

    static Tensor channelShuffle(Tensor x, int groups) {
        String name = "channel_shuffle";
        if (x.dim() < 3) {
            throw new IllegalArgumentException(name + ": expected an input [N, C, *], got shape "
                    + Arrays.toString(x.shape()));
        }
        int c = x.size(1);
        if (groups < 1 || c % groups != 0) {
            throw new IllegalArgumentException(name + ": groups=" + groups + " must divide the " + c + " channels");
        }
        int n = x.size(0);
        int hw = x.numel() / Math.max(1, n * c);
        int per = c / groups;
        int[] map = new int[x.numel()];
        int o = 0;
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                // output channel i*groups + j comes from input channel j*per + i
                int src = (ch % groups) * per + ch / groups;
                for (int p = 0; p < hw; p++) {
                    map[o++] = (s * c + src) * hw + p;
                }
            }
        }
        return apply(name, x, map, x.shape());
    }

    private static Tensor apply(String name, Tensor x, int[] map, int[] outShape) {
        float[] in = x.data();
        float[] out = new float[map.length];
        for (int i = 0; i < map.length; i++) {
            out[i] = in[map[i]];
        }
        Tensor y = new Tensor(out, outShape);
        return recording(x) ? record(y, new ChannelPermuteOp(name, x, map)) : y;
    }

    @Override
    public void backward(Tensor dOut) {
        if (!wants(input)) {
            return;
        }
        float[] dy = dOut.data();
        float[] dx = new float[input.numel()];
        for (int i = 0; i < map.length; i++) {
            dx[map[i]] += dy[i];
        }
        send(input, new Tensor(dx, input.shape()));
    }
}
