package dev.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.tensor.Rng;
import dev.fovea.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * conv_transpose2d against the scatter definition of FORMAT.md 5.2, including output_padding larger than the
 * padding (trailing rows that only get the bias) and output_padding >= stride (allowed when below dilation).
 */
class ConvTransposeReferenceTest {

    private static float[] reference(Tensor x, Tensor w, Tensor b, int s, int p, int op, int d, int groups) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int cog = w.size(1), k = w.size(2), cout = cog * groups, cig = cin / groups;
        int oh = (h - 1) * s - 2 * p + d * (k - 1) + op + 1;
        int ow = (wd - 1) * s - 2 * p + d * (k - 1) + op + 1;
        float[] y = new float[n * cout * oh * ow];
        for (int i = 0; i < n; i++) {
            for (int ci = 0; ci < cin; ci++) {
                int g = ci / cig;
                for (int co = 0; co < cog; co++) {
                    for (int hh = 0; hh < h; hh++) {
                        for (int ww = 0; ww < wd; ww++) {
                            for (int a = 0; a < k; a++) {
                                for (int c = 0; c < k; c++) {
                                    int oy = hh * s - p + a * d;
                                    int ox = ww * s - p + c * d;
                                    if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
                                        y[((i * cout + g * cog + co) * oh + oy) * ow + ox] +=
                                                x.get(i, ci, hh, ww) * w.get(ci, co, a, c);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int co = 0; co < cout; co++) {
                for (int q = 0; q < oh * ow; q++) {
                    y[(i * cout + co) * oh * ow + q] += b.get(co);
                }
            }
        }
        return y;
    }

    @Test
    void matchesTheScatterDefinition() {
        int[][] configs = { // stride, padding, output_padding, dilation, groups
            {2, 1, 1, 1, 1}, {2, 0, 1, 1, 2}, {3, 0, 2, 1, 1}, {1, 0, 1, 2, 1}, {2, 1, 0, 2, 2}, {1, 1, 2, 3, 1}};
        Rng rng = new Rng(3);
        for (int[] c : configs) {
            Tensor x = Tensor.randn(rng, 2, 4, 3, 4);
            Tensor w = Tensor.randn(rng, 4, 3, 3, 3);
            Tensor b = Tensor.randn(rng, 3 * c[4]);
            Tensor y = F.convTranspose2d(x, w, b, new int[] {c[0], c[0]}, new int[] {c[1], c[1]},
                    new int[] {c[2], c[2]}, new int[] {c[3], c[3]}, c[4]);
            float[] expected = reference(x, w, b, c[0], c[1], c[2], c[3], c[4]);
            assertEquals(expected.length, y.numel(), java.util.Arrays.toString(c));
            float[] got = y.toArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], 1e-4f, java.util.Arrays.toString(c) + " element " + i);
            }
        }
    }
}
