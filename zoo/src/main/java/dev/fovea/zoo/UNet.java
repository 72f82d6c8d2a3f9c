package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.ConvTranspose2d;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * U-Net (Ronneberger et al. 2015, figure 1): four 2×2 max-pool steps down with two 3×3 convolutions + ReLU at 64,
 * 128, 256, 512 and 1024 filters, four 2×2 up-convolutions (transposed, halving the filters) each concatenated
 * with the cropped encoder map of the same level, two 3×3 convolutions, and a 1×1 convolution to the classes.
 *
 * <p>{@code padded=false} is the paper: unpadded convolutions, 572×572 in, 388×388 out, encoder maps centre-
 * cropped. {@code padded=true} is the common variant whose output has the input's size (which must then be a
 * multiple of 16). Batch norm after each convolution is optional (the paper has none); the width multiplier
 * scales the 64 base filters. Names: {@code enc1..5}, {@code pool}, {@code up1..4}, {@code dec1..4},
 * {@code head}.
 */
public final class UNet extends Module implements Traceable {
    private final List<Module> enc = new ArrayList<>();
    private final MaxPool2d pool;
    private final List<Module> up = new ArrayList<>();
    private final List<Module> dec = new ArrayList<>();
    private final Module head;

    public UNet(ModelConfig c, boolean padded) {
        int pad = padded ? 1 : 0;
        int in = c.inChannels();
        for (int i = 0; i < 5; i++) {
            int w = c.scale(64 << i);
            enc.add(registerModule("enc" + (i + 1), doubleConv(in, w, pad, c.batchNorm())));
            in = w;
        }
        pool = registerModule("pool", new MaxPool2d(2));
        for (int i = 0; i < 4; i++) {
            int w = c.scale(512 >> i);
            up.add(registerModule("up" + (i + 1), new ConvTranspose2d(in, w, 2, 2, 0)));
            dec.add(registerModule("dec" + (i + 1), doubleConv(2 * w, w, pad, c.batchNorm())));
            in = w;
        }
        head = registerModule("head", Blocks.conv(in, c.numClasses(), 1, 1, 0, true));
    }

    /** The paper: 1 input channel, 2 classes, unpadded, no batch norm. */
    public static UNet paper() {
        return new UNet(new ModelConfig(2, 1, 572, false, 1.0), false);
    }

    private static Sequential doubleConv(int in, int out, int pad, boolean bn) {
        Sequential s = new Sequential(Blocks.conv(in, out, 3, 1, pad, !bn));
        if (bn) {
            s.add(Blocks.bn(out));
        }
        s.add(Blocks.relu());
        s.add(Blocks.conv(out, out, 3, 1, pad, !bn));
        if (bn) {
            s.add(Blocks.bn(out));
        }
        s.add(Blocks.relu());
        return s;
    }

    @Override
    public Tensor forward(Tensor x) {
        List<Tensor> skips = new ArrayList<>();
        Tensor y = x;
        for (int i = 0; i < 5; i++) {
            y = enc.get(i).forward(i == 0 ? y : pool.forward(y));
            skips.add(y);
        }
        for (int i = 0; i < 4; i++) {
            Tensor u = up.get(i).forward(y);
            Tensor skip = skips.get(3 - i);
            y = dec.get(i).forward(F.concat(List.of(crop(skip, u.size(2), u.size(3)), u), 1));
        }
        return head.forward(y);
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        List<int[]> skips = new ArrayList<>();
        int[] y = x;
        for (int i = 0; i < 5; i++) {
            y = t.apply(enc.get(i), i == 0 ? y : t.apply(pool, y));
            skips.add(y);
        }
        for (int i = 0; i < 4; i++) {
            int[] u = t.apply(up.get(i), y);
            int[] skip = skips.get(3 - i).clone();
            if (skip[2] < u[2] || skip[3] < u[3]) {
                throw new IllegalArgumentException("UNet: input " + java.util.Arrays.toString(x) + " gives a skip"
                        + " map smaller than the upsampled one; use a size that survives four halvings");
            }
            skip[2] = u[2];
            skip[3] = u[3];
            y = t.apply(dec.get(i), Tracer.concat(this, 1, List.of(skip, u)));
        }
        return t.apply(head, y);
    }

    /** The centre {@code h×w} of {@code x} (the paper's "cropping of the feature map"). */
    private Tensor crop(Tensor x, int h, int w) {
        if (x.size(2) == h && x.size(3) == w) {
            return x;
        }
        if (x.size(2) < h || x.size(3) < w) {
            throw shapeError("input gives a skip map " + x.size(2) + "×" + x.size(3) + " smaller than the"
                    + " upsampled " + h + "×" + w + "; use a size that survives four halvings (e.g. a multiple of 16)");
        }
        int top = (x.size(2) - h) / 2;
        int left = (x.size(3) - w) / 2;
        return F.narrow(F.narrow(x, 2, top, h), 3, left, w);
    }
}
