/**
 * Layer 3: reverse-mode, define-by-run differentiation. One small class per differentiable op with forward and
 * backward side by side; {@code F} is the functional front door; a no-grad scope turns recording off.
 */
package dev.fovea.autograd;
