/**
 * The model summary: per-layer output shapes, parameters, activation memory and multiply-adds, found by shape
 * inference through the modules (no forward pass over real data), with a table and a JSON printer.
 */
package dev.fovea.zoo.summary;
