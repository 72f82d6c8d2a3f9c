"""FORMAT.md forward references in float64 and central-difference VJPs; run on a directory to validate them."""
import json, os, sys, glob
import numpy as np
sys.path.insert(0, os.path.dirname(__file__))
import ref as R

def fwd(op, a, ins):
    g = lambda k: ins.get(k)
    x = g('x')
    if op in ('conv1d', 'conv2d', 'conv3d'):
        return {'y': R.conv(x, g('weight'), g('bias'), a['stride'], a['padding'], a['dilation'], a['groups'])}
    if op == 'conv_transpose2d':
        return {'y': R.conv_transpose2d(x, g('weight'), g('bias'), a['stride'], a['padding'], a['output_padding'], a['dilation'], a['groups'])}
    if op == 'linear':
        y = g('x') @ g('weight').T
        return {'y': y + g('bias') if g('bias') is not None else y}
    if op == 'max_pool2d': return {'y': R.max_pool2d(x, a['kernel_size'], a['stride'], a['padding'], a['dilation'], a['ceil_mode'])}
    if op == 'avg_pool2d': return {'y': R.avg_pool2d(x, a['kernel_size'], a['stride'], a['padding'], a['ceil_mode'], a['count_include_pad'])}
    if op == 'adaptive_avg_pool2d': return {'y': R.adaptive(x, a['output_size'], False)}
    if op == 'adaptive_max_pool2d': return {'y': R.adaptive(x, a['output_size'], True)}
    if op == 'global_avg_pool2d': return {'y': x.mean(axis=(2, 3), keepdims=True)}
    if op == 'batch_norm2d':
        y, m, v = R.batch_norm(x, g('weight'), g('bias'), g('running_mean'), g('running_var'), a['momentum'], a['eps'], a['training'])
        return {'y': y, 'running_mean': m, 'running_var': v}
    if op == 'layer_norm': return {'y': R.layer_norm(x, a['normalized_shape'], g('weight'), g('bias'), a['eps'])}
    if op == 'instance_norm2d': return {'y': R.group_norm(x, x.shape[1], g('weight'), g('bias'), a['eps'])}
    if op == 'group_norm': return {'y': R.group_norm(x, a['num_groups'], g('weight'), g('bias'), a['eps'])}
    if op == 'local_response_norm': return {'y': R.lrn(x, a['size'], a['alpha'], a['beta'], a['k'])}
    if op == 'relu': return {'y': np.maximum(x, 0)}
    if op == 'sigmoid': return {'y': 1/(1+np.exp(-x))}
    if op == 'tanh': return {'y': np.tanh(x)}
    if op == 'leaky_relu': return {'y': np.where(x > 0, x, a['negative_slope']*x)}
    if op == 'softplus': return {'y': R.softplus(x, a['beta'], a['threshold'])}
    if op == 'elu': return {'y': np.where(x > 0, x, a['alpha']*(np.exp(np.minimum(x, 0))-1))}
    if op == 'gelu': return {'y': R.gelu(x, a['approximate'])}
    if op == 'softmax': return {'y': R.softmax(x, a['dim'])}
    if op == 'log_softmax': return {'y': R.log_softmax(x, a['dim'])}
    if op == 'cross_entropy': return {'y': np.array(R.cross_entropy(g('logits'), g('target'), a['reduction'], a['label_smoothing']))}
    if op == 'nll_loss':
        n = g('input').shape[0]; return {'y': np.array(R.red(-g('input')[np.arange(n), g('target')], a['reduction']))}
    if op == 'mse_loss': return {'y': np.array(R.red((g('input')-g('target'))**2, a['reduction']))}
    if op == 'bce_with_logits':
        z, t = g('logits'), g('target')
        return {'y': np.array(R.red(np.maximum(z, 0) - z*t + np.log1p(np.exp(-np.abs(z))), a['reduction']))}
    if op == 'upsample_nearest2d':
        s = a['scale_factor']; return {'y': x.repeat(s[0], axis=2).repeat(s[1], axis=3)}
    if op == 'upsample_bilinear2d': return {'y': R.upsample_bilinear(x, a['scale_factor'], a['align_corners'])}
    if op == 'pixel_shuffle':
        r = a['upscale_factor']; N, C, H, W = x.shape; c = C//(r*r)
        return {'y': x.reshape(N, c, r, r, H, W).transpose(0, 1, 4, 2, 5, 3).reshape(N, c, H*r, W*r)}
    if op == 'channel_shuffle':
        gg = a['groups']; N, C = x.shape[:2]
        return {'y': x.reshape((N, gg, C//gg) + x.shape[2:]).swapaxes(1, 2).reshape(x.shape)}
    if op == 'concat': return {'y': np.concatenate([g('a'), g('b')], axis=a['dim'])}
    if op == 'add': return {'y': g('a') + g('b')}
    if op == 'flatten':
        sd = a['start_dim'] % x.ndim; return {'y': x.reshape(x.shape[:sd] + (-1,))}
    raise KeyError(op)

OPTIMS = ('sgd', 'adam', 'adamw', 'rmsprop')

def optim(op, a, ins):
    p = ins['param'].copy(); st = {}; out = {}
    k = 0
    while f'grad_{k}' in ins:
        g = ins[f'grad_{k}'].copy(); t = k + 1
        if op == 'sgd':
            g = g + a['weight_decay']*p
            if a['momentum'] != 0:
                st['b'] = g.copy() if t == 1 else a['momentum']*st['b'] + (1-a['dampening'])*g
                g = g + a['momentum']*st['b'] if a['nesterov'] else st['b']
            p = p - a['lr']*g
        elif op in ('adam', 'adamw'):
            b1, b2 = a['betas']
            if op == 'adamw': p = p*(1 - a['lr']*a['weight_decay'])
            else: g = g + a['weight_decay']*p
            st['m'] = b1*st.get('m', 0) + (1-b1)*g; st['v'] = b2*st.get('v', 0) + (1-b2)*g*g
            denom = np.sqrt(st['v'])/np.sqrt(1-b2**t) + a['eps']
            p = p - (a['lr']/(1-b1**t))*st['m']/denom
        else:
            al = a['alpha']; g = g + a['weight_decay']*p
            st['v'] = al*st.get('v', 0) + (1-al)*g*g
            if a['centered']:
                st['ga'] = al*st.get('ga', 0) + (1-al)*g; avg = np.sqrt(st['v'] - st['ga']**2) + a['eps']
            else:
                avg = np.sqrt(st['v']) + a['eps']
            if a['momentum'] > 0:
                st['buf'] = a['momentum']*st.get('buf', 0) + g/avg; p = p - a['lr']*st['buf']
            else:
                p = p - a['lr']*g/avg
        p = p.astype(np.float32).astype(np.float64)  # the implementation keeps float32 parameters
        out[f'param_after_{t}'] = p
        k += 1
    return out

def grads(op, a, ins, go, names, h=1e-6):
    out = {}
    for n in names:
        base = ins[n]; gr = np.zeros_like(base)
        for idx in np.ndindex(*base.shape):
            old = base[idx]
            base[idx] = old + h; yp = np.array(fwd(op, a, ins)['y'], copy=True)
            base[idx] = old - h; ym = np.array(fwd(op, a, ins)['y'], copy=True)
            base[idx] = old
            gr[idx] = ((yp - ym) * go).sum() / (2*h)
        out[n] = gr
    return out

def load_tensor(t):
    if t.get('dtype') == 'int64':
        return np.array(t['data'], dtype=np.int64).reshape(t['shape'])
    return np.array([np.float32(v) for v in t['data']], dtype=np.float64).reshape(t['shape'])

def f32s(v):
    s = str(np.float32(v))
    assert 'n' not in s, s
    return s

def dump_tensor(a, int64=False):
    a = np.asarray(a)
    if int64:
        return '{"shape": %s, "dtype": "int64", "data": [%s]}' % (list(a.shape), ', '.join(str(int(v)) for v in a.ravel()))
    return '{"shape": %s, "data": [%s]}' % (list(a.shape), ', '.join(f32s(v) for v in a.ravel()))

def check_against(dirname):
    idx = json.load(open(os.path.join(dirname, 'INDEX.json')))
    worst = {}
    for c in idx['cases']:
        if c['op'] in ('lenet5', 'resnet_basic_block'): continue
        d = json.load(open(os.path.join(dirname, c['file'])))
        ins = {k: load_tensor(v) for k, v in d['inputs'].items()}
        if c['op'] in OPTIMS:
            res = optim(c['op'], d['attrs'], ins)
        else:
            res = fwd(c['op'], d['attrs'], ins)
            go = load_tensor(d['grad_output'])
            res.update({'grad.' + k: v for k, v in grads(c['op'], d['attrs'], ins, go, list(d['grads'])).items()})
        errs = []
        for k, v in d['outputs'].items():
            errs.append(np.abs(res[k] - load_tensor(v)).max() / (1e-5 + 1e-4*np.abs(load_tensor(v)).max()))
        for k, v in d.get('grads', {}).items():
            errs.append(np.abs(res['grad.' + k] - load_tensor(v)).max() / (1e-5 + 1e-4*np.abs(load_tensor(v)).max()))
        worst[c['op'] + '/' + c['name']] = max(errs)
    bad = {k: v for k, v in worst.items() if v > 0.3}
    print('checked', len(worst), 'cases; bad:', bad)

if __name__ == '__main__':
    check_against(sys.argv[1])
