"""Writes the conformance-variants test directory: FORMAT.md cases with other shapes and attribute combinations
than torch-golden (asymmetric strides, groups with channel multipliers, ceil-mode windows, output sizes above the
input, broadcasting on both sides, more optimizer steps, scalar parameters...), so the suite checks that the runner
and the ops are general rather than fitted to one directory.

Expected values come from the float64 references in ref.py (gradients by central differences), which gen.py first
validates against torch-golden:  python3 gen.py ../../../../shared/conformance/torch-golden  must print "bad: {}".
Regenerate with:  python3 variants.py ../resources/conformance-variants
"""
import json, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(__file__))
from gen import fwd, optim, grads, dump_tensor, OPTIMS

rng = np.random.default_rng(7)
def rnd(*shape, margin=0.0, lo=-1.0, hi=1.0):
    a = rng.uniform(lo, hi, size=shape).astype(np.float32).astype(np.float64)
    if margin:
        a = np.where(np.abs(a) < margin, np.sign(a + 1e-9) * (margin + np.abs(a)), a).astype(np.float32).astype(np.float64)
    return a

C = []  # (op, name, attrs, inputs(dict name->(array, int64?)), grad names, tol)
def case(op, name, attrs, inputs, grads_=None, tol=(1e-4, 1e-5)):
    if grads_ is None:
        grads_ = [k for k, v in inputs.items() if not isinstance(v, tuple) and k not in ('target', 'running_mean', 'running_var')]
    C.append((op, name, attrs, inputs, grads_, tol))

T = (2e-4, 2e-5)
case('conv1d', 'g2_s3_p2_d2', dict(stride=[3], padding=[2], dilation=[2], groups=2), dict(x=rnd(3, 6, 11), weight=rnd(4, 3, 4), bias=rnd(4)), tol=T)
case('conv2d', 'asym_nobias', dict(stride=[2, 1], padding=[1, 0], dilation=[1, 2], groups=1), dict(x=rnd(1, 3, 7, 9), weight=rnd(6, 3, 3, 2)), tol=T)
case('conv2d', 'depthwise_mult2', dict(stride=[1, 2], padding=[2, 1], dilation=[2, 1], groups=3), dict(x=rnd(2, 3, 5, 6), weight=rnd(6, 1, 3, 3), bias=rnd(6)), tol=T)
case('conv3d', 'g2_asym', dict(stride=[1, 2, 1], padding=[1, 0, 1], dilation=[1, 1, 2], groups=2), dict(x=rnd(1, 4, 3, 5, 4), weight=rnd(2, 2, 2, 3, 1), bias=rnd(2)), tol=T)
case('conv_transpose2d', 'g2_s23_op12', dict(stride=[2, 3], padding=[1, 0], output_padding=[1, 2], dilation=[1, 1], groups=2), dict(x=rnd(2, 4, 3, 4), weight=rnd(4, 3, 3, 2), bias=rnd(6)), tol=T)
case('conv_transpose2d', 'd21_s12', dict(stride=[1, 2], padding=[2, 1], output_padding=[1, 1], dilation=[2, 1], groups=1), dict(x=rnd(1, 2, 4, 3), weight=rnd(2, 3, 3, 3)), tol=T)
case('max_pool2d', 'asym_ceil', dict(kernel_size=[3, 2], stride=[2, 3], padding=[1, 1], dilation=[1, 2], ceil_mode=True), dict(x=rnd(2, 3, 9, 10)))
case('max_pool2d', 'asym_d2', dict(kernel_size=[2, 3], stride=[1, 2], padding=[0, 1], dilation=[2, 1], ceil_mode=False), dict(x=rnd(1, 2, 6, 7)))
case('avg_pool2d', 'asym_ceil_cip', dict(kernel_size=[3, 4], stride=[3, 2], padding=[1, 2], ceil_mode=True, count_include_pad=True), dict(x=rnd(1, 2, 7, 8)))
case('avg_pool2d', 'asym_ceil_nocip', dict(kernel_size=[3, 4], stride=[3, 2], padding=[1, 2], ceil_mode=True, count_include_pad=False), dict(x=rnd(1, 2, 7, 8)))
case('adaptive_avg_pool2d', 'up_5x3_to_7x2', dict(output_size=[7, 2]), dict(x=rnd(2, 2, 5, 3)))
case('adaptive_max_pool2d', '9x4_to_4x3', dict(output_size=[4, 3]), dict(x=rnd(1, 3, 9, 4)))
case('adaptive_max_pool2d', 'up_3x2_to_5x5', dict(output_size=[5, 5]), dict(x=rnd(1, 2, 3, 2)))
case('global_avg_pool2d', '1x5', {}, dict(x=rnd(3, 2, 1, 5)))
case('batch_norm2d', 'train_m0.5', dict(momentum=0.5, eps=0.01, training=True), dict(x=rnd(3, 2, 2, 3), weight=rnd(2), bias=rnd(2), running_mean=rnd(2), running_var=rnd(2, lo=0.5, hi=2)))
case('batch_norm2d', 'eval_noaffine', dict(momentum=0.2, eps=0.001, training=False), dict(x=rnd(2, 3, 2, 2), running_mean=rnd(3), running_var=rnd(3, lo=0.5, hi=2)))
case('layer_norm', '3d_two_dims', dict(normalized_shape=[3, 4], eps=1e-5), dict(x=rnd(2, 3, 4)))
case('layer_norm', 'affine_eps1e-3', dict(normalized_shape=[7], eps=1e-3), dict(x=rnd(5, 7), weight=rnd(7), bias=rnd(7)))
case('instance_norm2d', 'affine_eps1e-4', dict(eps=1e-4, affine=True), dict(x=rnd(1, 5, 3, 4), weight=rnd(5), bias=rnd(5)))
case('group_norm', 'g3_affine', dict(num_groups=3, eps=1e-5), dict(x=rnd(2, 6, 2, 3), weight=rnd(6), bias=rnd(6)))
case('local_response_norm', 'size7_gt_c', dict(size=7, alpha=0.5, beta=0.6, k=1.5), dict(x=rnd(2, 3, 2, 2)))
case('local_response_norm', 'size4', dict(size=4, alpha=0.2, beta=0.9, k=0.5), dict(x=rnd(1, 6, 2, 3)))
case('relu', '3d', {}, dict(x=rnd(3, 2, 5, margin=0.02)))
case('leaky_relu', 'slope0.3', dict(negative_slope=0.3), dict(x=rnd(3, 2, 5, margin=0.02)))
case('softplus', 'b0.5_t2', dict(beta=0.5, threshold=2.0), dict(x=rnd(4, 6, lo=-8, hi=8)))
case('elu', 'alpha2', dict(alpha=2.0), dict(x=rnd(2, 9, margin=0.02)))
case('gelu', 'tanh_3d', dict(approximate='tanh'), dict(x=rnd(2, 2, 3, lo=-3, hi=3)))
case('sigmoid', '1d', {}, dict(x=rnd(7, lo=-4, hi=4)))
case('tanh', '5d', {}, dict(x=rnd(1, 2, 1, 2, 3)))
case('softmax', 'dim0', dict(dim=0), dict(x=rnd(4, 3)))
case('softmax', 'dim_neg2', dict(dim=-2), dict(x=rnd(2, 5, 3)))
case('log_softmax', 'dim2_3d', dict(dim=2), dict(x=rnd(2, 3, 4)))
case('cross_entropy', 'sum_ls0.3', dict(reduction='sum', label_smoothing=0.3), dict(logits=rnd(5, 3, lo=-3, hi=3), target=(np.array([2, 0, 1, 1, 2]), True)))
case('nll_loss', 'sum_c7', dict(reduction='sum'), dict(input=rnd(3, 7, lo=-4, hi=0), target=(np.array([6, 0, 3]), True)))
case('mse_loss', 'mean_3d', dict(reduction='mean'), dict(input=rnd(2, 3, 2), target=rnd(2, 3, 2)), grads_=['input'])
case('bce_with_logits', 'sum_1d', dict(reduction='sum'), dict(logits=rnd(6, lo=-5, hi=5), target=rnd(6, lo=0, hi=1)), grads_=['logits'])
case('upsample_nearest2d', 's3x1', dict(scale_factor=[3, 1]), dict(x=rnd(1, 2, 2, 3)))
case('upsample_bilinear2d', 'h1_s2x3', dict(scale_factor=[2, 3], align_corners=False), dict(x=rnd(1, 2, 1, 3)))
case('upsample_bilinear2d', 'h1_s2x3_align', dict(scale_factor=[2, 3], align_corners=True), dict(x=rnd(1, 2, 1, 3)))
case('pixel_shuffle', 'r2_c3_2x3', dict(upscale_factor=2), dict(x=rnd(1, 12, 2, 3)))
case('channel_shuffle', 'g4', dict(groups=4), dict(x=rnd(1, 8, 2, 1)))
case('concat', 'dim_neg3', dict(dim=-3), dict(a=rnd(2, 3, 2), b=rnd(1, 3, 2)))
case('concat', 'dim2_3d', dict(dim=2), dict(a=rnd(2, 3, 1), b=rnd(2, 3, 4)))
case('add', 'both_broadcast', {}, dict(a=rnd(3, 1), b=rnd(1, 4)))
case('add', 'rank_differs', {}, dict(a=rnd(2, 1, 3), b=rnd(4, 1)))
case('flatten', 'start0', dict(start_dim=0), dict(x=rnd(2, 3, 4)))
case('flatten', 'start_last', dict(start_dim=-1), dict(x=rnd(2, 3)))
case('linear', 'n3_in7_out2', {}, dict(x=rnd(3, 7), weight=rnd(2, 7), bias=rnd(2)))
case('linear', 'n1_in1_out1_nobias', {}, dict(x=rnd(1, 1), weight=rnd(1, 1)))
def opt_inputs(shape, k):
    d = dict(param=rnd(*shape))
    for i in range(k): d[f'grad_{i}'] = rnd(*shape)
    return d
case('sgd', 'nesterov_wd_5steps', dict(lr=0.05, momentum=0.8, dampening=0.0, nesterov=True, weight_decay=0.1), opt_inputs((3, 2), 5), [])
case('sgd', 'damp0.3_scalar', dict(lr=0.2, momentum=0.5, dampening=0.3, nesterov=False, weight_decay=0.05), opt_inputs((), 4), [])
case('adam', 'betas0.5_0.6_wd', dict(lr=0.02, betas=[0.5, 0.6], eps=1e-4, weight_decay=0.2), opt_inputs((7,), 4), [])
case('adamw', 'lr0.2_wd0.3_2steps', dict(lr=0.2, betas=[0.9, 0.99], eps=1e-8, weight_decay=0.3), opt_inputs((2, 2, 2), 2), [])
case('rmsprop', 'centered_nomomentum', dict(lr=0.01, alpha=0.8, eps=1e-6, weight_decay=0.0, momentum=0.0, centered=True), opt_inputs((5,), 3), [])
case('rmsprop', 'momentum0.3_wd', dict(lr=0.03, alpha=0.95, eps=1e-8, weight_decay=0.1, momentum=0.3, centered=False), opt_inputs((2, 3), 4), [])

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
index = []
ops = {}
for op, name, attrs, inputs, gnames, tol in C:
    arr = {k: (v[0] if isinstance(v, tuple) else v) for k, v in inputs.items()}
    parts = ['"op": %s' % json.dumps(op), '"attrs": %s' % json.dumps(attrs)]
    parts.append('"inputs": {%s}' % ', '.join('%s: %s' % (json.dumps(k), dump_tensor(v[0], True) if isinstance(v, tuple) else dump_tensor(v)) for k, v in inputs.items()))
    if op in OPTIMS:
        res = optim(op, attrs, arr)
    else:
        res = fwd(op, attrs, arr)
        go = rnd(*np.shape(res['y'])) if np.ndim(res['y']) else np.array(1.0)
        gr = grads(op, attrs, arr, go, gnames)
        parts.append('"grad_output": %s' % dump_tensor(go))
    parts.append('"outputs": {%s}' % ', '.join('%s: %s' % (json.dumps(k), dump_tensor(v)) for k, v in res.items()))
    if op not in OPTIMS:
        parts.append('"grads": {%s}' % ', '.join('%s: %s' % (json.dumps(k), dump_tensor(v)) for k, v in gr.items()))
    parts.append('"tolerance": {"rtol": %g, "atol": %g}' % tol)
    os.makedirs(os.path.join(out, op), exist_ok=True)
    with open(os.path.join(out, op, name + '.json'), 'w') as f:
        f.write('{' + ',\n '.join(parts) + '}\n')
    index.append(dict(op=op, name=name, file=f'{op}/{name}.json'))
    ops[op] = ops.get(op, 0) + 1
with open(os.path.join(out, 'INDEX.json'), 'w') as f:
    json.dump(dict(format_version=1, count=len(index), ops=ops, cases=index), f, indent=1)
print(len(index), 'cases')
