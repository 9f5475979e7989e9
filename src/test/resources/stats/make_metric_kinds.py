"""Reference values for the metric kinds of the results page (issue 22.7), computed from textbook formulas
with NumPy/SciPy on per-unit data, independently of recolab's Java code. Writes metric-kinds.json (the
units and the expected figures); MetricKindsReferenceTest checks recolab against it to 1e-6.

  python3 src/test/resources/stats/make_metric_kinds.py > src/test/resources/stats/metric-kinds.json

- cap: numpy.percentile (linear, Hyndman & Fan 7) of the non-zero values of both arms, values above it set
  to it, then Welch's t-test (scipy.stats.ttest_ind, equal_var=False).
- CUPED (Deng, Xu, Kohavi, Walker, WSDM 2013): theta = pooled within-arm cov(X, Y) / var(X); each unit's
  Y - theta X; Welch's t-test on those; variance reduction 1 - Var(lift_cuped) / Var(lift_plain).
- ratio (Deng, Knoblich, Lu, KDD 2018): R = sum Y / sum X per arm; per-unit linearised value
  (Y - R X) / mean X, whose sample variance / n is Var(R); t = (R_b - R_a) / sqrt(Var R_a + Var R_b) with
  Welch-Satterthwaite degrees of freedom.
"""
import json
import numpy as np
from scipy import stats

rng = np.random.default_rng(20130204)
ALPHA = 0.05


def arm(n, effect):
    pre = rng.gamma(2.0, 10.0, n) * (rng.random(n) < 0.6)
    buys = rng.random(n) < 0.35 + 0.004 * pre
    revenue = np.where(buys, 2.0 * pre + rng.lognormal(2.5 + effect, 0.8, n), 0.0)
    exposures = rng.poisson(3.0, n) + 1
    items = rng.binomial(exposures, 0.25 + effect / 4)
    return pre, revenue, exposures.astype(float), items.astype(float)


def welch(a, b):
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    return welch_from(a.mean(), b.mean(), va, vb, len(a), len(b))


def welch_from(ma, mb, va, vb, na, nb):
    """va, vb: variances of the means."""
    lift = mb - ma
    se = np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
    p = 2 * stats.t.sf(abs(lift / se), df)
    q = stats.t.ppf(1 - ALPHA / 2, df)
    return {"absoluteLift": lift, "standardError": se, "df": df, "pValue": p, "absoluteCi": [lift - q * se, lift + q * se]}


c = arm(400, 0.0)
t = arm(380, 0.12)
out = {"units": {"C": {k: v.tolist() for k, v in zip(["pre", "revenue", "exposures", "items"], c)},
                 "T1": {k: v.tolist() for k, v in zip(["pre", "revenue", "exposures", "items"], t)}}}

# cap at the 95th percentile of the non-zero revenues of both arms
pooled = np.concatenate([c[1], t[1]])
cap = np.percentile(pooled[pooled != 0], 95)
ca, cb = np.minimum(c[1], cap), np.minimum(t[1], cap)
ref = welch(ca, cb)
check = stats.ttest_ind(cb, ca, equal_var=False)
assert abs(check.pvalue - ref["pValue"]) < 1e-12
out["cap"] = dict(ref, percentile=95, cap=cap, cappedUnits=int((pooled > cap).sum()))

# CUPED with the pre-period revenue as covariate
def centred(x, y):
    return ((x - x.mean()) * (y - y.mean())).sum()
theta = (centred(c[0], c[1]) + centred(t[0], t[1])) / (centred(c[0], c[0]) + centred(t[0], t[0]))
ref = welch(c[1] - theta * c[0], t[1] - theta * t[0])
plain = welch(c[1], t[1])
check = stats.ttest_ind(t[1] - theta * t[0], c[1] - theta * c[0], equal_var=False)
assert abs(check.pvalue - ref["pValue"]) < 1e-12
out["cuped"] = dict(ref, theta=theta, varianceReduction=1 - ref["standardError"] ** 2 / plain["standardError"] ** 2)

# ratio: items per exposure
def ratio(y, x):
    r = y.sum() / x.sum()
    lin = (y - r * x) / x.mean()
    return r, lin.var(ddof=1) / len(y)
ra, va = ratio(c[3], c[2])
rb, vb = ratio(t[3], t[2])
out["ratio"] = dict(welch_from(ra, rb, va, vb, 400, 380), controlMean=ra, treatmentMean=rb)
print(json.dumps(out))
