#!/usr/bin/env python3
"""High-precision reference learning curves for the tail-accuracy tests (issue 15, "Accurate tails").

Reads a `overlap solve --format json` document (spec, initial overlaps, alpha grid) on stdin and integrates the
same overlap ODEs independently: mpmath at 40 significant digits, classical RK4 with a fixed number of substeps
per grid interval, twice (step h and h/2), Richardson-extrapolated. Prints `alpha,eps_g,err_estimate` where
err_estimate = |eps(h/2) - eps(h)|/15 is the estimated error of the extrapolated value's unextrapolated part.

The right-hand sides are written from the model's equations (docs/model.md section 8), not from the Java code:
  dR_ar = -eta ks E[e s'(l_a) n_r],  dQ_ab = -eta ks E[e (s'(l_a) l_b + l_a s'(l_b))] + eta^2 ks^2 E[e^2 s'(l_a) s'(l_b)]
  e = sum_i w_i s(u_i), w = (ks,..,-kt,..), eps_g = E[e^2]/2, with the Gaussian expectations
  * quadratic s(z)=z^2: Isserlis, E[e u_i u_j] = tr(DC) C_ij + 2 (CDC)_ij, E[e^2 u_i u_j] = E[e^2] C_ij
    + 4 tr(DC) (CDC)_ij + 8 (CDCDC)_ij, E[e^2] = tr(DC)^2 + 2 tr(DCDC);
  * erf s(z)=erf(z/sqrt2): the Saad & Solla (1995) integrals I2, I3, I4;
  * polynomial s(z) = sum_k c_k z^k (activation 'poly:c0,c1,...'): every expectation expanded into monomials of the
    fields, each moment a sum over pairings (Isserlis), E[x_1 x_2 ... x_m] = sum_j C_1j E[x_2 .. (no x_j) .. x_m].
Usage: overlap solve ... --format json | python3 reference.py [step [handoff]]
With handoff F: while eps_g > F times its largest value so far, scipy DOP853 in double precision (rtol 1e-13,
atol 1e-16) instead, the mpmath RK4 from the first grid row below.
"""
import json
import sys

import math

import mpmath as mp
import numpy as np
from scipy.integrate import solve_ivp

mp.mp.dps = 40


class Float:
    """The float (double) counterparts of the mpmath functions the models use."""
    mpf = float
    asin = staticmethod(math.asin)
    sqrt = staticmethod(math.sqrt)
    fsum = staticmethod(math.fsum)
    pi = math.pi


def flat_state(q, r):
    p = len(q)
    return [mp.mpf(q[a][b]) for a in range(p) for b in range(a, p)] + [mp.mpf(x) for row in r for x in row]


def covariance(y, p, ps, t, m=mp):
    n = p + ps
    c = [[m.mpf(0)] * n for _ in range(n)]
    k = 0
    for a in range(p):
        for b in range(a, p):
            c[a][b] = c[b][a] = y[k]
            k += 1
    for a in range(p):
        for r in range(ps):
            c[a][p + r] = c[p + r][a] = y[k]
            k += 1
    for r in range(ps):
        for s in range(ps):
            c[p + r][p + s] = m.mpf(t[r][s])
    return c


def matmul(a, b, m=mp):
    n, m, l = len(a), len(b), len(b[0])
    return [[m.fsum(a[i][k] * b[k][j] for k in range(m)) for j in range(l)] for i in range(n)]


class Quadratic:
    def __init__(self, spec, t, m=mp):
        self.m = m
        self.p, self.ps, self.t = spec['p'], spec['pstar'], t
        self.ks, self.kt = self.m.mpf(spec['kappa_s']), self.m.mpf(spec['kappa_t'])
        self.eta, self.eta2, self.delta = self.m.mpf(spec['eta']), spec['eta2'], self.m.mpf(spec['noise'])
        self.d = [self.ks] * self.p + [-self.kt] * self.ps

    def moments(self, y):
        c = covariance(y, self.p, self.ps, self.t, self.m)
        n = len(c)
        dc = [[self.d[i] * c[i][j] for j in range(n)] for i in range(n)]
        cdc = matmul(c, dc, self.m)
        cdcdc = matmul(cdc, dc, self.m)
        tr = self.m.fsum(dc[i][i] for i in range(n))
        tr2 = self.m.fsum(dc[i][j] * dc[j][i] for i in range(n) for j in range(n))
        return c, cdc, cdcdc, tr, tr * tr + 2 * tr2

    def eps(self, y):
        return self.moments(y)[4] / 2

    def rhs(self, y):
        p, ps = self.p, self.ps
        c, cdc, cdcdc, tr, ez2 = self.moments(y)
        ez = lambda i, j: tr * c[i][j] + 2 * cdc[i][j]
        ez2o = lambda i, j: (ez2 + self.delta) * c[i][j] + 4 * tr * cdc[i][j] + 8 * cdcdc[i][j]
        out = []
        for a in range(p):
            for b in range(a, p):
                v = -self.eta * self.ks * 4 * ez(a, b)  # s'(l) = 2 l: E[e (2 l_a l_b + l_a 2 l_b)]
                if self.eta2:
                    v += self.eta ** 2 * self.ks ** 2 * 4 * ez2o(a, b)
                out.append(v)
        for a in range(p):
            for r in range(ps):
                out.append(-self.eta * self.ks * 2 * ez(a, p + r))
        return out


class Erf:
    def __init__(self, spec, t, m=mp):
        self.m = m
        self.p, self.ps, self.t = spec['p'], spec['pstar'], t
        ks, kt = self.m.mpf(spec['kappa_s']), self.m.mpf(spec['kappa_t'])
        self.ks, self.eta, self.eta2, self.delta = ks, self.m.mpf(spec['eta']), spec['eta2'], self.m.mpf(spec['noise'])
        self.w = [ks] * self.p + [-kt] * self.ps

    def i2(self, c, a, b):
        return 2 / self.m.pi * self.m.asin(c[a][b] / self.m.sqrt((1 + c[a][a]) * (1 + c[b][b])))

    def i3(self, c, a, b, k):
        caa = 1 + c[a][a]
        l3 = caa * (1 + c[k][k]) - c[a][k] ** 2
        return 2 / self.m.pi / self.m.sqrt(l3) * (c[b][k] * caa - c[a][b] * c[a][k]) / caa

    def i4(self, c, a, b, k, d):
        caa, cbb = 1 + c[a][a], 1 + c[b][b]
        cab, cac, cad, cbc, cbd, ccd = c[a][b], c[a][k], c[a][d], c[b][k], c[b][d], c[k][d]
        l4 = caa * cbb - cab ** 2
        l0 = l4 * ccd - cbc * cbd * caa - cac * cad * cbb + cab * cac * cbd + cab * cad * cbc
        l1 = l4 * (1 + c[k][k]) - cbc ** 2 * caa - cac ** 2 * cbb + 2 * cab * cac * cbc
        l2 = l4 * (1 + c[d][d]) - cbd ** 2 * caa - cad ** 2 * cbb + 2 * cab * cad * cbd
        return 4 / self.m.pi ** 2 / self.m.sqrt(l4) * self.m.asin(l0 / self.m.sqrt(l1 * l2))

    def j2(self, c, a, b):
        return 2 / self.m.pi / self.m.sqrt(1 + c[a][a] + c[b][b] + c[a][a] * c[b][b] - c[a][b] ** 2)

    def eps(self, y):
        c = covariance(y, self.p, self.ps, self.t, self.m)
        n = len(c)
        return self.m.fsum(self.w[i] * self.w[j] * self.i2(c, i, j) for i in range(n) for j in range(n)) / 2

    def rhs(self, y):
        p, ps = self.p, self.ps
        c = covariance(y, p, ps, self.t, self.m)
        n = p + ps
        w = self.w
        out = []
        for a in range(p):
            for b in range(a, p):
                v = -self.eta * self.ks * self.m.fsum(w[i] * (self.i3(c, a, b, i) + self.i3(c, b, a, i)) for i in range(n))
                if self.eta2:
                    noise = self.m.fsum(w[i] * w[j] * self.i4(c, a, b, i, j) for i in range(n) for j in range(n))
                    v += self.eta ** 2 * self.ks ** 2 * (noise + self.delta * self.j2(c, a, b))
                out.append(v)
        for a in range(p):
            for r in range(ps):
                out.append(-self.eta * self.ks * self.m.fsum(w[i] * self.i3(c, a, p + r, i) for i in range(n)))
        return out


class Polynomial:
    def __init__(self, spec, t, m=mp):
        self.m = m
        from fractions import Fraction
        self.p, self.ps, self.t = spec['p'], spec['pstar'], t
        ks, kt = self.m.mpf(spec['kappa_s']), self.m.mpf(spec['kappa_t'])
        self.ks, self.eta, self.eta2, self.delta = ks, self.m.mpf(spec['eta']), spec['eta2'], self.m.mpf(spec['noise'])
        self.w = [ks] * self.p + [-kt] * self.ps
        coeffs = [Fraction(c) for c in spec['activation'][len('poly:'):].split(',')]
        self.s = [self.m.mpf(c.numerator) / c.denominator for c in coeffs]
        self.ds = [k * self.s[k] for k in range(1, len(self.s))]

    def pairings(self, c, fields, memo):
        # E[u_f1 u_f2 ... u_fm] for a sorted tuple of field indices, by pairing the first with each other one
        if not fields:
            return self.m.mpf(1)
        if len(fields) % 2:
            return self.m.mpf(0)
        if fields in memo:
            return memo[fields]
        first, rest = fields[0], fields[1:]
        v = self.m.fsum(c[first][rest[j]] * self.pairings(c, rest[:j] + rest[j + 1:], memo) for j in range(len(rest)))
        memo[fields] = v
        return v

    def expect(self, c, factors, memo):
        # E[prod_m P_m(u_{f_m})] for factors [(field, coefficients)], expanded into monomials
        terms = [((), self.m.mpf(1))]
        for field, poly in factors:
            terms = [(mono + (field,) * k, coef * a) for mono, coef in terms for k, a in enumerate(poly) if a != 0]
        return self.m.fsum(coef * self.pairings(c, tuple(sorted(mono)), memo) for mono, coef in terms)

    def eps(self, y):
        c = covariance(y, self.p, self.ps, self.t, self.m)
        n, memo = len(c), {}
        return self.m.fsum(self.w[i] * self.w[j] * self.expect(c, [(i, self.s), (j, self.s)], memo)
                       for i in range(n) for j in range(n)) / 2

    def rhs(self, y):
        p, ps, w = self.p, self.ps, self.w
        c = covariance(y, p, ps, self.t, self.m)
        n, memo, one = p + ps, {}, [0, 1]
        out = []
        for a in range(p):
            for b in range(a, p):
                drift = self.m.fsum(w[i] * (self.expect(c, [(i, self.s), (a, self.ds), (b, one)], memo)
                                        + self.expect(c, [(i, self.s), (a, one), (b, self.ds)], memo)) for i in range(n))
                v = -self.eta * self.ks * drift
                if self.eta2:
                    noise = self.m.fsum(w[i] * w[j] * self.expect(c, [(i, self.s), (j, self.s), (a, self.ds), (b, self.ds)], memo)
                                    for i in range(n) for j in range(n))
                    noise += self.delta * self.expect(c, [(a, self.ds), (b, self.ds)], memo)
                    v += self.eta ** 2 * self.ks ** 2 * noise
                out.append(v)
        for a in range(p):
            for r in range(ps):
                out.append(-self.eta * self.ks * self.m.fsum(w[i] * self.expect(c, [(i, self.s), (a, self.ds), (p + r, one)], memo)
                                                         for i in range(n)))
        return out


def rk4(model, y, a0, a1, steps):
    h = (a1 - a0) / steps
    for _ in range(steps):
        k1 = model.rhs(y)
        k2 = model.rhs([yi + h / 2 * ki for yi, ki in zip(y, k1)])
        k3 = model.rhs([yi + h / 2 * ki for yi, ki in zip(y, k2)])
        k4 = model.rhs([yi + h * ki for yi, ki in zip(y, k3)])
        y = [yi + h / 6 * (q1 + 2 * q2 + 2 * q3 + q4) for yi, q1, q2, q3, q4 in zip(y, k1, k2, k3, k4)]
    return y


def main():
    step = float(sys.argv[1]) if len(sys.argv) > 1 else 0.05
    handoff = float(sys.argv[2]) if len(sys.argv) > 2 else None
    doc = json.load(sys.stdin)
    spec, init = doc['spec'], doc['initial_overlaps']
    t = [[mp.mpf(float(x)) for x in row] for row in init['T']]
    act = spec['activation']
    kind = Erf if act == 'erf' else Polynomial if act.startswith('poly:') else Quadratic
    model = kind(spec, t)
    fast = kind(spec, [[float(x) for x in row] for row in t], Float)
    y0 = flat_state([[float(x) for x in row] for row in init['Q']], [[float(x) for x in row] for row in init['R']])
    alphas = [mp.mpf(float(row[0])) for row in doc['data']]
    coarse, fine = list(y0), list(y0)
    prev = mp.mpf(0)
    print('alpha,eps_g,err_estimate')
    largest = None
    for a in alphas:
        if handoff is not None and (largest is None or fast.eps([float(v) for v in fine]) > handoff * largest):
            # the plain double phase: scipy's DOP853 at rtol 1e-13, while eps_g is large
            if a > prev:
                sol = solve_ivp(lambda _, v: fast.rhs(list(v)), (float(prev), float(a)), [float(v) for v in fine],
                                method='DOP853', rtol=1e-13, atol=1e-16)
                fine = coarse = [mp.mpf(float(v)) for v in sol.y[:, -1]]
                prev = a
            e = model.eps(fine)
            largest = e if largest is None else max(largest, e)
            print('%s,%s,%s' % (repr(float(a)), mp.nstr(e, 20), 'nan'), flush=True)
            continue
        if a > prev:
            n = max(1, int(mp.ceil((a - prev) / step)))
            coarse = rk4(model, coarse, prev, a, n)
            fine = rk4(model, fine, prev, a, 2 * n)
            prev = a
        ec, ef = model.eps(coarse), model.eps(fine)
        ex = ef + (ef - ec) / 15
        print('%s,%s,%s' % (repr(float(a)), mp.nstr(ex, 20), mp.nstr(abs(ef - ec) / 15, 3)), flush=True)


if __name__ == '__main__':
    main()
