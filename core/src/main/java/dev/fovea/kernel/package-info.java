/**
 * Layer 2: compute primitives on flat {@code float[]} buffers (GEMM, convolution, pooling, elementwise) behind the
 * {@link dev.fovea.kernel.Kernels} interface, with a scalar reference here and a SIMD implementation in
 * {@code fovea-simd}; plus {@link dev.fovea.kernel.Parallel} for multi-core loops. Knows nothing of autograd.
 */
package dev.fovea.kernel;
