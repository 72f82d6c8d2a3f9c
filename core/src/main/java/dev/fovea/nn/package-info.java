/**
 * Layer 4: modules (layers) with named parameters and buffers, losses and weight initialisation, in PyTorch's
 * vocabulary; built on {@code autograd}.
 */
package dev.fovea.nn;
