/** Layer 7: the training loop, metrics, callbacks, checkpoints and progress display. */
package dev.fovea.train;
