// Pieces several pages use.
import { h } from './dom.js';
import { pct } from './format.js';

export function statusBadge(status) {
  return h(`span.badge.status-${status}`, status);
}

/** A table in a scrolling wrapper, so that a phone scrolls the table rather than the page. */
export function table(caption, headers, rows, attrs = {}) {
  return h('div.table-wrap', { tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', attrs,
      h('caption', caption),
      h('thead', h('tr', headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', rows)));
}

/**
 * What a comparison means, in words a non-statistician reads correctly. The verdict follows the
 * engine's `significant` (adjusted for multiple comparisons); a missing value says why.
 */
export function verdict(c, test) {
  // The numbers exist but the normal approximation cannot be trusted (skewed values, very unequal arms).
  if (c.warning) return { kind: 'none', short: 'no verdict (see why)', text: c.message || `No verdict: ${c.warning}` };
  if (c.relativeLift === null || c.relativeLift === undefined || c.significant === null || c.significant === undefined) {
    return { kind: 'none', short: 'not enough data', text: c.message || 'Not enough data to compare yet.' };
  }
  const lift = pct(c.relativeLift, 1, true);
  const ci = c.relativeCi ? `${pct(c.relativeCi[0], 1, true)} to ${pct(c.relativeCi[1], 1, true)}` : 'unknown';
  const band = test === 'bayesian' ? 'credible interval' : (test === 'sequential' ? 'confidence sequence' : 'confidence interval');
  if (c.significant) {
    const better = c.relativeLift > 0;
    return {
      kind: better ? 'better' : 'worse',
      short: better ? 'significantly better' : 'significantly worse',
      text: `${c.treatment} is ${better ? 'better' : 'worse'} than the control: ${lift} (${band} ${ci}). `
        + 'The whole interval is on one side of zero, so this is unlikely to be chance alone.',
    };
  }
  return {
    kind: 'unclear',
    short: 'no significant difference',
    text: `No clear difference yet: ${c.treatment} measured ${lift}, but the ${band} (${ci}) includes zero, `
      + 'so the true effect could be positive, zero or negative. Do not ship on this alone.',
  };
}
