// Numbers and dates as an experiment owner reads them.

export function pct(v, digits = 1, signed = false) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const s = `${(v * 100).toFixed(digits)}%`;
  return signed && v > 0 ? `+${s}` : s;
}

export function num(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Number(v.toPrecision(digits)).toString();
}

/** A total (a sum of values): every digit before the point, with separators, and at most two after it. */
export function amount(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function int(v) {
  return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US');
}

export function pValue(p) {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.0001) return '< 0.0001';
  return p.toFixed(4);
}

export function dateTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Whole days between two instants (the end defaults to now), at least 0. */
export function daysBetween(fromIso, toIso) {
  if (!fromIso) return null;
  const end = toIso ? new Date(toIso) : new Date();
  return Math.max(0, Math.floor((end - new Date(fromIso)) / 86400000));
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p) {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * A treatment's rate or mean with its (1 - alpha) interval: the server's (`meanCi`: Wilson's for a
 * rate, Student's t for a mean; docs/statistics.md) when the report has one; otherwise, for older
 * servers, the normal approximation on its sufficient statistics.
 */
export function meanInterval(t, binomial, alpha = 0.05) {
  if (Array.isArray(t.meanCi)) return t.meanCi;
  const n = t.units;
  if (!n) return null;
  const mean = t.sum / n;
  let variance;
  if (binomial) variance = mean * (1 - mean);
  else if (n > 1) variance = Math.max(0, (t.sumSquares - (t.sum * t.sum) / n) / (n - 1));
  else return null;
  const half = normalQuantile(1 - alpha / 2) * Math.sqrt(variance / n);
  return [mean - half, mean + half];
}

/** At most `max` characters, cut at a word boundary where there is one nearby, with an ellipsis. */
export function truncate(text, max) {
  const s = String(text ?? '');
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
