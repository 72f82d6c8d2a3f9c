/**
 * Layer 5: optimizers, gradient clipping and learning-rate schedules, with PyTorch's formulas and defaults.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9).withWeightDecay(5e-4));
 * var schedule = new LrScheduler(opt, new LinearWarmup(5, 0.1, new CosineAnnealingLR(95)));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     for (Batch b : loader) {
 *         opt.zeroGrad();
 *         F.crossEntropy(model.forward(b.images()), b.labels()).backward();
 *         ClipGrad.clipGradNorm(model.parameters(), 5.0);
 *         opt.step();
 *     }
 *     schedule.step();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Optimizers ({@link dev.fovea.optim.SGD}, {@link dev.fovea.optim.Adam}, {@link dev.fovea.optim.AdamW},
 *       {@link dev.fovea.optim.RMSprop}, {@link dev.fovea.optim.Adagrad}) take a parameter list or
 *       {@link dev.fovea.optim.ParamGroup}s with their own learning rate and weight decay, and a validated
 *       {@code Options} record. {@code step()} is one fused loop per parameter that updates the float storage in
 *       place; after the first step it allocates nothing.</li>
 *   <li>{@code stateDict()}/{@code loadStateDict()} on optimizers and schedules return and take a
 *       {@link dev.fovea.optim.StateDict} (named tensors and numbers, PyTorch's key names) so a checkpoint resumes
 *       bit for bit.</li>
 *   <li>Schedules are pure functions of the base rate and the epoch ({@link dev.fovea.optim.LrSchedule}, so a lambda
 *       is PyTorch's {@code LambdaLR}) driven by an {@link dev.fovea.optim.LrScheduler};
 *       {@link dev.fovea.optim.ReduceLROnPlateau} reacts to a metric instead.</li>
 * </ul>
 */
package dev.fovea.optim;
