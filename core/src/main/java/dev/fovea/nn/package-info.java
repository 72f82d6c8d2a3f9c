/**
 * Layer 4: modules (layers) with named parameters and buffers, weight initialisation, in PyTorch's vocabulary;
 * built on {@code autograd}.
 *
 * <p>{@link dev.fovea.nn.Module} is the base: explicit registration of parameters, buffers and children gives
 * PyTorch state-dict names ({@code features.0.weight}); train/eval, freezing, zeroGrad, strict state-dict loading.
 * Containers: {@link dev.fovea.nn.Sequential}, {@link dev.fovea.nn.Residual} (add), {@link dev.fovea.nn.Concat},
 * {@link dev.fovea.nn.Identity}.
 *
 * <p>Layers: Linear; Conv1d/2d/3d ({@link dev.fovea.nn.ConvSpec}, {@link dev.fovea.nn.Padding} incl. same/valid),
 * ConvTranspose2d, DepthwiseSeparableConv2d; MaxPool1d/2d/3d, AvgPool1d/2d/3d ({@link dev.fovea.nn.PoolSpec}),
 * AdaptiveAvgPool2d, AdaptiveMaxPool2d, GlobalAvgPool2d; Flatten; Dropout, Dropout2d; BatchNorm1d/2d/3d
 * ({@link dev.fovea.nn.BatchNormSpec}), LayerNorm, InstanceNorm2d, GroupNorm, LocalResponseNorm; ReLU, LeakyReLU,
 * ELU, GELU, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax; Upsample, PixelShuffle, ChannelShuffle.
 * {@link dev.fovea.nn.Init} holds the initialisation schemes, all drawing from a seeded {@code Rng}.
 */
package dev.fovea.nn;
