#!/usr/bin/python3
"""Reference values for the statistics engine's tests, computed independently of the Java code.

Run with Debian bookworm's system Python and packages (apt-get install python3-scipy
python3-statsmodels python3-mpmath): /usr/bin/python3 make_reference.py > reference.json
Versions used: Python 3.11, SciPy 1.10.1, statsmodels 0.13.5, mpmath 1.2.1, NumPy (Debian's).
Where SciPy has the whole test (ttest_ind, chisquare, multipletests) it is used on unit-level
data; otherwise the formula is evaluated here in high precision (mpmath, 50 digits) or checked by
numerical integration (scipy.integrate.quad).
"""
import json
import math
import sys

import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import integrate, optimize, stats
from statsmodels.stats.multitest import multipletests

mpmath.mp.dps = 50
rng = np.random.default_rng(20260101)


def suff(values):
    v = [float(x) for x in values]
    return {"n": len(v), "sum": math.fsum(v), "sumSquares": math.fsum(x * x for x in v)}


def t_ppf(p, df):
    return float(stats.t.ppf(p, df))


def welch_df(va, na, vb, nb):
    a, b = va / na, vb / nb
    return (a + b) ** 2 / (a * a / (na - 1) + b * b / (nb - 1))


def fieller_relative(ma, va_mean, mb, vb_mean, q):
    """Fieller's set {r: (mb - r ma)^2 <= q^2 (vb + r^2 va)} found by root-finding on the defining
    inequality (scipy.optimize.brentq), not by the closed form the Java code uses; as relative lifts."""
    f = lambda r: (mb - r * ma) ** 2 - q * q * (vb_mean + r * r * va_mean)
    r0 = mb / ma
    step = 1.0 + abs(r0)
    lo = r0 - step
    while f(lo) <= 0:
        lo -= step
    hi = r0 + step
    while f(hi) <= 0:
        hi += step
    a = optimize.brentq(f, lo, r0, xtol=1e-15, rtol=1e-15)
    b = optimize.brentq(f, r0, hi, xtol=1e-15, rtol=1e-15)
    return [a - 1, b - 1] if ma > 0 else [1 - b, 1 - a]


cases = {"generator": {"python": sys.version.split()[0], "scipy": scipy.__version__,
                       "statsmodels": statsmodels.__version__, "numpy": np.__version__,
                       "mpmath": mpmath.__version__}}

# 1. Welch on unit-level mean data: scipy.stats.ttest_ind(equal_var=False).
a = rng.normal(10, 3, 40)
b = rng.normal(11.5, 5, 35)
sa, sb = suff(a), suff(b)
va, vb = np.var(a, ddof=1), np.var(b, ddof=1)
se = math.sqrt(va / 40 + vb / 35)
df = welch_df(va, 40, vb, 35)
res = {}
for alt in ["two-sided", "greater", "less"]:
    r = stats.ttest_ind(b, a, equal_var=False, alternative=alt)
    res[alt] = {"t": float(r.statistic), "p": float(r.pvalue)}
lift = float(np.mean(b) - np.mean(a))
q2, q1 = t_ppf(0.975, df), t_ppf(0.95, df)
ma, mb = float(np.mean(a)), float(np.mean(b))
rel_se = math.sqrt((vb / 35) / ma ** 2 + (va / 40) * mb ** 2 / ma ** 4)
rel = (mb - ma) / abs(ma)
cases["welchMean"] = {
    "source": "scipy.stats.ttest_ind(b, a, equal_var=False, alternative=...) on 40 + 35 normal draws",
    "control": sa, "treatment": sb,
    "absoluteLift": lift, "standardError": se, "df": df,
    "pTwoSided": res["two-sided"]["p"], "pGreater": res["greater"]["p"], "pLess": res["less"]["p"],
    "t": res["two-sided"]["t"],
    "ci": [lift - q2 * se, lift + q2 * se], "ciGreaterLow": lift - q1 * se, "ciLessHigh": lift + q1 * se,
    "relativeLift": rel, "relativeSe": rel_se,
    # The relative lift is tested as the absolute difference (the same hypothesis), with Fieller's interval.
    "relativeCi": fieller_relative(ma, va / 40, mb, vb / 35, q2),
    "relativeP": res["two-sided"]["p"],
}

# 2. The CONTRACT example (mean metric) via scipy.stats.ttest_ind_from_stats on the implied SDs.
def from_sums(n, s, ss):
    m = s / n
    v = (ss - s * s / n) / (n - 1)
    return m, v

ca = (3407, 1396.87, 52377.9767)
tb = (3461, 2422.7, 134698.29)
ma, va = from_sums(*ca)
mb, vb = from_sums(*tb)
r = stats.ttest_ind_from_stats(mb, math.sqrt(vb), tb[0], ma, math.sqrt(va), ca[0], equal_var=False)
df = welch_df(va, ca[0], vb, tb[0])
se = math.sqrt(va / ca[0] + vb / tb[0])
rel = (mb - ma) / abs(ma)
rel_se = math.sqrt((vb / tb[0]) / ma ** 2 + (va / ca[0]) * mb ** 2 / ma ** 4)
q = t_ppf(0.975, df)
cases["contractExample"] = {
    "source": "scipy.stats.ttest_ind_from_stats(equal_var=False) with SDs from the CONTRACT example sums",
    "control": {"n": ca[0], "sum": ca[1], "sumSquares": ca[2]},
    "treatment": {"n": tb[0], "sum": tb[1], "sumSquares": tb[2]},
    "absoluteLift": mb - ma, "standardError": se, "df": df, "pAbsolute": float(r.pvalue),
    "relativeLift": rel, "relativeSe": rel_se, "relativeCi": fieller_relative(ma, va / ca[0], mb, vb / tb[0], q),
    "pRelative": float(r.pvalue),
}

# 3. Binomial: variance p(1-p) (CONTRACT §6), Welch on those SDs.
nA, xA, nB, xB = 10000, 1000, 9800, 1085
pA, pB = xA / nA, xB / nB
r = stats.ttest_ind_from_stats(pB, math.sqrt(pB * (1 - pB)), nB, pA, math.sqrt(pA * (1 - pA)), nA, equal_var=False)
df = welch_df(pA * (1 - pA), nA, pB * (1 - pB), nB)
se = math.sqrt(pA * (1 - pA) / nA + pB * (1 - pB) / nB)
q = t_ppf(0.975, df)
cases["binomial"] = {
    "source": "scipy.stats.ttest_ind_from_stats(equal_var=False) with SD sqrt(p(1-p))",
    "control": {"n": nA, "sum": xA}, "treatment": {"n": nB, "sum": xB},
    "absoluteLift": pB - pA, "standardError": se, "df": df, "pAbsolute": float(r.pvalue),
    "absoluteCi": [pB - pA - q * se, pB - pA + q * se],
}

# 4. Confidence sequence (Waudby-Smith et al. 2021, normal-mixture asymptotic CS) at t = n_a + n_b: formula in mpmath,
#    and the boundary checked against Robbins' normal mixture by numerical integration.
def cs(alpha, nstar, est, se, t):
    alpha, nstar, est, se, t = map(mpmath.mpf, (alpha, nstar, est, se, t))
    rho2 = (-2 * mpmath.log(alpha) + mpmath.log(-2 * mpmath.log(alpha) + 1)) / nstar
    sigma = se * mpmath.sqrt(t)
    hw = sigma * mpmath.sqrt(2 * (t * rho2 + 1) / (t * t * rho2) * mpmath.log(mpmath.sqrt(t * rho2 + 1) / alpha))
    z = est / se
    m = mpmath.exp(t * rho2 * z * z / (2 * (t * rho2 + 1))) / mpmath.sqrt(t * rho2 + 1)
    return float(rho2), float(hw), float(min(1, 1 / m))

cb = cases["binomial"]
t_units = nA + nB
rho2, hw, p_av = cs(0.05, 5000, cb["absoluteLift"], cb["standardError"], t_units)

def mixture(s, t, rho2):
    f = lambda lam: math.exp(lam * s - lam * lam * t / 2) * stats.norm.pdf(lam, 0, math.sqrt(rho2))
    return integrate.quad(f, -50 * math.sqrt(rho2), 50 * math.sqrt(rho2), epsabs=0, epsrel=1e-12, limit=200)[0]

# S_t (sum of standardised increments) on the boundary: S/t = hw/sigma.
sigma = cb["standardError"] * math.sqrt(t_units)
s_boundary = t_units * hw / sigma
cases["sequential"] = {
    "source": "mpmath (50 digits) evaluation of the Waudby-Smith et al. CS radius; mixture check by scipy.integrate.quad",
    "alpha": 0.05, "nStar": 5000, "units": t_units, "estimate": cb["absoluteLift"], "standardError": cb["standardError"],
    "rhoSquared": rho2, "halfWidth": hw, "pValue": p_av,
    "mixtureAtBoundary": mixture(s_boundary, t_units, rho2),
    "alphaSmall": cs(0.01, 20000, cb["absoluteLift"], cb["standardError"], t_units),
}

# 5. Bayesian: Normal-Normal update in exact rationals; chance to win by scipy.stats.norm; risks by
#    numerical integration of max(-d,0) and max(d,0) against the posterior density.
from fractions import Fraction
est, se = cb["absoluteLift"], cb["standardError"]
m0, v0 = 0.0, 0.0001
prec = Fraction(1) / Fraction(v0) + 1 / Fraction(se) ** 2
post_mean = float((Fraction(m0) / Fraction(v0) + Fraction(est) / Fraction(se) ** 2) / prec)
post_sd = math.sqrt(float(1 / prec))

def risks(mu, sd):
    lo, hi = mu - 40 * sd, mu + 40 * sd
    rb = integrate.quad(lambda d: max(-d, 0) * stats.norm.pdf(d, mu, sd), lo, hi, points=[0.0], epsabs=0, epsrel=1e-12, limit=200)[0]
    ra = integrate.quad(lambda d: max(d, 0) * stats.norm.pdf(d, mu, sd), lo, hi, points=[0.0], epsabs=0, epsrel=1e-12, limit=200)[0]
    return ra, rb

ra_flat, rb_flat = risks(est, se)
ra_p, rb_p = risks(post_mean, post_sd)
cases["bayesian"] = {
    "source": "fractions.Fraction conjugate update; scipy.stats.norm.cdf; scipy.integrate.quad for risks",
    "estimate": est, "standardError": se, "priorMean": m0, "priorVariance": v0,
    "flat": {"chanceToWin": float(stats.norm.cdf(est / se)), "riskControl": ra_flat, "riskTreatment": rb_flat,
             "ci": [float(stats.norm.ppf(0.025, est, se)), float(stats.norm.ppf(0.975, est, se))]},
    "prior": {"mean": post_mean, "sd": post_sd, "chanceToWin": float(stats.norm.sf(0, post_mean, post_sd)),
              "riskControl": ra_p, "riskTreatment": rb_p,
              "ci": [float(stats.norm.ppf(0.025, post_mean, post_sd)), float(stats.norm.ppf(0.975, post_mean, post_sd))]},
}

# 6. CUPED on unit-level data: theta from within-arm centred sums, adjusted unit values
#    y - theta (x - mean(x)), then scipy's Welch test on those values.
xa = rng.normal(5, 2, 300)
ya = 2 + 0.8 * xa + rng.normal(0, 1, 300)
xb = rng.normal(5, 2, 280)
yb = 2.3 + 0.8 * xb + rng.normal(0, 1, 280)
sxy = np.sum((xa - xa.mean()) * (ya - ya.mean())) + np.sum((xb - xb.mean()) * (yb - yb.mean()))
sxx = np.sum((xa - xa.mean()) ** 2) + np.sum((xb - xb.mean()) ** 2)
theta = float(sxy / sxx)
xbar = np.concatenate([xa, xb]).mean()
adj_a, adj_b = ya - theta * (xa - xbar), yb - theta * (xb - xbar)
r = stats.ttest_ind(adj_b, adj_a, equal_var=False)
se_adj = math.sqrt(np.var(adj_a, ddof=1) / 300 + np.var(adj_b, ddof=1) / 280)
se_raw = math.sqrt(np.var(ya, ddof=1) / 300 + np.var(yb, ddof=1) / 280)
lift = float(adj_b.mean() - adj_a.mean())
df = welch_df(np.var(adj_a, ddof=1), 300, np.var(adj_b, ddof=1), 280)
q = t_ppf(0.975, df)

def cuped_arm(x, y):
    d = suff(y)
    d.update({"preSum": math.fsum(x), "preSumSquares": math.fsum(v * v for v in x),
              "sumProducts": math.fsum(float(u) * float(v) for u, v in zip(x, y))})
    return d

cases["cuped"] = {
    "source": "numpy within-arm centred sums for theta; scipy.stats.ttest_ind(equal_var=False) on adjusted values",
    "control": cuped_arm(xa, ya), "treatment": cuped_arm(xb, yb),
    "theta": theta, "absoluteLift": lift, "standardError": se_adj, "pAbsolute": float(r.pvalue),
    "absoluteCi": [lift - q * se_adj, lift + q * se_adj], "varianceReduction": 1 - se_adj ** 2 / se_raw ** 2,
    # Relative to the unadjusted control mean, delta method with the adjusted arms' variances.
    "relativeLift": lift / abs(ya.mean()),
    "relativeSe": math.sqrt((np.var(adj_b, ddof=1) / 280) / ya.mean() ** 2
                            + (np.var(adj_a, ddof=1) / 300) * (ya.mean() + lift) ** 2 / ya.mean() ** 4),
}

# 7. Ratio metric (revenue per order) by the delta method, via explicit per-unit linearisation
#    (y - R x)/xbar and scipy's Welch test from those values' mean and SD.
def ratio_arm(n, price):
    orders = rng.poisson(2, n) + 1
    revenue = np.array([rng.gamma(2, price / 2, k).sum() for k in orders])
    return orders.astype(float), revenue

oa, reva = ratio_arm(400, 30)
ob, revb = ratio_arm(420, 33)

def linearised(x, y):
    r = y.sum() / x.sum()
    return r, (y - r * x) / x.mean()

Ra, la = linearised(oa, reva)
Rb, lb = linearised(ob, revb)
r = stats.ttest_ind_from_stats(Rb, np.std(lb, ddof=1), 420, Ra, np.std(la, ddof=1), 400, equal_var=False)
se = math.sqrt(np.var(la, ddof=1) / 400 + np.var(lb, ddof=1) / 420)

def ratio_suff(x, y):
    d = suff(y)
    d.update({"denominatorSum": math.fsum(x), "denominatorSumSquares": math.fsum(v * v for v in x),
              "denominatorSumProducts": math.fsum(float(u) * float(v) for u, v in zip(x, y))})
    return d

cases["ratio"] = {
    "source": "per-unit delta-method linearisation (Deng et al. 2018) in numpy; scipy.stats.ttest_ind_from_stats(equal_var=False)",
    "control": ratio_suff(oa, reva), "treatment": ratio_suff(ob, revb),
    "controlRatio": float(Ra), "treatmentRatio": float(Rb), "absoluteLift": float(Rb - Ra),
    "standardError": se, "pAbsolute": float(r.pvalue),
    "relativeLift": float((Rb - Ra) / abs(Ra)),
    "relativeSe": math.sqrt((np.var(lb, ddof=1) / 420) / Ra ** 2 + (np.var(la, ddof=1) / 400) * Rb ** 2 / Ra ** 4),
}

# 8. SRM: scipy.stats.chisquare.
srm = []
for obs, w in [([1000, 1200], [50, 50]), ([5020, 4980], [50, 50]), ([3300, 3350, 3500], [1, 1, 1]),
               ([810, 2150], [25, 75]), ([10, 30], [50, 50])]:
    tot = sum(obs)
    exp = [tot * x / sum(w) for x in w]
    r = stats.chisquare(obs, exp)
    srm.append({"observed": obs, "weights": w, "chiSquare": float(r.statistic), "pValue": float(r.pvalue)})
cases["srm"] = {"source": "scipy.stats.chisquare(observed, expected)", "cases": srm}

# 9. Multiple testing: statsmodels.stats.multitest.multipletests.
mt = []
for p in [[0.01, 0.04, 0.03, 0.005], [0.2, 0.01, 0.5], [0.001, 0.002, 0.003, 0.9, 0.04], [0.04, 0.04, 0.04]]:
    mt.append({"p": p, "holm": [float(x) for x in multipletests(p, method="holm")[1]],
               "bh": [float(x) for x in multipletests(p, method="fdr_bh")[1]]})
cases["multipleTesting"] = {"source": "statsmodels.stats.multitest.multipletests(method='holm'|'fdr_bh')",
                            "cases": mt}

# 10. Power: the power.prop.test closed form and the two-sample normal formula, with 50-digit
#     normal quantiles (mpmath); R's documented example power.prop.test(p1=.5, p2=.75, power=.9)
#     prints n = 76.7.
def zq(p):
    return mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(p) - 1)

def n_prop(p1, rel, alpha, power, k):
    a = mpmath.mpf(alpha) / (k - 1)
    p1 = mpmath.mpf(p1)
    p2 = p1 * (1 + mpmath.mpf(rel))
    pbar = (p1 + p2) / 2
    root = zq(1 - a / 2) * mpmath.sqrt(2 * pbar * (1 - pbar)) + zq(power) * mpmath.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return float(root ** 2 / (p2 - p1) ** 2)

def n_mean(mu, rel, sd, alpha, power, k):
    a = mpmath.mpf(alpha) / (k - 1)
    d = mpmath.mpf(mu) * mpmath.mpf(rel)
    return float(2 * mpmath.mpf(sd) ** 2 * (zq(1 - a / 2) + zq(power)) ** 2 / d ** 2)

cases["power"] = {"source": "mpmath (50 digits) evaluation of the closed forms; R ?power.prop.test example",
                  "cases": [
                      {"baseline": 0.1, "relativeEffect": 0.05, "alpha": 0.05, "power": 0.8, "treatments": 2,
                       "exact": n_prop(0.1, 0.05, 0.05, 0.8, 2)},
                      {"baseline": 0.5, "relativeEffect": 0.5, "alpha": 0.05, "power": 0.9, "treatments": 2,
                       "exact": n_prop(0.5, 0.5, 0.05, 0.9, 2)},
                      {"baseline": 0.03, "relativeEffect": -0.1, "alpha": 0.05, "power": 0.8, "treatments": 4,
                       "exact": n_prop(0.03, -0.1, 0.05, 0.8, 4)},
                      {"baseline": 40.0, "relativeEffect": 0.02, "standardDeviation": 25.0, "alpha": 0.05,
                       "power": 0.8, "treatments": 3, "exact": n_mean(40, 0.02, 25, 0.05, 0.8, 3)},
                  ]}

# 11. Calibration of the default test (binomial, relative lift, frequentist, alpha 0.05) by exact
#     enumeration of every outcome (x1, x2) of two arms of n units under A/A (both rates p), each
#     weighted by scipy.stats.binom.pmf. Outcomes whose pmf is below 1e-13 are left out; the mass
#     left out is reported per cell and bounds the error of each rate. The relative lift is tested
#     as the absolute difference: Welch's t on p(1-p) variances (scipy.stats.t). The old delta-method
#     test's rates are given too, for docs/statistics.md.
def enumerate_cell(n, p, alpha=0.05, cut=1e-13):
    x = np.arange(n + 1)
    pmf = stats.binom.pmf(x, n, p)
    keep = pmf >= cut
    x, w = x[keep], pmf[keep]
    x1, x2 = np.meshgrid(x, x, indexing="ij")
    weight = np.outer(w, w)
    p1, p2 = x1 / n, x2 / n
    va, vb = p1 * (1 - p1) / n, p2 * (1 - p2) / n
    with np.errstate(all="ignore"):
        df = (va + vb) ** 2 / (np.where(va > 0, va * va / (n - 1), 0) + np.where(vb > 0, vb * vb / (n - 1), 0))
        p_abs = np.where(va + vb > 0, 2 * stats.t.sf(np.abs((p2 - p1) / np.sqrt(va + vb)), df), 1.0)
        rel_se = np.sqrt(vb / p1 ** 2 + va * p2 ** 2 / p1 ** 4)
        p_delta = np.where((p1 > 0) & (rel_se > 0), 2 * stats.t.sf(np.abs((p2 - p1) / p1 / rel_se), df), 1.0)
    out = {"n": n, "p": p, "omittedMass": float(1 - w.sum()) * 2}
    for name, pv in [("", p_abs), ("delta", p_delta)]:
        rej = pv < alpha
        up = float((weight * (rej & (x2 > x1))).sum())
        down = float((weight * (rej & (x2 < x1))).sum())
        out[name + ("Rate" if name else "rate")] = up + down
        out[name + ("Better" if name else "better")] = up
        out[name + ("Worse" if name else "worse")] = down
    return out

cal = [enumerate_cell(n, p) for n in [100, 500, 5000] for p in [0.01, 0.05, 0.2]]
r93 = stats.ttest_ind_from_stats(0.03, math.sqrt(0.03 * 0.97), 100, 0.09, math.sqrt(0.09 * 0.91), 100, equal_var=False)
cases["calibration"] = {
    "source": "exact enumeration with scipy.stats.binom.pmf and scipy.stats.t (make_reference.py section 11)",
    "alpha": 0.05, "cut": 1e-13, "cells": cal,
    "example": {"control": {"n": 100, "sum": 9}, "treatment": {"n": 100, "sum": 3},
                "pValue": float(r93.pvalue),
                "fisher": float(stats.fisher_exact([[9, 91], [3, 97]])[1])},
}

# 12. Wilson score interval of one rate: statsmodels.stats.proportion.proportion_confint(method='wilson').
from statsmodels.stats.proportion import proportion_confint
wilson = []
for x, n, alpha in [(0, 14, 0.05), (3, 21, 0.05), (14, 14, 0.05), (1, 2, 0.05), (1396, 3407, 0.05), (7, 1000, 0.01)]:
    lo, hi = proportion_confint(x, n, alpha=alpha, method="wilson")
    wilson.append({"x": x, "n": n, "alpha": alpha, "ci": [float(lo), float(hi)]})
cases["wilson"] = {"source": "statsmodels.stats.proportion.proportion_confint(x, n, alpha, method='wilson')",
                   "cases": wilson}

# 13. Sequential power: the n per arm at which the confidence sequence at t = 2n units has the
#     asked power under the normal approximation, delta = (c(2n) + z_power) sd1/sqrt(n), with
#     c(t) = sqrt(2 (t rho^2 + 1)/(t rho^2) ln(sqrt(t rho^2 + 1)/alpha_k)), rho tuned at alpha and N*,
#     alpha_k = alpha/(k-1); solved by mpmath.findroot (50 digits) from the fixed-horizon n.
def n_sequential(p1, rel, alpha, power, k, nstar, sd=None):
    alpha = mpmath.mpf(alpha)
    ak = alpha / (k - 1)
    l = -2 * mpmath.log(alpha)
    rho2 = (l + mpmath.log(l + 1)) / nstar
    p1 = mpmath.mpf(p1)
    delta = abs(p1 * mpmath.mpf(rel))
    if sd is None:
        p2 = p1 + p1 * mpmath.mpf(rel)
        sd1 = mpmath.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    else:
        sd1 = mpmath.sqrt(2) * sd
    def c(t):
        tr = t * rho2
        return mpmath.sqrt(2 * (tr + 1) / tr * mpmath.log(mpmath.sqrt(tr + 1) / ak))
    f = lambda n: (c(2 * n) + zq(power)) * sd1 / mpmath.sqrt(n) - delta
    n0 = (zq(1 - ak / 2) + zq(power)) ** 2 * sd1 ** 2 / delta ** 2
    return float(mpmath.findroot(f, n0 * 2))

cases["sequentialPower"] = {
    "source": "mpmath (50 digits) findroot of delta = (c(2n) + z_power) sd1/sqrt(n), make_reference.py section 13",
    "cases": [
        {"baseline": 0.1, "relativeEffect": 0.1, "alpha": 0.05, "power": 0.8, "treatments": 2, "sequentialTuning": 5000,
         "exact": n_sequential(0.1, 0.1, 0.05, 0.8, 2, 5000)},
        {"baseline": 0.05, "relativeEffect": -0.2, "alpha": 0.05, "power": 0.9, "treatments": 3, "sequentialTuning": 20000,
         "exact": n_sequential(0.05, -0.2, 0.05, 0.9, 3, 20000)},
        {"baseline": 40.0, "relativeEffect": 0.02, "standardDeviation": 25.0, "alpha": 0.05, "power": 0.8,
         "treatments": 2, "sequentialTuning": 5000, "exact": n_sequential(40, 0.02, 0.05, 0.8, 2, 5000, sd=25)},
    ]}

# 14. Skewness of the lift's estimate (SkewCheck), with the exact A/A false-positive rate of the
#     binomial test at unequal arms (enumeration as in section 11) to show where the warning sits;
#     and a mean metric whose third moment comes from unit-level data (scipy.stats.moment).
def unequal_cell(n1, n2, p, alpha=0.05, cut=1e-13):
    x1 = np.arange(n1 + 1); w1 = stats.binom.pmf(x1, n1, p); k = w1 >= cut; x1, w1 = x1[k], w1[k]
    x2 = np.arange(n2 + 1); w2 = stats.binom.pmf(x2, n2, p); k = w2 >= cut; x2, w2 = x2[k], w2[k]
    X1, X2 = np.meshgrid(x1, x2, indexing="ij"); W = np.outer(w1, w2)
    p1, p2 = X1 / n1, X2 / n2
    va, vb = p1 * (1 - p1) / n1, p2 * (1 - p2) / n2
    with np.errstate(all="ignore"):
        df = (va + vb) ** 2 / (np.where(va > 0, va * va / (n1 - 1), 0) + np.where(vb > 0, vb * vb / (n2 - 1), 0))
        pv = np.where(va + vb > 0, 2 * stats.t.sf(np.abs((p2 - p1) / np.sqrt(va + vb)), df), 1.0)
    rej = pv < alpha
    up = float((W * (rej & (p2 > p1))).sum()); down = float((W * (rej & (p2 < p1))).sum())
    s2 = p * (1 - p); k3 = s2 * (1 - 2 * p)
    g = (k3 / n2 ** 2 - k3 / n1 ** 2) / (s2 / n1 + s2 / n2) ** 1.5
    return {"n1": n1, "n2": n2, "p": p, "rate": up + down, "better": up, "skewness": g}

ya = rng.lognormal(0, 1, 30)
yb = rng.lognormal(0, 1, 3000)
pool = np.concatenate([ya, yb])  # under the null both arms share one distribution: pooled moments
k3 = float(stats.moment(pool, moment=3))
ga = k3 * (1 / 3000 ** 2 - 1 / 30 ** 2) / (np.var(pool, ddof=1) * (1 / 30 + 1 / 3000)) ** 1.5
cases["skew"] = {
    "source": "exact enumeration (scipy.stats.binom, scipy.stats.t); scipy.stats.moment(y, 3) for the mean case",
    "binomial": [unequal_cell(n1, n2, p) for n1, n2, p in
                 [(100, 100, 0.05), (1000, 10000, 0.05), (2000, 20000, 0.01), (200, 5000, 0.05), (20, 2000, 0.05)]],
    "mean": {"control": dict(suff(ya), sumCubes=math.fsum(float(v) ** 3 for v in ya)),
             "treatment": dict(suff(yb), sumCubes=math.fsum(float(v) ** 3 for v in yb)), "skewness": float(ga)},
}

# 8. CUPED on a binomial metric: binary outcomes y, a pre-period count x. A binomial metric's variance
#    is the Bernoulli p(1-p) (divisor n, CONTRACT section 6), so every term of Var(y - theta x) takes
#    divisor n too: numpy's var(ddof=0) of the adjusted unit values, Welch's df from those variances.
xa = rng.poisson(1.5, 240).astype(float)
ya = (rng.random(240) < 0.05 + 0.18 * np.minimum(xa, 4)).astype(float)
xb = rng.poisson(1.5, 260).astype(float)
yb = (rng.random(260) < 0.09 + 0.18 * np.minimum(xb, 4)).astype(float)
sxy = np.sum((xa - xa.mean()) * (ya - ya.mean())) + np.sum((xb - xb.mean()) * (yb - yb.mean()))
sxx = np.sum((xa - xa.mean()) ** 2) + np.sum((xb - xb.mean()) ** 2)
theta = float(sxy / sxx)
adj_a, adj_b = ya - theta * xa, yb - theta * xb
va, vb = np.var(adj_a, ddof=0), np.var(adj_b, ddof=0)
se_adj = math.sqrt(va / 240 + vb / 260)
se_raw = math.sqrt(np.var(ya, ddof=0) / 240 + np.var(yb, ddof=0) / 260)
lift = float(adj_b.mean() - adj_a.mean())
df = welch_df(va, 240, vb, 260)
cases["cupedBinomial"] = {
    "source": "numpy: theta from within-arm centred sums; var(ddof=0) of y - theta x per arm; Welch t (scipy.stats.t)",
    "control": cuped_arm(xa, ya), "treatment": cuped_arm(xb, yb),
    "theta": theta, "absoluteLift": lift, "standardError": se_adj,
    "pAbsolute": float(2 * stats.t.sf(abs(lift / se_adj), df)), "varianceReduction": 1 - se_adj ** 2 / se_raw ** 2,
}

json.dump(cases, sys.stdout, indent=1)
print()
