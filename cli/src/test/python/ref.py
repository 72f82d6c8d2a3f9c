"""Float64 reference implementations of the FORMAT.md ops, forward only (gen.py differentiates numerically)."""
import numpy as np
from math import erf, sqrt, pi, tanh as mtanh

def conv(x, w, b, stride, pad, dil, groups):
    N, C = x.shape[:2]; S = x.shape[2:]; nd = len(S)
    Co = w.shape[0]; K = w.shape[2:]; Cg = C // groups; Cog = Co // groups
    xp = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pad])
    O = [(S[i] + 2*pad[i] - dil[i]*(K[i]-1) - 1)//stride[i] + 1 for i in range(nd)]
    y = np.zeros((N, Co) + tuple(O))
    for g in range(groups):
        xg = xp[:, g*Cg:(g+1)*Cg]; wg = w[g*Cog:(g+1)*Cog]
        for k in np.ndindex(*K):
            sl = tuple(slice(k[i]*dil[i], k[i]*dil[i] + stride[i]*(O[i]-1) + 1, stride[i]) for i in range(nd))
            patch = xg[(slice(None), slice(None)) + sl]
            y[:, g*Cog:(g+1)*Cog] += np.einsum('nc...,oc->no...', patch, wg[(slice(None), slice(None)) + k])
    if b is not None:
        y += b.reshape((1, Co) + (1,)*nd)
    return y

def conv_transpose2d(x, w, b, stride, pad, opad, dil, groups):
    N, Ci, H, W = x.shape; Cig = Ci // groups; Cog = w.shape[1]; Co = Cog * groups
    K = w.shape[2:]
    S = (H, W)
    O = [(S[i]-1)*stride[i] - 2*pad[i] + dil[i]*(K[i]-1) + opad[i] + 1 for i in range(2)]
    B = [(S[i]-1)*stride[i] + dil[i]*(K[i]-1) + 1 + opad[i] + pad[i] for i in range(2)]
    yb = np.zeros((N, Co, B[0], B[1]))
    for g in range(groups):
        xg = x[:, g*Cig:(g+1)*Cig]; wg = w[g*Cig:(g+1)*Cig]
        for i in range(K[0]):
            for j in range(K[1]):
                c = np.einsum('nchw,co->nohw', xg, wg[:, :, i, j])
                yb[:, g*Cog:(g+1)*Cog, i*dil[0]:i*dil[0]+stride[0]*(H-1)+1:stride[0],
                   j*dil[1]:j*dil[1]+stride[1]*(W-1)+1:stride[1]] += c
    y = yb[:, :, pad[0]:pad[0]+O[0], pad[1]:pad[1]+O[1]]
    assert y.shape[2:] == tuple(O)
    if b is not None:
        y = y + b.reshape(1, Co, 1, 1)
    return y

def pool_out(S, k, s, p, d, ceil):
    num = S + 2*p - d*(k-1) - 1
    O = (-(-num // s) if ceil else num // s) + 1
    if ceil and (O-1)*s >= S + p:
        O -= 1
    return O

def max_pool2d(x, k, s, p, d, ceil):
    N, C, H, W = x.shape
    OH = pool_out(H, k[0], s[0], p[0], d[0], ceil); OW = pool_out(W, k[1], s[1], p[1], d[1], ceil)
    y = np.full((N, C, OH, OW), -np.inf)
    for oh in range(OH):
        for ow in range(OW):
            for i in range(k[0]):
                h = oh*s[0] - p[0] + i*d[0]
                if h < 0 or h >= H: continue
                for j in range(k[1]):
                    w = ow*s[1] - p[1] + j*d[1]
                    if w < 0 or w >= W: continue
                    y[:, :, oh, ow] = np.maximum(y[:, :, oh, ow], x[:, :, h, w])
    return y

def avg_pool2d(x, k, s, p, ceil, cip):
    N, C, H, W = x.shape
    OH = pool_out(H, k[0], s[0], p[0], 1, ceil); OW = pool_out(W, k[1], s[1], p[1], 1, ceil)
    y = np.zeros((N, C, OH, OW))
    for oh in range(OH):
        for ow in range(OW):
            hs = oh*s[0]-p[0]; he = min(hs+k[0], H+p[0]); ws = ow*s[1]-p[1]; we = min(ws+k[1], W+p[1])
            pool = (he-hs)*(we-ws)
            hs, ws = max(hs, 0), max(ws, 0); he, we = min(he, H), min(we, W)
            sm = x[:, :, hs:he, ws:we].sum(axis=(2, 3))
            y[:, :, oh, ow] = sm / (pool if cip else (he-hs)*(we-ws))
    return y

def adaptive(x, osz, mx):
    N, C, H, W = x.shape; OH, OW = osz
    y = np.zeros((N, C, OH, OW))
    for i in range(OH):
        h0 = (i*H)//OH; h1 = -(-((i+1)*H)//OH)
        for j in range(OW):
            w0 = (j*W)//OW; w1 = -(-((j+1)*W)//OW)
            win = x[:, :, h0:h1, w0:w1]
            y[:, :, i, j] = win.max(axis=(2, 3)) if mx else win.mean(axis=(2, 3))
    return y

def batch_norm(x, w, b, rm, rv, momentum, eps, training):
    C = x.shape[1]; axes = (0,) + tuple(range(2, x.ndim)); shp = (1, C) + (1,)*(x.ndim-2)
    if training:
        n = x.size // C
        mean = x.mean(axis=axes); var = ((x - mean.reshape(shp))**2).mean(axis=axes)
        y = (x - mean.reshape(shp)) / np.sqrt(var.reshape(shp) + eps)
        rm2 = (1-momentum)*rm + momentum*mean; rv2 = (1-momentum)*rv + momentum*var*n/(n-1)
    else:
        y = (x - rm.reshape(shp)) / np.sqrt(rv.reshape(shp) + eps); rm2, rv2 = rm, rv
    if w is not None:
        y = y*w.reshape(shp) + b.reshape(shp)
    return y, rm2, rv2

def layer_norm(x, ns, w, b, eps):
    axes = tuple(range(x.ndim - len(ns), x.ndim))
    m = x.mean(axis=axes, keepdims=True); v = ((x-m)**2).mean(axis=axes, keepdims=True)
    y = (x-m)/np.sqrt(v+eps)
    if w is not None: y = y*w + b
    return y

def group_norm(x, G, w, b, eps):
    N, C = x.shape[:2]; xs = x.reshape(N, G, -1)
    m = xs.mean(axis=2, keepdims=True); v = ((xs-m)**2).mean(axis=2, keepdims=True)
    y = ((xs-m)/np.sqrt(v+eps)).reshape(x.shape)
    if w is not None:
        shp = (1, C) + (1,)*(x.ndim-2); y = y*w.reshape(shp) + b.reshape(shp)
    return y

def lrn(x, size, alpha, beta, k):
    C = x.shape[1]; y = np.zeros_like(x)
    for c in range(C):
        lo = max(0, c - size//2); hi = min(C-1, c + (size-1)//2)
        s = (x[:, lo:hi+1]**2).sum(axis=1)
        y[:, c] = x[:, c] / (k + alpha/size*s)**beta
    return y

def softmax(x, d):
    e = np.exp(x - x.max(axis=d, keepdims=True)); return e / e.sum(axis=d, keepdims=True)

def log_softmax(x, d):
    m = x.max(axis=d, keepdims=True); return x - m - np.log(np.exp(x-m).sum(axis=d, keepdims=True))

def gelu(x, approx):
    if approx == 'tanh':
        return 0.5*x*(1+np.tanh(sqrt(2/pi)*(x+0.044715*x**3)))
    return 0.5*x*(1+np.vectorize(erf)(x/sqrt(2)))

def softplus(x, beta, th):
    return np.where(beta*x > th, x, np.log1p(np.exp(np.minimum(beta*x, th)))/beta)

def red(v, r):
    return v.mean() if r == 'mean' else v.sum()

def cross_entropy(z, t, r, eps):
    lp = log_softmax(z, 1); n = z.shape[0]
    li = (1-eps)*(-lp[np.arange(n), t]) + eps*(-lp).mean(axis=1)
    return red(li, r)

def upsample_bilinear(x, s, ac):
    N, C, H, W = x.shape
    def coords(S, sc):
        O = S*sc; out = []
        for o in range(O):
            if ac: src = o*(S-1)/(O-1) if O > 1 else 0.0
            else: src = max((o+0.5)/sc-0.5, 0.0)
            i0 = min(int(np.floor(src)), S-1); i1 = min(i0+1, S-1); out.append((i0, i1, src-i0))
        return out
    ch = coords(H, s[0]); cw = coords(W, s[1])
    y = np.zeros((N, C, H*s[0], W*s[1]))
    for oh, (h0, h1, lh) in enumerate(ch):
        row = (1-lh)*x[:, :, h0, :] + lh*x[:, :, h1, :]
        for ow, (w0, w1, lw) in enumerate(cw):
            y[:, :, oh, ow] = (1-lw)*row[:, :, w0] + lw*row[:, :, w1]
    return y
