import { h, svg, clear } from '../dom.js';
import { api, enc } from '../api.js';
import { pct, num, int, amount, pValue, meanInterval } from '../format.js';
import { statusBadge, table, verdict } from '../shared.js';
import { go } from '../navigation.js';
import { metricKind } from './metric-kind.js';
import { guardrailBanner } from './guardrail-breach.js';
import { roleOf } from './metric-role.js';
import { overTime, effectChart, sliceChart } from './results-charts.js';

const TESTS = [
  ['frequentist', 'Fixed horizon (Welch t-test)'],
  ['sequential', 'Sequential (valid at any peek)'],
  ['bayesian', 'Bayesian (chance to win)'],
];

export async function render(main, { key, query }) {
  const experiment = await api.get(`/experiments/${enc(key)}`);
  const metrics = experiment.definition.metrics.map((m) => m.name);
  // Opens on the primary metric: the one the verdict speaks for (a guardrail may be listed first).
  const primary = experiment.definition.metrics.find((m) => roleOf(experiment.definition, m) === 'primary');
  const metric = query.get('metric') || (primary ? primary.name : metrics[0]);
  const test = query.get('test') || 'frequentist';
  const params = new URLSearchParams({ metric, test }).toString();
  const r = await api.get(`/experiments/${enc(key)}/results?${params}`);
  const binomial = r.metricType === 'binomial';

  const kinds = Object.fromEntries(experiment.definition.metrics.map((m) => [m.name, m.type || 'binomial']));
  const metricSelect = h('select#metric', { name: 'metric' }, metrics.map((m) => h('option', { value: m, selected: m === metric }, `${m} (${kinds[m]})`)));
  const testSelect = h('select#test', { name: 'test' }, TESTS.map(([v, label]) => h('option', { value: v, selected: v === test }, label)));
  const reload = () => go(`#/experiments/${enc(key)}/results?${new URLSearchParams({ metric: metricSelect.value, test: testSelect.value })}`);
  metricSelect.addEventListener('change', reload);
  testSelect.addEventListener('change', reload);

  main.append(...[
    h('div.page-head', h('h1', `Results: ${key} `, statusBadge(r.status), experiment.archived ? [' ', h('span.badge.archived', 'archived')] : null),
      h('div.actions', h('a.button.secondary', { href: `#/experiments/${enc(key)}` }, 'Experiment'))),
    guardrailBanner(experiment, r.guardrails),
    srm(r),
    excluded(r),
    roles(experiment.definition, r.metric, key, test),
    interleaving(key, experiment.definition),
    h('form.toolbar#results-controls', { onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'metric' }, 'Metric'), metricSelect,
      h('label', { for: 'test' }, 'Test'), testSelect,
      h('span.help', `alpha ${r.alpha}, ${r.correction} correction across treatments`)),
    treatmentsTable(r, binomial),
    metricKind(r),
    comparisons(r, effectChart(key, params, r)),
    guardrails(r, experiment.definition),
    family(r),
    slices(key, experiment.definition, metric, test, params),
    downloads(key, params),
    power(r, binomial, experiment.status, test),
    overTime(key, params)].filter(Boolean));
}

/** Every metric of the definition with its role; the shown one is marked, the others link to their results. */
function roles(def, shown, key, test) {
  const items = def.metrics.map((m) => {
    const role = roleOf(def, m);
    const text = `${m.name}: ${role}${m.harm ? ` (harm: ${m.harm})` : ''}`;
    return h(`li.role-${role}`, { 'data-metric': m.name }, m.name === shown ? h('strong', text, ' (shown)')
      : h('a', { href: `#/experiments/${enc(key)}/results?${new URLSearchParams({ metric: m.name, test })}` }, text));
  });
  return h('section#metric-roles', { 'aria-labelledby': 'roles-h' }, h('h2#roles-h', 'Metrics and their roles'), h('ul', items),
    h('p.help', 'The verdict speaks for the primary metric. Guardrails must not move in their harmful direction',
      def.autoPause ? '; a breach pauses this experiment automatically.' : '.'));
}

function guardrails(r) {
  const list = r.guardrails || [];
  if (!list.length) return null;
  const rows = list.map((g) => h('tr', { 'data-metric': g.metric, 'data-treatment': g.treatment, class: g.breached ? 'breached' : '' },
    h('th', { scope: 'row' }, `${g.metric} (${g.treatment})`),
    h('td', g.harm === 'increase' ? 'an increase' : 'a decrease'),
    h('td.num', num(g.absoluteLift, 4)),
    h('td', g.sequence ? `${num(g.sequence[0], 4)} to ${num(g.sequence[1], 4)}` : (g.message || '–')),
    h('td', g.breached ? h('span.verdict.worse', 'breached') : h('span.verdict.neutral', 'holding'))));
  return h('section', { 'aria-labelledby': 'guardrails-h' },
    h('h2#guardrails-h', 'Guardrails'),
    table('Each guardrail against each treatment, breaches first', ['Guardrail', 'Harm is', 'Absolute change',
      'Confidence sequence', 'State'], rows, { id: 'guardrails-table' }),
    h('p.help', 'A guardrail is breached when its confidence sequence lies wholly on the harmful side: valid at every look, so it may be watched daily.'));
}

/** The correction across treatments and metrics: the documented family, one list. */
function family(r) {
  const f = r.family;
  if (!f || !f.members.length) return null;
  const rows = f.members.map((m) => h('tr', { 'data-metric': m.metric, 'data-treatment': m.treatment },
    h('th', { scope: 'row' }, `${m.metric} (${m.role}), ${m.treatment} vs control`),
    h('td.num', pValue(m.pValue)),
    h('td.num', pValue(m.adjustedPValue)),
    h('td', m.significant == null ? '–' : (m.significant ? 'significant' : 'not significant'))));
  return h('section', { 'aria-labelledby': 'family-h' },
    h('h2#family-h', 'Correction across metrics'),
    table(`${f.size} comparisons corrected as one family (${f.correction})`, ['Comparison', 'p-value', 'Family-adjusted p-value', 'Family verdict'],
      rows, { id: 'family-table' }),
    h('p.help', `The family: ${f.description}.`));
}

/**
 * An interleaving experiment (issue 24): which side the units preferred, with the exact sign test. Its A/B tables
 * below count the same units' exposures and conversions, all of them shown both sides.
 */
function interleaving(key, def) {
  if (def.design !== 'interleaving') return null;
  const out = h('div#interleaving-results', { 'aria-live': 'polite' }, h('p.help', 'Loading…'));
  (async () => {
    try {
      const r = await api.get(`/experiments/${enc(key)}/interleaving`);
      const rows = r.sides.map((s) => h('tr', { 'data-side': s.side },
        h('th', { scope: 'row' }, `${s.side}: ${s.treatment}`),
        h('td', s.recommender),
        h('td.num', int(s.unitsPreferring)),
        h('td.num', s.share == null ? '–' : pct(s.share, 1)),
        h('td.num', s.shareLow == null ? '–' : `${pct(s.shareLow, 1)} to ${pct(s.shareHigh, 1)}`)));
      const winner = r.winner ? r.sides.find((s) => s.side === r.winner) : null;
      clear(out).append(
        table(`Preferences of ${int(r.units)} units (${int(r.ties)} ties)`,
          ['Side', 'Recommender', 'Units preferring', 'Share of non-tied', '95% interval'], rows, { id: 'interleaving-table' }),
        r.units === r.ties
          // Nobody preferred a side yet (no unit, or only ties): a sign test on nothing says nothing.
          ? h('p#interleaving-verdict', h('span.verdict', 'Not enough data'), ` — no unit has preferred a side yet (${int(r.ties)} ties).`)
          : h('p#interleaving-verdict', winner ? h('span.verdict.better', `Units prefer ${winner.recommender} (side ${winner.side})`)
            : h('span.verdict', 'No preference detected'),
            ` — exact sign test p = ${pValue(r.pValue)}, sequential p = ${pValue(r.sequentialPValue)} (alpha ${r.alpha}).`),
        h('p.help#interleaving-credit', 'Each unit saw one team-draft list of both recommenders; an item it took credits the side that showed it',
          def.sharedItems === 'neutral' ? ', except items both lists held, which credit nobody. ' : '. ',
          'Look at the sequential p-value when checking repeatedly. ',
          h('a', { href: `/api/v1/experiments/${enc(key)}/interleaving?format=csv`, download: `${key}-interleaving.csv` }, 'Units (CSV)'), ' · ',
          h('a', { href: `/api/v1/experiments/${enc(key)}/interleaving?format=jsonl`, download: `${key}-interleaving.jsonl` }, 'Units (JSON lines)')));
    } catch (e) {
      clear(out).append(h('p.field-error', `Interleaving results unavailable: ${e.message}`));
    }
  })();
  return h('section', { 'aria-labelledby': 'interleaving-h' }, h('h2#interleaving-h', 'Interleaving'), out);
}

/** Results by each slice dimension of the definition, fetched when chosen. */
function slices(key, def, metric, test, params) {
  const dims = def.slices || [];
  if (!dims.length) return null;
  const select = h('select#slice', { name: 'slice' }, dims.map((d) => h('option', { value: d }, d)));
  const out = h('div#slice-results', { 'aria-live': 'polite' });
  async function load() {
    clear(out).append(h('p.help', 'Loading…'));
    try {
      const s = await api.get(`/experiments/${enc(key)}/results?${new URLSearchParams({ metric, test, slice: select.value })}`);
      const binomial = s.metricType === 'binomial';
      const show = (v) => (binomial ? pct(v, 2) : num(v));
      const head = ['Slice', ...s.slices[0]?.treatments.map((t) => `${t.name} units / ${binomial ? 'rate' : 'mean'}`) || [],
        'Comparison', 'Relative lift', 'p-value', 'Adjusted across slices', 'Sample ratio'];
      const rows = [];
      for (const sl of s.slices) {
        sl.comparisons.forEach((c, i) => {
          rows.push(h('tr', { 'data-slice': sl.value, 'data-treatment': c.treatment },
            h('th', { scope: 'row' }, i === 0 ? sl.value : ''),
            ...sl.treatments.map((t) => h('td.num', i === 0 ? `${int(t.units)} / ${t.units ? show(t.mean) : '–'}` : '')),
            h('td', `${c.treatment} vs control`),
            h('td.num', pct(c.relativeLift, 1, true)),
            h('td.num', pValue(c.pValue)),
            h('td.num', pValue(c.adjustedPValue), c.significant ? h('span.verdict.better', ' significant') : ''),
            h('td', i > 0 ? '' : (sl.srm.mismatch ? h('span.verdict.worse', `mismatch (p = ${pValue(sl.srm.pValue)})`)
              : (sl.srm.pValue == null ? '–' : `ok (p = ${pValue(sl.srm.pValue)})`)))));
        });
      }
      clear(out).append(
        s.slices.length ? table(`Metric ${s.metric} by ${s.dimension}`, head, rows, { id: 'slices-table' })
          : h('p', s.message || 'No exposure recorded this attribute yet.'),
        h('p.help', `p-values adjusted with ${s.correction} over all ${s.familySize} slice comparisons, so scanning slices does not multiply false alarms. `,
          'A unit belongs to the slice of its first exposure; past 50 values a dimension counts the rest as (other). ',
          'A sample-ratio mismatch in one slice usually means the attribute is recorded differently by treatment.'),
        s.slices.length ? sliceChart(key, params, s.dimension) : '');
    } catch (e) {
      clear(out).append(h('p.field-error', `Slices unavailable: ${e.message}`));
    }
  }
  select.addEventListener('change', load);
  load();
  return h('section', { 'aria-labelledby': 'slices-h' },
    h('h2#slices-h', 'By slice'),
    h('form.toolbar', { onsubmit: (e) => e.preventDefault() }, h('label', { for: 'slice' }, 'Slice'), select),
    out);
}

function srm(r) {
  const total = r.treatments.reduce((s, t) => s + t.units, 0);
  const weights = r.treatments.reduce((s, t) => s + t.weight, 0);
  const split = r.treatments.map((t) => `${t.name} ${total ? pct(t.units / total) : '–'} (expected ${pct(t.weight / weights)})`).join(', ');
  if (r.srm.mismatch) {
    return h('div.srm-warning#srm-warning', { role: 'alert' },
      h('h2', 'Sample ratio mismatch: do not trust these results'),
      h('p', `The exposed units are not split as the weights say: ${split}. `,
        `A split this uneven happens by chance with probability ${pValue(r.srm.pValue)} (chi-square test). `,
        'Usually assignment, exposure logging or a bot filter treats the treatments differently; find the cause before reading any lift.'));
  }
  return h('p.srm-ok#srm-ok', r.srm.pValue === null || r.srm.pValue === undefined
    ? `Sample ratio check: ${r.srm.message || 'not enough units yet.'}`
    : `Sample ratio check passed: ${split} (p = ${pValue(r.srm.pValue)}).`);
}

const EXCLUSIONS = {
  outsideExposure: 'outside the exposure percentage',
  outsideLayer: "outside the experiment's layer range",
  heldOut: 'held out by a holdout',
  outsideTargeting: 'outside the targeting',
  draft: 'sent while a draft',
  paused: 'sent while paused',
  stopped: 'sent after the stop',
  beforeStart: 'dated before the start',
  forced: 'of units forced into a treatment',
  unrecorded: 'reason not recorded (stored before reasons were kept)',
};

const CONVERSION_EXCLUSIONS = {
  forced: 'of units forced into a treatment',
  stopped: 'that occurred after the stop',
};

/** Exposures and conversions stored but left out of these results, by reason: never left out silently. */
function excluded(r) {
  const reasons = Object.entries(r.excluded || {});
  const conversions = Object.entries(r.excludedConversions || {});
  const lines = [reasons.length
    ? `Exposures stored but not counted here: ${reasons.map(([reason, n]) => `${int(n)} ${EXCLUSIONS[reason] || reason}`).join(', ')}.`
    : 'Every stored exposure counts in these results.'];
  if (conversions.length) {
    lines.push(` Conversions stored but not counted: ${conversions.map(([reason, n]) =>
      `${int(n)} ${CONVERSION_EXCLUSIONS[reason] || reason}`).join(', ')}.`);
  }
  return h('p.help#excluded', ...lines);
}

function treatmentsTable(r, binomial) {
  const ratio = r.kind && r.kind.kind === 'ratio';
  const rows = r.treatments.map((t, i) => {
    const ci = meanInterval(t, binomial, r.alpha);
    const show = (v) => (binomial ? pct(v, 2) : num(v));
    return h('tr',
      h('th', { scope: 'row' }, t.name, i === 0 ? ' (control)' : ''),
      h('td', t.recommender),
      h('td.num', int(t.units)),
      h('td.num', binomial ? int(t.conversions) : amount(t.sum)),
      h('td.num', t.units ? show(t.mean) : '–'),
      h('td.num', ci ? `${show(ci[0])} to ${show(ci[1])}` : '–'));
  });
  return h('section', { 'aria-labelledby': 'treatments-h' },
    h('h2#treatments-h', 'Treatments'),
    table(`Per treatment, metric ${r.metric}`, ['Treatment', 'Recommender', 'Exposed units',
      binomial ? 'Converted units' : (ratio ? `Sum of ${r.kind.numerator}` : 'Sum'),
      binomial ? 'Rate' : (ratio ? `${r.kind.numerator} per ${r.kind.denominator === 'exposures' ? 'exposure' : r.kind.denominator}` : 'Mean per unit'),
      `${Math.round((1 - r.alpha) * 100)}% interval (${binomial ? 'Wilson' : (ratio ? 'delta method' : 'Student t')})`], rows, { id: 'treatments-table' }));
}

function comparisons(r, chart) {
  const lows = [];
  const highs = [];
  for (const c of r.comparisons) {
    if (c.relativeCi) {
      lows.push(c.relativeCi[0] ?? c.relativeLift);
      highs.push(c.relativeCi[1] ?? c.relativeLift);
    }
  }
  const lo = Math.min(0, ...lows.filter(Number.isFinite));
  const hi = Math.max(0, ...highs.filter(Number.isFinite));
  const pad = (hi - lo) * 0.08 || 0.05;
  const scale = { lo: lo - pad, hi: hi + pad };
  const verdicts = [];
  const rows = r.comparisons.map((c) => {
    const v = verdict(c, r.test);
    verdicts.push(h(`li.${v.kind}`, v.text));
    return h('tr', { 'data-treatment': c.treatment },
      h('th', { scope: 'row' }, `${c.treatment} vs control`),
      h('td.num', pct(c.relativeLift, 1, true)),
      h('td.ci', h('span.ci-text', c.relativeCi ? `${pct(c.relativeCi[0], 1, true)} to ${pct(c.relativeCi[1], 1, true)}` : '–'),
        liftBar(c, scale, v.kind)),
      h('td.num', pValue(c.pValue)),
      h('td.num', pValue(c.adjustedPValue)),
      h('td.num', pct(c.chanceToWin, 1)),
      h('td', h(`span.verdict.${v.kind}`, v.short)));
  });
  const band = r.test === 'bayesian' ? 'credible interval' : (r.test === 'sequential' ? 'confidence sequence' : 'confidence interval');
  return h('section', { 'aria-labelledby': 'comparisons-h' },
    h('h2#comparisons-h', 'Each treatment against the control'),
    table(`Relative lift with its ${band}`, ['Comparison', 'Relative lift', `Interval (${band})`, 'p-value',
      'Adjusted p-value', 'Chance to beat control', 'Verdict'], rows, { id: 'comparisons-table' }),
    h('ul.verdicts#verdicts', verdicts),
    chart,
    h('p.help', 'Lift is relative to the control: +10% means the treatment\'s rate is 1.1 times the control\'s. ',
      'The adjusted p-value accounts for comparing several treatments at once; the verdict uses it. ',
      'Chance to beat control is the Bayesian probability that the treatment is better.'));
}

/** The interval as a bar on a scale shared by all comparisons, zero marked; the numbers are beside it. */
function liftBar(c, scale, kind) {
  const width = 160;
  const height = 24;
  const x = (v) => ((v - scale.lo) / (scale.hi - scale.lo)) * width;
  const g = svg('svg', { class: 'lift-bar', viewBox: `0 0 ${width} ${height}`, width, height, 'aria-hidden': 'true', focusable: 'false' });
  g.append(svg('line', { x1: x(0), x2: x(0), y1: 0, y2: height, class: 'zero' }));
  if (c.relativeCi && Number.isFinite(c.relativeLift)) {
    const a = x(c.relativeCi[0] ?? scale.lo);
    const b = x(c.relativeCi[1] ?? scale.hi);
    g.append(svg('rect', { x: Math.min(a, b), y: 7, width: Math.max(2, Math.abs(b - a)), height: 10, rx: 3, class: `bar ${kind}` }));
    g.append(svg('circle', { cx: x(c.relativeLift), cy: 12, r: 4, class: 'estimate' }));
  }
  return g;
}

function downloads(key, params) {
  const status = h('p.help#download-status', { role: 'status', 'aria-live': 'polite' });
  const button = (file, label) => h(`button.secondary#download-${file.replace('.csv', '')}`, {
    type: 'button',
    onclick: async () => {
      status.textContent = `Preparing ${file}…`;
      try {
        const blob = await api.blob(`/experiments/${enc(key)}/export/${file}?${params}`);
        const url = URL.createObjectURL(blob);
        const a = h('a', { href: url, download: `${key}-${file}`, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        status.textContent = `Downloaded ${key}-${file}.`;
      } catch (e) {
        status.textContent = `Download failed: ${e.message}`;
        status.className = 'field-error';
      }
    },
  }, label);
  return h('section', { 'aria-labelledby': 'downloads-h' },
    h('h2#downloads-h', 'Downloads'),
    h('div.actions', button('results.csv', 'Results table (CSV)'), button('daily.csv', 'Daily rollups (CSV)'),
      // One printable page with every metric and slice, charts inline: opened by the browser with the session cookie.
      h('a.button.secondary#report-link', { href: `/api/v1/experiments/${enc(key)}/report.html?${params}`, target: '_blank', rel: 'noopener' },
        'Printable report (HTML)')),
    status);
}

/** Which test the plan is for, in words: it follows the test chosen above (issue 22.3). */
function plannedFor(planned, chosen) {
  if (planned === 'sequential') {
    return 'Planned for the sequential test (the confidence sequence\'s width at n): valid at every look, so it needs more units than a fixed-horizon test.';
  }
  return chosen === 'bayesian'
    ? 'Planned for the fixed-horizon test (Welch / two-proportion z-test at one look): the Bayesian view has no power plan of its own.'
    : 'Planned for the fixed-horizon test (Welch / two-proportion z-test at one look): read the result once, at the planned size.';
}

/**
 * Days left to the planned sample: the stats power function on the control's observed rate (or
 * mean and spread), the chosen minimum effect, and the observed traffic per day of data. Days left
 * only mean something while units still arrive: a stopped experiment gets none (how far it got
 * instead), a paused one gets them counted from when it resumes.
 */
function power(r, binomial, status, chosen) {
  const effect = h('input#mde', { type: 'number', min: 0.1, max: 500, step: 0.1, value: '5', inputmode: 'decimal' });
  const powerInput = h('input#power', { type: 'number', min: 50, max: 99, step: 1, value: '80', inputmode: 'numeric' });
  const out = h('div#power-result', { 'aria-live': 'polite' });
  const control = r.treatments[0];
  const totalUnits = r.treatments.reduce((s, t) => s + t.units, 0);
  const dates = [...new Set(r.daily.map((d) => d.date))].sort();
  const span = dates.length ? Math.round((Date.parse(dates[dates.length - 1]) - Date.parse(dates[0])) / 86400000) + 1 : 0;
  const perDay = span ? totalUnits / span : 0;

  async function compute() {
    clear(out);
    if (r.kind && r.kind.source === 'units') {
      // The power function plans on a plain rate or mean; a ratio, a cap or CUPED changes the variance it needs.
      out.append(h('p#power-unavailable', `No power estimate for a ${r.kind.kind === 'ratio' ? 'ratio' : 'capped or CUPED-adjusted'} metric yet: `
        + 'the planner knows plain rates and means only. Read it on a plain metric of this experiment.'));
      return;
    }
    if (!control || !control.units || !perDay) {
      out.append(h('p', 'No traffic yet: the estimate needs exposed units in the control.'));
      return;
    }
    const body = {
      baseline: control.mean,
      relativeEffect: Number(effect.value) / 100,
      alpha: r.alpha,
      power: Number(powerInput.value) / 100,
      treatments: r.treatments.length,
      unitsPerDay: perDay,
      test: r.test === 'sequential' ? 'sequential' : 'frequentist',
    };
    if (!binomial) {
      const n = control.units;
      body.standardDeviation = n > 1 ? Math.sqrt(Math.max(0, (control.sumSquares - control.sum * control.sum / n) / (n - 1))) : 0;
    }
    try {
      const p = await api.post('/stats/power', body);
      const left = Math.max(0, Math.ceil((p.totalUnits - totalUnits) / perDay));
      const reached = totalUnits >= p.totalUnits;
      const share = `${int(totalUnits)} of ${int(p.totalUnits)} units (${pct(Math.min(1, totalUnits / p.totalUnits), 0)})`;
      let answer;
      if (status === 'stopped') {
        answer = reached ? `The experiment is stopped and reached the planned sample: ${share}.`
          : `The experiment is stopped: it collects no more units. It reached ${share} of the planned sample, `
            + `so an effect of ${effect.value}% may have gone unnoticed.`;
      } else if (reached) {
        answer = 'The planned sample is reached.';
      } else if (status === 'paused') {
        answer = `The experiment is paused: no units arrive while paused. After resuming, about ${left} more day${left === 1 ? '' : 's'} at the observed traffic (${share} so far).`;
      } else {
        answer = `About ${left} more day${left === 1 ? '' : 's'} to reach it at this traffic.`;
      }
      out.append(
        h('p#power-test', plannedFor(p.test || body.test, chosen)),
        h('p', `Planned sample: ${int(p.unitsPerTreatment)} units per treatment (${int(p.totalUnits)} in all) to detect a `,
          `${effect.value}% relative change from the control's ${binomial ? pct(control.mean, 2) : num(control.mean)} with ${powerInput.value}% power.`),
        h('p', `Observed traffic${status === 'stopped' ? ' while it ran' : ''}: ${num(perDay, 3)} exposed units per day over ${span} day${span === 1 ? '' : 's'}; ${int(totalUnits)} ${status === 'stopped' ? 'in all' : 'so far'}.`),
        h('p.power-answer#days-left', answer));
    } catch (e) {
      out.append(h('p.field-error', `No estimate: ${e.message}`));
    }
  }
  const form = h('form.toolbar#power-form', { novalidate: true },
    h('label', { for: 'mde' }, 'Smallest relative effect worth detecting (%)'), effect,
    h('label', { for: 'power' }, 'Power (%)'), powerInput,
    h('button.secondary', { type: 'submit' }, 'Estimate'));
  form.addEventListener('submit', (e) => { e.preventDefault(); compute(); });
  compute();
  return h('section', { 'aria-labelledby': 'power-h' },
    h('h2#power-h', status === 'stopped' ? 'Power: was the sample large enough' : 'Power: how long to run'),
    form, out,
    h('p.help', status === 'stopped' ? 'The planned sample is what the chosen effect and power needed; with several treatments each comparison gets alpha / (treatments − 1).'
      : 'Assumes traffic keeps its observed daily rate and is split evenly; with several treatments each comparison gets alpha / (treatments − 1).'));
}
