/**
 * {@code fovea conformance DIR}: runs a directory of golden test vectors (the torch-golden format of
 * {@code shared/conformance/FORMAT.md}) through the public API, the same {@code F} functions, layer modules and
 * optimizers users call. {@link dev.fovea.cli.conformance.ConformanceRunner} reads and validates the index and every
 * case; one {@code OpRunner} per op (grouped by family in {@code *Ops} classes) maps a case's attributes and inputs to
 * API calls; everything comes from the case files, never from the case names. An attribute or input an adapter does
 * not read fails the case, so a new attribute combination can never pass by being ignored.
 */
package dev.fovea.cli.conformance;
