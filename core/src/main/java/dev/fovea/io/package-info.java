/** Top layer: reading and writing models and data (checkpoints, safetensors, JSON), with atomic writes. */
package dev.fovea.io;
