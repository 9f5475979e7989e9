// Holdouts (issue 23.3): units kept out of every experiment of a scope, compared with everyone else.
import { h } from '../dom.js';
import { api, enc } from '../api.js';
import { num, dateTime } from '../format.js';
import { table } from '../shared.js';

function pct(x) {
  return x == null ? '–' : `${num(100 * x)}%`;
}

function comparisonText(m) {
  if (!m.comparison) return m.note || 'not compared yet';
  const c = m.comparison.comparisons[0];
  if (!c || c.pValue == null) return 'not compared yet';
  const lift = c.lift == null ? '' : `lift ${c.lift >= 0 ? '+' : ''}${num(100 * c.lift)}%, `;
  const p = `${lift}${c.pValue < 0.0001 ? 'p < 0.0001' : `p = ${num(c.pValue)}`}`;
  // As on the results page: numbers the engine says cannot be trusted get no verdict, and say why.
  if (c.warning) return `${p}; no verdict: ${c.warning}`;
  return `${p}, ${c.significant ? 'significant' : 'not significant'}${c.message ? ` (${c.message})` : ''}`;
}

async function card(holdout) {
  const scope = holdout.scope === 'layer' ? `the experiments of layer ${holdout.layer}` : 'every experiment';
  const r = await api.get(`/holdouts/${enc(holdout.key)}/results`);
  // A group without units has no mean (the API sends 0 for it): '–', not a measured 0%.
  const value = (m, g) => (!g.units ? '–' : m.type === 'binomial' ? pct(g.mean) : num(g.mean));
  return h(`section.card.holdout#holdout-${holdout.key}`, { 'aria-labelledby': `holdout-${holdout.key}-h` },
    h(`h2#holdout-${holdout.key}-h`, `${holdout.key} (${holdout.status})`),
    holdout.description ? h('p', holdout.description) : null,
    h('p.holdout-scope', holdout.status === 'stopped'
      ? `${num(holdout.percent)}% of units were kept out of ${scope} until ${dateTime(holdout.endedAt)}; `
        + `${num(r.heldOutUnits)} held out, ${num(r.inScopeUnits)} in scope; results count behaviour up to the stop.`
      : `${num(holdout.percent)}% of units kept out of ${scope}; `
        + `${num(r.heldOutUnits)} held out, ${num(r.inScopeUnits)} in scope seen so far.`),
    table(`Results of ${holdout.key}`, ['Metric', 'Held out', 'Everyone else', 'Everyone else vs held out'],
      r.metrics.map((m) => h('tr', { 'data-metric': m.name },
        h('th', { scope: 'row' }, `${m.name} (${m.type}, ${m.windowDays} days)`),
        h('td.num', value(m, m.heldOut)), h('td.num', value(m, m.inScope)), h('td', comparisonText(m))))));
}

export async function render(main) {
  const { holdouts } = await api.get('/holdouts');
  main.append(h('h1', 'Holdouts'),
    h('p.lead', 'A holdout keeps a share of units out of every experiment of its scope while it runs, '
      + 'to measure what the experiments did together. Units count from their first assignment; '
      + 'their values are their reported interactions.'));
  if (holdouts.length === 0) {
    main.append(h('p.empty#no-holdouts', 'No holdout yet: create one with POST /api/v1/holdouts.'));
    return;
  }
  for (const x of holdouts) {
    main.append(await card(x));
  }
}
