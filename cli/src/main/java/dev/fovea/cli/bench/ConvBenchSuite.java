package dev.fovea.cli.bench;

import dev.fovea.kernel.ConvGeometry;
import dev.fovea.kernel.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * 2D convolution through the active {@link Kernels}, NCHW float32, on the layer shapes of LeNet-5 (a, b), small
 * CIFAR ResNets (c, d, e), ResNet's 56×56 stage (f), and a MobileNet block (depthwise g, pointwise h).
 *
 * <p>{@code conv2d/X} is one training step's convolution work: forward, then backward data, backward weight and
 * bias (PyTorch: forward, then the gradient of {@code sum(y * g)} with respect to x, weight and bias). Its work is
 * counted as PyTorch's benchmarks do: 3 passes × 2 FLOPs per multiply-add × {@link ConvGeometry#macs()} (the bias
 * is ignored). {@code conv2d/X-forward} times the forward pass alone (2 × macs).
 */
public final class ConvBenchSuite implements BenchSuite {

    @Override
    public String name() {
        return "conv2d";
    }

    @Override
    public List<BenchCase> cases() {
        int[][] shapes = {
            // name index, batch, in, out, size, kernel, padding, groups
            {'a', 64, 1, 6, 28, 5, 2, 1},
            {'b', 64, 6, 16, 14, 5, 0, 1},
            {'c', 128, 16, 16, 32, 3, 1, 1},
            {'d', 128, 32, 32, 16, 3, 1, 1},
            {'e', 128, 64, 64, 8, 3, 1, 1},
            {'f', 16, 128, 128, 56, 3, 1, 1},
            {'g', 32, 128, 128, 56, 3, 1, 128},
            {'h', 32, 128, 256, 28, 1, 0, 1},
        };
        // the stride-2 transitions of CIFAR ResNet-20 (stage 1 -> 2, stage 2 -> 3): not in issue #2's list, timed
        // because they are a large share of that model's training step
        int[][] strided = {
            {'c', 128, 16, 32, 32, 3, 1, 1},
            {'d', 128, 32, 64, 16, 3, 1, 1},
        };
        List<BenchCase> out = new ArrayList<>();
        for (boolean backward : new boolean[] {true, false}) {
            for (int[] s : shapes) {
                String name = "conv2d/" + (char) s[0] + (backward ? "" : "-forward");
                out.add(new Conv(name, s[1], s[2], s[3], s[4], s[5], s[6], s[7], 1, backward));
            }
            for (int[] s : strided) {
                String name = "conv2d/s2-" + (char) s[0] + (backward ? "" : "-forward");
                out.add(new Conv(name, s[1], s[2], s[3], s[4], s[5], s[6], s[7], 2, backward));
            }
        }
        return out;
    }

    static final class Conv implements BenchCase {
        private final String name;
        private final ConvGeometry g;
        private final boolean backward;
        private float[] x;
        private float[] w;
        private float[] b;
        private float[] y;
        private float[] dy;
        private float[] dx;
        private float[] dw;
        private float[] db;

        Conv(String name, int batch, int in, int out, int size, int kernel, int pad, int groups, int stride,
                boolean backward) {
            this.name = name;
            this.g = new ConvGeometry(batch, in, out, groups, new int[] {size, size}, new int[] {kernel, kernel},
                    new int[] {stride, stride}, new int[] {pad, pad}, new int[] {pad, pad}, new int[] {1, 1});
            this.backward = backward;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Work work() {
            return Work.flops((backward ? 3.0 : 1.0) * 2.0 * g.macs());
        }

        @Override
        public void setup() {
            SplittableRandom rnd = new SplittableRandom(7);
            x = random(g.batch() * g.inChannels() * g.inSpatial(), rnd);
            w = random(g.outChannels() * (g.inChannels() / g.groups()) * g.kernelVolume(), rnd);
            b = random(g.outChannels(), rnd);
            y = new float[g.batch() * g.outChannels() * g.outSpatial()];
            if (backward) {
                dy = random(y.length, rnd);
                dx = new float[x.length];
                dw = new float[w.length];
                db = new float[b.length];
            }
        }

        @Override
        public void run() {
            Kernels k = Kernels.get();
            k.convForward(g, x, w, b, y);
            if (backward) {
                k.convBackwardData(g, dy, w, dx);
                k.convBackwardWeight(g, x, dy, dw, db);
            }
        }

        @Override
        public void teardown() {
            x = w = b = y = dy = dx = dw = db = null;
        }

        @Override
        public TorchSpec torch() {
            return TorchSpec.of("conv2d", "batch", g.batch(), "in_channels", g.inChannels(), "out_channels",
                    g.outChannels(), "size", g.inSize()[0], "kernel", g.kernel()[0], "padding", g.padBegin()[0],
                    "groups", g.groups(), "stride", g.stride()[0], "backward", backward);
        }

        private static float[] random(int size, SplittableRandom rnd) {
            float[] a = new float[size];
            for (int i = 0; i < size; i++) {
                a[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return a;
        }
    }
}
