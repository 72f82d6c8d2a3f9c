/**
 * Layer 2, fast path: the {@link dev.fovea.kernel.Kernels} implementation on {@code jdk.incubator.vector}, the
 * only package in Fovea that imports it. Vector types never leave this package.
 */
package dev.fovea.simd;
