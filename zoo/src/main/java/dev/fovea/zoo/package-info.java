/** Above nn: builders for the classic architectures and the model summary (shapes, parameters, memory, FLOPs). */
package dev.fovea.zoo;
