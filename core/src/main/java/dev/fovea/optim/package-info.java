/** Layer 5: optimizers (SGD, RMSprop, Adam, ...), gradient clipping and learning-rate schedules. */
package dev.fovea.optim;
