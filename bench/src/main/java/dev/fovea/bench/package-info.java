/** JMH microbenchmarks of the kernels; the user-facing numbers come from {@code fovea bench}. */
package dev.fovea.bench;
