package dev.fovea.tensor;

import dev.fovea.kernel.Kernels;

/**
 * Pointwise functions of one tensor over contiguous runs: one switch per call, then a tight loop. {@code p} and
 * {@code q} carry the parameters of POW (exponent) and CLAMP (min, max).
 */
enum UnaryOp {
    NEG, EXP, LOG, SQRT, ABS, SIGN, SQUARE, RECIPROCAL, RELU, SIGMOID, TANH, POW, CLAMP;

    void run(float p, float q, float[] x, int xi, float[] y, int yi, int n) {
        switch (this) {
            case NEG -> Kernels.get().scale(n, -1f, x, xi, y, yi);
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = (float) Math.exp(x[xi + i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = (float) Math.log(x[xi + i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = (float) Math.sqrt(x[xi + i]);
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = Math.abs(x[xi + i]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = Math.signum(x[xi + i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xi + i];
                    y[yi + i] = v * v;
                }
            }
            case RECIPROCAL -> {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = 1f / x[xi + i];
                }
            }
            case RELU -> Kernels.get().reluForward(n, x, xi, y, yi);
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = sigmoid(x[xi + i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = (float) Math.tanh(x[xi + i]);
                }
            }
            case POW -> {
                if (p == 2f) {
                    SQUARE.run(p, q, x, xi, y, yi, n);
                } else if (p == 1f) {
                    System.arraycopy(x, xi, y, yi, n);
                } else if (p == 0.5f) {
                    SQRT.run(p, q, x, xi, y, yi, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        y[yi + i] = (float) Math.pow(x[xi + i], p);
                    }
                }
            }
            case CLAMP -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xi + i];
                    // NaN passes through, as in PyTorch
                    y[yi + i] = v < p ? p : (v > q ? q : v);
                }
            }
        }
    }

    /** The logistic function, computed so that neither tail overflows. */
    static float sigmoid(float v) {
        if (v >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-v)));
        }
        double e = Math.exp(v);
        return (float) (e / (1.0 + e));
    }

    /** A new contiguous tensor {@code op(x)}. */
    static Tensor apply(UnaryOp op, float p, float q, Tensor x) {
        float[] src = x.data();
        float[] out = new float[src.length];
        op.run(p, q, src, 0, out, 0, src.length);
        return new Tensor(out, x.shapeRef());
    }

    /** {@code x = op(x)} in place; returns x. */
    static Tensor applyInPlace(UnaryOp op, float p, float q, Tensor x) {
        if (x.isContiguous()) {
            op.run(p, q, x.storage(), x.offset(), x.storage(), x.offset(), x.numel());
        } else {
            x.copyFrom(apply(op, p, q, x));
        }
        return x;
    }
}
