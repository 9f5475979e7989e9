import { h, clear } from '../dom.js';
import { api, enc, session } from '../api.js';
import { pct, int, daysBetween, dateTime } from '../format.js';
import { statusBadge, treatmentsText, table, verdict } from '../shared.js';
import { go, showError } from '../app.js';

const STATUSES = ['draft', 'running', 'paused', 'stopped'];

export async function render(main, { query }) {
  const status = query.get('status') || '';
  const select = h('select#status-filter', { name: 'status' },
    h('option', { value: '' }, 'all'),
    STATUSES.map((s) => h('option', { value: s, selected: s === status }, s)));
  select.addEventListener('change', () => go(select.value ? `#/experiments?status=${enc(select.value)}` : '#/experiments'));
  const body = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', 'Loading…'));
  main.append(
    h('div.page-head', h('h1', 'Experiments'),
      session.can('manage-experiments') ? h('a.button#new-experiment', { href: '#/experiments/new' }, 'New experiment') : null),
    h('div.toolbar', h('label', { for: 'status-filter' }, 'Status'), select),
    body);

  const { experiments } = await api.get(status ? `/experiments?status=${enc(status)}` : '/experiments');
  experiments.sort((a, b) => (b.updatedAt || '').localeCompare(a.updatedAt || ''));
  clear(body);
  body.setAttribute('aria-busy', 'false');
  if (experiments.length === 0) {
    body.append(h('p.empty', status ? `No ${status} experiment.` : 'No experiment yet. ',
      status || !session.can('manage-experiments') ? null : h('a', { href: '#/experiments/new' }, 'Create the first one.')));
    return;
  }
  const rows = experiments.map((e) => {
    const units = h('td.num', e.status === 'draft' ? '–' : '…');
    const lift = h('td', e.status === 'draft' ? '–' : '…');
    const end = e.status === 'stopped' ? e.updatedAt : null; // a stopped experiment never changes again
    const days = daysBetween(e.startedAt, end);
    const row = h('tr', { 'data-key': e.key },
      h('th', { scope: 'row' }, h('a', { href: `#/experiments/${enc(e.key)}` }, e.key)),
      h('td.description', e.description || ''),
      h('td', statusBadge(e.status)),
      h('td', treatmentsText(e.treatments)),
      units,
      h('td.num', days === null ? '–' : String(days)),
      lift,
      h('td', dateTime(e.updatedAt)));
    if (e.status !== 'draft') fillResults(e, units, lift);
    return row;
  });
  body.append(table('Experiments, most recently changed first',
    ['Key', 'Description', 'Status', 'Treatments (recommender)', 'Exposed units', 'Days since start',
      'Best lift (primary metric)', 'Last change'], rows, { id: 'experiments' }));
}

async function fillResults(e, unitsCell, liftCell) {
  try {
    const r = await api.get(`/experiments/${enc(e.key)}/results`);
    unitsCell.textContent = int(r.treatments.reduce((sum, t) => sum + t.units, 0));
    const defined = r.comparisons.filter((c) => c.relativeLift !== null && c.relativeLift !== undefined);
    clear(liftCell);
    if (defined.length === 0) {
      liftCell.textContent = 'not enough data';
      return;
    }
    const best = defined.reduce((a, b) => (b.relativeLift > a.relativeLift ? b : a));
    const v = verdict(best, r.test);
    liftCell.append(`${best.treatment} ${pct(best.relativeLift, 1, true)} on ${r.metric} `,
      h(`span.verdict.${v.kind}`, v.short));
    if (r.srm && r.srm.mismatch) liftCell.append(' ', h('span.badge.warn', 'SRM'));
  } catch (err) {
    unitsCell.textContent = '?';
    liftCell.textContent = `results unavailable: ${err.message}`;
    if (err.status !== 404) showError(err);
  }
}
