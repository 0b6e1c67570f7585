# Independent check of ErfDynamics.exactJacobian (ErfDynamicsJacobianTest): the erf overlap ODEs for p = 2, p* = 1
# written from the Saad-Solla closed forms (docs/model.md section 8, Goldt et al. 2019 appendix), differentiated
# by sympy. Run: python3 ode/src/test/resources/dev/overlap/ode/erf_jacobian_sympy.py
import sympy as sp
q11, q12, q22, r1, r2 = sp.symbols('q11 q12 q22 r1 r2')
y = [q11, q12, q22, r1, r2]
T = sp.Integer(1)
C = sp.Matrix([[q11, q12, r1], [q12, q22, r2], [r1, r2, T]])
p, ps = 2, 1
ks = 1 / sp.sqrt(2)   # sqrt normalisation: kappa = 1/sqrt(width)
kt = sp.Integer(1)
eta = sp.Rational(7, 10)
delta = sp.Rational(3, 10)
w = [ks, ks, -kt]
n = 3
def I3(a, b, c):
    l3 = (1 + C[a, a]) * (1 + C[c, c]) - C[a, c] ** 2
    return 2 / sp.pi / sp.sqrt(l3) * (C[b, c] * (1 + C[a, a]) - C[a, b] * C[a, c]) / (1 + C[a, a])
def I4(a, b, c, d):
    l4 = (1 + C[a, a]) * (1 + C[b, b]) - C[a, b] ** 2
    l0 = l4 * C[c, d] - C[b, c] * C[b, d] * (1 + C[a, a]) - C[a, c] * C[a, d] * (1 + C[b, b]) \
        + C[a, b] * C[a, c] * C[b, d] + C[a, b] * C[a, d] * C[b, c]
    l1 = l4 * (1 + C[c, c]) - C[b, c] ** 2 * (1 + C[a, a]) - C[a, c] ** 2 * (1 + C[b, b]) + 2 * C[a, b] * C[a, c] * C[b, c]
    l2 = l4 * (1 + C[d, d]) - C[b, d] ** 2 * (1 + C[a, a]) - C[a, d] ** 2 * (1 + C[b, b]) + 2 * C[a, b] * C[a, d] * C[b, d]
    return 4 / sp.pi ** 2 / sp.sqrt(l4) * sp.asin(l0 / sp.sqrt(l1 * l2))
def J2(a, b):
    return 2 / sp.pi / sp.sqrt((1 + C[a, a]) * (1 + C[b, b]) - C[a, b] ** 2)
rhs = []
for a in range(p):
    for b in range(a, p):
        v = -eta * ks * sum(w[i] * (I3(a, b, i) + I3(b, a, i)) for i in range(n))
        v += eta ** 2 * ks ** 2 * (sum(w[i] * w[j] * I4(a, b, i, j) for i in range(n) for j in range(n)) + delta * J2(a, b))
        rhs.append(v)
for a in range(p):
    for r in range(ps):
        rhs.append(-eta * ks * sum(w[i] * I3(a, p + r, i) for i in range(n)))
state = {q11: sp.Rational(8, 10), q12: sp.Rational(3, 10), q22: sp.Rational(5, 10), r1: sp.Rational(4, 10),
         r2: sp.Rational(-2, 10)}
print('C eigenvalues', [sp.N(e, 6) for e in C.subs(state).eigenvals()])
print('rhs', [sp.N(v.subs(state), 20) for v in rhs])
for i, f in enumerate(rhs):
    print('{' + ', '.join(sp.N(sp.diff(f, v).subs(state), 20).__str__() for v in y) + '},')
