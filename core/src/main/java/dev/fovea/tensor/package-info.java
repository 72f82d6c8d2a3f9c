/**
 * Layer 1 of the data flow (tensor → kernel → autograd → nn → optim → data → train): float32 n-d arrays with
 * shape, strides and views, creation, seeded random numbers and plain (non-recording) math. Depends on nothing.
 */
package dev.fovea.tensor;
