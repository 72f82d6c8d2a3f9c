#!/usr/bin/env python3
"""Generates simd/src/main/java/dev/fovea/simd/SimdGemmMicro.java: the register-tiled sgemm micro-kernels.

Java cannot keep an array of vectors in registers, so every accumulator has to be its own local variable; writing
4 kernels x 24 accumulators by hand invites typos, hence this script. Run it from the repository root after
changing the tile shape, then commit the Java file it writes.
"""
import os

# (rows, vectors) of every packed kernel: 12 x 2 is the main tile, 6 x 1..4 serve short products and remainders.
SHAPES = [(12, 2), (12, 1), (6, 4), (6, 3), (6, 2), (6, 1)]
DIRECT = (6, 4)  # the kernel that reads B in place
PAIR = (6, 4)  # the kernel for 6-row panels over two 2-vector B panels


def kernel(MR, v, direct=False, pair=False):
    acc = [[f"c{i}_{j}" for j in range(v)] for i in range(MR)]
    out = []
    if pair:
        out.append(f"    /**")
        out.append(f"     * A {MR} x {v}-vector tile of C over two neighbouring packed B panels of {v // 2} vectors (the second at")
        out.append(f"     * {{@code bOff2}}): the short rows at the bottom of a block get {MR * v} accumulators instead of {MR * v // 2}.")
        out.append(f"     */")
        out.append(f"    static void tile{MR}x{v // 2}x2(int kc, float[] a, int aOff, float[] b, int bOff, int bOff2,")
    elif direct:
        out.append(f"    /**")
        out.append(f"     * A {MR} x {v}-vector tile of C with B read in place, rows {{@code ldb}} apart, for products too small to")
        out.append(f"     * repay packing B (the bounds checks stay in the loop here, see the class comment).")
        out.append(f"     */")
        out.append(f"    static void tile{MR}x{v}Direct(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,")
    else:
        out.append(f"    /** A {MR} x {v}-vector tile of C: C = beta * C + Ap * Bp over {{@code kc}} steps. */")
        out.append(f"    static void tile{MR}x{v}(int kc, float[] a, int aOff, float[] b, int bOff,")
    out.append("            float[] c, int cOff, int ldc, float beta) {")
    out.append("        FloatVector zero = FloatVector.zero(S);")
    for i in range(MR):
        out.append("        FloatVector " + ", ".join(f"{acc[i][j]} = zero" for j in range(v)) + ";")
    out.append("        for (int p = 0; p < kc; p++) {")
    out.append(f"            int ai = aOff + p * {MR};")
    if pair:
        h = v // 2
        out.append(f"            int bi = bOff + p * ({h} * L);")
        out.append(f"            int bj = bOff2 + p * ({h} * L);")
        for j in range(v):
            base = "bi" if j < h else "bj"
            jj = j % h
            off = "" if jj == 0 else f" + {jj} * L"
            out.append(f"            FloatVector b{j} = FloatVector.fromArray(S, b, {base}{off});")
    else:
        out.append("            int bi = bOff + p * ldb;" if direct else f"            int bi = bOff + p * ({v} * L);")
        for j in range(v):
            off = "" if j == 0 else f" + {j} * L"
            out.append(f"            FloatVector b{j} = FloatVector.fromArray(S, b, bi{off});")
    for i in range(MR):
        off = "" if i == 0 else f" + {i}"
        out.append(f"            FloatVector a{i} = FloatVector.broadcast(S, a[ai{off}]);")
        out.append("            " + " ".join(f"{acc[i][j]} = a{i}.fma(b{j}, {acc[i][j]});" for j in range(v)))
    out.append("        }")
    out.append("        int r0 = cOff;")
    for i in range(1, MR):
        out.append(f"        int r{i} = r{i - 1} + ldc;")
    out.append("        if (beta == 0f) {")
    for i in range(MR):
        stores = [f"{acc[i][j]}.intoArray(c, r{i}{'' if j == 0 else f' + {j} * L'});" for j in range(v)]
        for h in range(0, v, 2):
            out.append("            " + " ".join(stores[h:h + 2]))
    out.append("        } else {")
    out.append("            FloatVector bv = FloatVector.broadcast(S, beta);")
    for i in range(MR):
        for j in range(v):
            o = f"r{i}" + ("" if j == 0 else f" + {j} * L")
            out.append(f"            FloatVector.fromArray(S, c, {o}).fma(bv, {acc[i][j]}).intoArray(c, {o});")
    out.append("        }")
    out.append("    }")
    return "\n".join(out)


HEADER = """package dev.fovea.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sgemm micro-kernels: a tile of C held in vector registers over packed A (micro-panels of MR rows, k-major: MR
 * floats per k step, alpha already applied) and a packed B panel ({@code v * L} floats per k step). Each k step
 * broadcasts MR values of A and does MR x v FMAs.
 *
 * <p>The main tile is 12 x 2 vectors: 24 accumulators, 2 B vectors and a broadcast fit the 32 AVX-512 registers,
 * and with KC = 256 its B micro-panel (32 KiB) stays in L1; it measured 5-15% faster in Java than 6 x 4, 8 x 3 or
 * 14 x 2. The 6-row kernels serve short products (M of a few dozen, where 12-row tiles would waste FMAs on padding)
 * and the last rows of taller ones. The B stride is a compile-time constant on purpose: C2 only hoists the bounds
 * checks of the vector loads out of the loop when the index is a constant multiple of the loop counter, and checks
 * left inside compete with the FMAs for execution ports.
 *
 * <p>What C2 makes of the 12 x 2 loop (read with hsdis, 25 November): per k step 2 vmovups of B, 12 vbroadcastss
 * straight from memory (load ports, no shuffles), 24 vfmadd231ps, 9 scalar instructions of index arithmetic and
 * loop control, no bounds checks, no spills. Alone on L1-resident panels it runs at about 85% of an FMA-only loop.
 * Unrolling the k loop in the source did not pay: 2 steps per iteration measured 0-4% faster alone, 3 to 8 steps
 * 20-50% slower, and already at 2 steps C1 gives up on the method (tier 3: "out of virtual registers"), after which
 * it stayed in tier-2 code at about 1 GFLOP/s in one run. Loading B one step ahead measured the same; padding A to
 * 16 or 32 floats per step 10% slower.
 *
 * <p>GENERATED by scripts/gen-simd-gemm-micro.py (each accumulator must be a separate local for C2 to keep it in a
 * register); edit the script, not this file.
 */
final class SimdGemmMicro {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();

    private SimdGemmMicro() {}

    /**
     * Multiplies a packed {@code mr} x kc micro-panel of A by a packed kc x {@code v * L} panel of B into the full tile
     * at {@code c[cOff]}, {@code C = beta * C + A B} (beta 0 ignores C's old contents).
     */
    static void tile(int mr, int v, int kc, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int ldc, float beta) {
        switch (mr * 8 + v) {
"""


def main():
    parts = [HEADER]
    for mr, v in SHAPES:
        parts.append(f"            case {mr * 8 + v} -> tile{mr}x{v}(kc, a, aOff, b, bOff, c, cOff, ldc, beta);\n")
    parts.append('            default -> throw new IllegalArgumentException("sgemm micro-kernel: no " + mr + " x " + v\n')
    parts.append('                    + " tile");\n')
    parts.append("        }\n    }\n")
    for mr, v in SHAPES:
        parts.append("\n" + kernel(mr, v) + "\n")
    parts.append("\n" + kernel(DIRECT[0], DIRECT[1], direct=True) + "\n")
    parts.append("\n" + kernel(PAIR[0], PAIR[1], pair=True) + "\n")
    parts.append("}\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "simd/src/main/java/dev/fovea/simd/SimdGemmMicro.java")
    with open(path, "w") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main()
