package dev.fovea.simd;

import static dev.fovea.simd.SimdGemm.KC;
import static dev.fovea.simd.SimdGemm.MC;
import static dev.fovea.simd.SimdGemm.MR;
import static dev.fovea.simd.SimdGemm.NC;
import static dev.fovea.simd.SimdGemm.NR;

import dev.fovea.kernel.Parallel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packed sgemm path: op(B) is packed once per call into panels that every thread reads, and each thread then
 * sweeps its own rows (or columns) of C with its own packed blocks of A.
 *
 * <p>Two things are measured to matter on a 2-core AVX-512 machine (48 KiB L1d, 2 MiB L2 per core):
 * <ul>
 * <li>Packing B per thread (the earlier design, which needs no synchronisation) repeats it for every row cut of C;
 * here the threads pack disjoint pieces of B, claimed from a counter, and wait until all pieces are done.</li>
 * <li>The loops run jc (NC columns) → ic (MC rows) → pc (KC deep), with all of B's depth packed up front, so the
 * MC x NC block of C stays in L2 while the k slices are accumulated into it. The classic jc → pc → ic order
 * sweeps all of C once per KC slice and pays an L3 round trip on every tile load and store.</li>
 * </ul>
 * B is packed in super-blocks of at most {@link #CAP} floats (all of K for as many column blocks as fit, or K
 * slices of one column block), one parallel region each.
 */
final class SimdGemmShared {
    /** Most floats of packed B held at once (8 MiB): the whole of B for the shapes convolutions produce. */
    static final int CAP = Integer.getInteger("fovea.gemm.sharedCap", 1 << 21);
    /** Columns per packing claim: small enough to balance two threads, large enough to amortise the claim. */
    private static final int PACK_COLS = 8 * NR;

    private SimdGemmShared() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc, int threads) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads, CAP);
    }

    /** As above with at most {@code cap} floats of packed B at once (tests use tiny caps to cut B up). */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc, int threads, int cap) {
        // Column blocks of equal width (whole panels), so the last one is not a sliver.
        int blocks = (n + NC - 1) / NC;
        int ncb = SimdGemm.roundUp((n + blocks - 1) / blocks, NR);
        int perSuper;
        int kk;
        if ((long) k * ncb <= cap) {
            kk = k;
            perSuper = (int) Math.max(1, cap / ((long) k * ncb));
        } else {
            kk = Math.max(KC, cap / ncb / KC * KC);
            perSuper = 1;
        }
        SimdGemm.Workspace caller = SimdGemm.WORKSPACE.get();
        for (int j0 = 0; j0 < n; j0 += perSuper * ncb) {
            int j1 = Math.min(n, j0 + perSuper * ncb);
            for (int p0 = 0; p0 < k; p0 += kk) {
                int p1 = Math.min(k, p0 + kk);
                SuperBlock sb = new SuperBlock(transA, transB, m, j0, j1, p0, p1, ncb, k, alpha, a, aOff, lda, b, bOff,
                        ldb, p0 == 0 ? beta : 1f, c, cOff, ldc, caller, threads);
                if (sb.split.tasks() == 1) {
                    sb.run(0, 1);
                } else {
                    Parallel.forRange(sb.split.tasks(), sb::run);
                }
            }
        }
    }

    /** Columns [j0, j1) x depth [p0, p1) of op(B), packed once and swept by all tasks. */
    private static final class SuperBlock {
        final boolean transA;
        final boolean transB;
        final int m;
        final int j0;
        final int j1;
        final int p0;
        final int p1;
        final int ncb;
        final float alpha;
        final float[] a;
        final int aOff;
        final int lda;
        final float[] b;
        final int bOff;
        final int ldb;
        final float beta;
        final float[] c;
        final int cOff;
        final int ldc;
        final float[] packed;
        final SimdGemmSplit split;
        final int slices;
        final int chunks;
        final int units;
        final AtomicInteger claimed = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();

        SuperBlock(boolean transA, boolean transB, int m, int j0, int j1, int p0, int p1, int ncb, int k,
                float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                float[] c, int cOff, int ldc, SimdGemm.Workspace caller, int threads) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.j0 = j0;
            this.j1 = j1;
            this.p0 = p0;
            this.p1 = p1;
            this.ncb = ncb;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            int blocks = (j1 - j0 + ncb - 1) / ncb;
            int need = blocks * (p1 - p0) * ncb;
            if (caller.shared.length < need) {
                caller.shared = new float[need];
            }
            packed = caller.shared;
            split = SimdGemmSplit.choose(m, j1 - j0, p1 - p0, transA, transB, threads, true);
            slices = (p1 - p0 + KC - 1) / KC;
            chunks = (Math.min(ncb, j1 - j0) + PACK_COLS - 1) / PACK_COLS;
            units = blocks * slices * chunks;
        }

        /** Where the packed KC slice starting at depth pc of column block bi begins. */
        private int sliceOffset(int bi, int pc) {
            return (bi * (p1 - p0) + (pc - p0)) * ncb;
        }

        /** Body of one parallel chunk: help pack B until all of it is packed, then compute tasks [from, to). */
        void run(int from, int to) {
            for (int u = claimed.getAndIncrement(); u < units; u = claimed.getAndIncrement()) {
                packUnit(u);
                finished.incrementAndGet();
            }
            // Every unclaimed piece is gone, so the ones still missing are being packed by running threads.
            for (int spins = 0; finished.get() < units; spins++) {
                if (spins < 1 << 12) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            for (int t = from; t < to; t++) {
                compute(split.rowStart(t), split.rowEnd(t), j0 + split.colStart(t), j0 + split.colEnd(t));
            }
        }

        private void packUnit(int u) {
            int chunk = u % chunks;
            int slice = u / chunks % slices;
            int bi = u / chunks / slices;
            int jb = j0 + bi * ncb;
            int nb = Math.min(ncb, j1 - jb);
            int cs = chunk * PACK_COLS;
            if (cs >= nb) {
                return;
            }
            int pc = p0 + slice * KC;
            int kc = Math.min(KC, p1 - pc);
            SimdGemmPack.packB(transB, b, bOff, ldb, pc, kc, jb + cs, Math.min(PACK_COLS, nb - cs), NR, packed,
                    sliceOffset(bi, pc) + cs * kc);
        }

        /** Rows [r0, r1) x columns [c0, c1) of C (columns cut at whole panels from j0). */
        private void compute(int r0, int r1, int c0, int c1) {
            if (r0 >= r1 || c0 >= c1) {
                return;
            }
            SimdGemm.Workspace ws = SimdGemm.WORKSPACE.get();
            for (int bi = (c0 - j0) / ncb; j0 + bi * ncb < c1; bi++) {
                int jb = j0 + bi * ncb;
                int cs = Math.max(c0, jb);
                int ce = Math.min(c1, Math.min(j1, jb + ncb));
                for (int ic = r0; ic < r1; ic += MC) {
                    int mc = Math.min(MC, r1 - ic);
                    for (int pc = p0; pc < p1; pc += KC) {
                        int kc = Math.min(KC, p1 - pc);
                        SimdGemmPack.packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, MR, ws.a);
                        SimdGemm.macro(ws, MR, NR, mc, ce - cs, kc, c, cOff + ic * ldc + cs, ldc,
                                pc == p0 ? beta : 1f, packed, sliceOffset(bi, pc) + (cs - jb) * kc, null, 0, 0, 0);
                    }
                }
            }
        }
    }
}
