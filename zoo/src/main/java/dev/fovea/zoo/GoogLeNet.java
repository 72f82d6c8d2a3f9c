package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.AdaptiveAvgPool2d;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.PoolSpec;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * GoogLeNet / Inception v1 (Szegedy et al. 2014, Table 1) with torchvision's names ({@code conv1},
 * {@code maxpool1}, {@code inception3a} ... {@code inception5b}, {@code avgpool}, {@code dropout}, {@code fc}).
 * With batch norm (default) every convolution is torchvision's {@link BasicConv2d} (conv + BN); without it the
 * network is the paper's: biased convolutions and local response normalisation after the first pooling and
 * after conv3, dropout 0.4. With {@code auxLogits} the paper's two auxiliary classifiers ({@code aux1} after
 * inception4a, {@code aux2} after inception4d, {@link InceptionAux}) are built; {@link #forward} returns the main
 * logits only (what inference uses), {@link #forwardWithAux} all three for training. The paper's 5×5 convolutions are used in branch3 (see {@link Inception}), so with batch
 * norm there are 7,005,832 parameters, torchvision's 6,624,904 plus 380,928 for the larger kernels (6,998,552
 * in the paper's form without batch norm). Multiply-adds at 224: 1.58 G (the paper: "1.5 billion").
 */
public final class GoogLeNet extends Module implements Traceable {
    private final List<Module> stem = new ArrayList<>();
    private final List<Module> body = new ArrayList<>();
    private final InceptionAux aux1;
    private final InceptionAux aux2;
    private final AdaptiveAvgPool2d avgpool;
    private final Module dropout;
    private final Module fc;

    /** The three outputs of a training forward; the auxiliary ones are null without {@code auxLogits}. */
    public record Outputs(Tensor logits, Tensor aux1, Tensor aux2) {}

    public GoogLeNet(ModelConfig c) {
        this(c, false);
    }

    public GoogLeNet(ModelConfig c, boolean auxLogits) {
        boolean bn = c.batchNorm();
        stem.add(registerModule("conv1", new BasicConv2d(c.inChannels(), c.scale(64), 7, 2, 3, bn)));
        stem.add(registerModule("maxpool1", pool(3, 2)));
        if (!bn) {
            stem.add(registerModule("lrn1", AlexNet.paperLrn()));
        }
        stem.add(registerModule("conv2", new BasicConv2d(c.scale(64), c.scale(64), 1, 1, 0, bn)));
        stem.add(registerModule("conv3", new BasicConv2d(c.scale(64), c.scale(192), 3, 1, 1, bn)));
        if (!bn) {
            stem.add(registerModule("lrn2", AlexNet.paperLrn()));
        }
        stem.add(registerModule("maxpool2", pool(3, 2)));
        int[][] table = {
            {64, 96, 128, 16, 32, 32}, {128, 128, 192, 32, 96, 64}, null,
            {192, 96, 208, 16, 48, 64}, {160, 112, 224, 24, 64, 64}, {128, 128, 256, 24, 64, 64},
            {112, 144, 288, 32, 64, 64}, {256, 160, 320, 32, 128, 128}, null,
            {256, 160, 320, 32, 128, 128}, {384, 192, 384, 48, 128, 128}};
        String[] names = {"inception3a", "inception3b", "maxpool3", "inception4a", "inception4b", "inception4c",
            "inception4d", "inception4e", "maxpool4", "inception5a", "inception5b"};
        int in = c.scale(192);
        int[] auxIn = new int[2];
        for (int i = 0; i < table.length; i++) {
            int[] r = table[i];
            if (r == null) {
                body.add(registerModule(names[i], i == 2 ? pool(3, 2) : pool(2, 2)));
                continue;
            }
            int[] w = new int[6];
            for (int j = 0; j < 6; j++) {
                w[j] = c.scale(r[j]);
            }
            body.add(registerModule(names[i], new Inception(in, w[0], w[1], w[2], w[3], w[4], w[5], bn)));
            in = w[0] + w[2] + w[4] + w[5];
            if (i == 3 || i == 6) {
                auxIn[i == 3 ? 0 : 1] = in; // after inception4a and inception4d
            }
        }
        aux1 = auxLogits ? registerModule("aux1", new InceptionAux(auxIn[0], c.numClasses(), c)) : null;
        aux2 = auxLogits ? registerModule("aux2", new InceptionAux(auxIn[1], c.numClasses(), c)) : null;
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        dropout = registerModule("dropout", Blocks.dropout(bn ? 0.2 : 0.4));
        fc = registerModule("fc", Blocks.linear(in, c.numClasses()));
    }

    /** torchvision's pooling: ceil mode, so 112 → 56 → 28 → 14 → 7 as in the paper's table. */
    private static MaxPool2d pool(int k, int s) {
        return new MaxPool2d(PoolSpec.of(2, k).withStride(s).withCeilMode(true));
    }

    @Override
    public Tensor forward(Tensor x) {
        return run(x, false).logits();
    }

    /** Main and auxiliary logits (the paper's training loss: main + 0.3 × each auxiliary loss). */
    public Outputs forwardWithAux(Tensor x) {
        if (aux1 == null) {
            throw new IllegalStateException(label() + ": built without auxiliary classifiers; construct with"
                    + " auxLogits=true");
        }
        return run(x, true);
    }

    private Outputs run(Tensor x, boolean withAux) {
        Tensor y = x;
        for (Module m : stem) {
            y = m.forward(y);
        }
        Tensor a1 = null;
        Tensor a2 = null;
        for (Module m : body) {
            y = m.forward(y);
            if (withAux && m == body.get(3)) {
                a1 = aux1.forward(y);
            } else if (withAux && m == body.get(6)) {
                a2 = aux2.forward(y);
            }
        }
        return new Outputs(fc.forward(dropout.forward(F.flatten(avgpool.forward(y), 1))), a1, a2);
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = x;
        for (Module m : stem) {
            y = t.apply(m, y);
        }
        for (Module m : body) {
            y = t.apply(m, y);
        }
        y = t.apply(avgpool, y);
        return t.apply(fc, t.apply(dropout, new int[] {y[0], y[1] * y[2] * y[3]}));
    }
}
