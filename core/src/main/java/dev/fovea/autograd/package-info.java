/**
 * Layer 3: reverse-mode, define-by-run differentiation. One small class per differentiable op with forward and
 * backward side by side; {@code F} is the functional front door; a no-grad scope turns recording off.
 *
 * <p>Writing an op: a static {@code apply} computes the output with plain tensor or kernel math and, when
 * {@link dev.fovea.autograd.Op#recording} says so, attaches an instance that keeps only what backward needs.
 * {@code backward(dOut)} owns {@code dOut}'s buffer (it may overwrite it, or hand it to one input) and sends every
 * other input gradient as a fresh buffer. Every concrete op class needs a case in the finite-difference gradient
 * check (test {@code GradCases}, one file of cases per concept); a test fails for any op without one.
 */
package dev.fovea.autograd;
