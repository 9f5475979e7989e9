import { h } from '../dom.js';
import { pct, num, int } from '../format.js';
import { table } from '../shared.js';

// How the shown metric was analysed (issue 22.7): its kind, caps and CUPED's variance reduction.

/** One sentence on what a unit's value is, in the owner's words. */
export function kindSentence(r) {
  const k = r.kind || { kind: r.metricType, source: 'rollups' };
  const windowText = `within ${r.windowDays} day${r.windowDays === 1 ? '' : 's'} of the unit's first exposure`;
  if (k.kind === 'ratio') {
    const den = k.denominator === 'exposures' ? `the unit's exposures ${windowText}` : `${k.denominator}`;
    return `Ratio metric: the sum of ${k.numerator} over the sum of ${den}, over each treatment's units `
      + '(delta-method variance, Deng et al. 2018).';
  }
  if (k.kind === 'mean') {
    return `Mean value per unit: each unit's conversion values on ${r.metric} ${windowText}, added up (e.g. revenue per customer), averaged over exposed units.`;
  }
  return `Conversion rate: the share of exposed units with at least one ${r.metric} conversion ${windowText}.`;
}

/** The "How this metric is measured" section; ids metric-kind, kind-text, caps, cuped, cuped-table. */
export function metricKind(r) {
  const k = r.kind || { kind: r.metricType, source: 'rollups', caps: [] };
  const parts = [h('p#kind-text', h('span.badge#kind-badge', k.kind), ' ', kindSentence(r))];
  for (const cap of k.caps || []) {
    parts.push(h('p.cap', { 'data-metric': cap.metric },
      cap.value === null || cap.value === undefined
        ? `Capped at the ${num(cap.percentile)}th percentile of ${cap.metric}: no unit has a non-zero value yet, so nothing is capped.`
        : `Capped (winsorized): ${cap.metric} per unit is cut at ${num(cap.value)}, the ${num(cap.percentile)}th percentile `
          + `of the non-zero values of all treatments pooled; ${int(cap.cappedUnits)} unit${cap.cappedUnits === 1 ? '' : 's'} above it count as ${num(cap.value)}.`));
  }
  if (k.cuped) {
    const source = k.cuped.covariate === 'interactions'
      ? 'the number of interactions the unit had'
      : `the unit's own ${r.metric} conversions`;
    parts.push(h('p#cuped', `CUPED: lifts are adjusted by ${source} in the ${k.cuped.windowDays} days before its first exposure `,
      `(${int(k.cuped.unitsWithCovariate)} units had some), theta pooled over control and treatment (Deng et al. 2013). `,
      'The treatment means above are not CUPED-adjusted; the comparisons below use the adjusted lift.'));
    const rows = k.cuped.comparisons.map((c) => h('tr', { 'data-treatment': c.treatment },
      h('th', { scope: 'row' }, `${c.treatment} vs control`),
      h('td.num', num(c.theta)),
      h('td.num.variance-reduction', pct(c.varianceReduction, 1))));
    parts.push(table('Variance reduction achieved by CUPED', ['Comparison', 'Theta', 'Variance reduction'], rows,
      { id: 'cuped-table' }));
    parts.push(h('p.help', 'Variance reduction is 1 − (variance of the adjusted lift) / (variance of the plain lift): '
      + '30% means the interval is about 16% narrower, as if the experiment had 1.4 times the units.'));
  }
  if (k.source === 'units') {
    parts.push(h('p.help', 'Computed from each exposed unit\'s value (needed to cap, adjust or divide per unit); '
      + 'the effect chart under the comparisons shows these lifts; the charts over time draw the daily sums, unadjusted and uncapped.'));
  }
  return h('section#metric-kind', { 'aria-labelledby': 'metric-kind-h' }, h('h2#metric-kind-h', 'How this metric is measured'), parts);
}
