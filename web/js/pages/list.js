import { h, clear } from '../dom.js';
import { api, enc, session } from '../api.js';
import { pct, int, daysBetween, dateTime, truncate } from '../format.js';
import { statusBadge, table, verdict } from '../shared.js';
import { go, flash, showError } from '../navigation.js';
import { confirmAction } from '../confirm.js';

const STATUSES = ['draft', 'running', 'paused', 'stopped'];
const ARCHIVED = [['false', 'not archived'], ['true', 'archived'], ['all', 'all']];
/** Characters of a description shown in the list; the whole text is on the experiment page (and in the tooltip). */
const DESCRIPTION_CHARS = 120;

export async function render(main, { query }) {
  const status = query.get('status') || '';
  const archived = ARCHIVED.some(([v]) => v === query.get('archived')) ? query.get('archived') : 'false';
  const search = query.get('q') || '';
  const here = (changes) => {
    const params = new URLSearchParams({ status, archived, q: searchBox.value.trim(), ...changes });
    for (const [k, v] of [...params]) if (!v || (k === 'archived' && v === 'false')) params.delete(k);
    return `#/experiments${params.toString() ? `?${params}` : ''}`;
  };
  const select = h('select#status-filter', { name: 'status' },
    h('option', { value: '' }, 'all'),
    STATUSES.map((s) => h('option', { value: s, selected: s === status }, s)));
  select.addEventListener('change', () => go(here({ status: select.value })));
  const archivedSelect = h('select#archived-filter', { name: 'archived' },
    ARCHIVED.map(([v, label]) => h('option', { value: v, selected: v === archived }, label)));
  archivedSelect.addEventListener('change', () => go(here({ archived: archivedSelect.value })));
  const searchBox = h('input#search', { type: 'search', name: 'q', value: search, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'key or description', 'aria-describedby': 'search-count' });
  const count = h('span.help#search-count', { 'aria-live': 'polite' });
  const body = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', 'Loading…'));
  main.append(
    h('div.page-head', h('h1', 'Experiments'),
      session.can('manage-experiments') ? h('a.button#new-experiment', { href: '#/experiments/new' }, 'New experiment') : null),
    h('form.toolbar#list-filters', { role: 'search', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'search' }, 'Search'), searchBox,
      h('label', { for: 'status-filter' }, 'Status'), select,
      h('label', { for: 'archived-filter' }, 'Show'), archivedSelect,
      count),
    body);

  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (archived !== 'false') params.set('archived', archived);
  const { experiments } = await api.get(`/experiments${params.toString() ? `?${params}` : ''}`);
  experiments.sort((a, b) => (b.updatedAt || '').localeCompare(a.updatedAt || ''));
  clear(body);
  body.setAttribute('aria-busy', 'false');
  if (experiments.length === 0) {
    const what = [status, archived === 'true' ? 'archived' : ''].filter(Boolean).join(' ');
    body.append(h('p.empty', what ? `No ${what} experiment.` : 'No experiment yet. ',
      what || !session.can('manage-experiments') ? null : h('a', { href: '#/experiments/new' }, 'Create the first one.')));
    return;
  }
  const mayChange = session.can('manage-experiments');
  const rows = experiments.map((e) => row(e, mayChange));
  const noMatch = h('p.empty#no-match', { hidden: true }, 'No experiment matches the search.');
  body.append(table(archived === 'true' ? 'Archived experiments, most recently changed first' : 'Experiments, most recently changed first',
    ['Key', 'Description', 'Status', 'Treatments (recommender)', 'Exposed units',
      'Best lift (primary metric)', 'Last change', mayChange ? 'Actions' : null].filter(Boolean), rows, { id: 'experiments' }), noMatch);

  // Searching filters the rows in place (no reload) and keeps the words in the address for a reload or a link.
  const filter = () => {
    const words = searchBox.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    experiments.forEach((e, i) => {
      const text = `${e.key} ${e.description || ''}`.toLowerCase();
      const match = words.every((w) => text.includes(w));
      rows[i].hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = words.length ? `${shown} of ${experiments.length} shown` : `${experiments.length} experiment${experiments.length === 1 ? '' : 's'}`;
    noMatch.hidden = shown > 0;
    history.replaceState(null, '', here({}));
  };
  searchBox.addEventListener('input', filter);
  filter();
}

function row(e, mayChange) {
  const units = h('td.num', e.status === 'draft' ? '–' : '…');
  const lift = h('td', e.status === 'draft' ? '–' : '…');
  const days = daysBetween(e.startedAt, e.status === 'stopped' ? (e.stoppedAt || e.updatedAt) : null);
  const description = e.description || '';
  const short = truncate(description, DESCRIPTION_CHARS);
  const tr = h('tr', { 'data-key': e.key },
    h('th.key', { scope: 'row' }, h('a', { href: `#/experiments/${enc(e.key)}` }, e.key)),
    h('td.description', { title: short === description ? null : description }, h('span.clamp', short)),
    h('td.status', statusBadge(e.status), e.archived ? [' ', h('span.badge.archived', 'archived')] : null,
      days === null ? null : h('div.help', e.status === 'stopped' ? ranFor(days) : `day ${days + 1}`)),
    h('td.treatments', e.treatments.map((t, i) => h('div', `${t.name}${i === 0 ? ' (control)' : ''}: ${t.recommender}`))),
    units,
    lift,
    h('td.date', { title: dateTime(e.updatedAt) }, (e.updatedAt || '–').slice(0, 10)),
    mayChange ? h('td', archiveButton(e)) : null);
  if (e.status !== 'draft') fillResults(e, units, lift);
  return tr;
}

function ranFor(days) {
  return days === 0 ? 'ran < 1 day' : `ran ${days} day${days === 1 ? '' : 's'}`;
}

/** Drafts and stopped experiments can leave the list (archive) and come back (unarchive). */
function archiveButton(e) {
  const action = e.archived ? 'unarchive' : (e.status === 'draft' || e.status === 'stopped' ? 'archive' : null);
  if (!action) return '';
  const label = action === 'archive' ? 'Archive…' : 'Unarchive';
  return h(`button.secondary.small#${action}-${e.key}`, {
    type: 'button',
    'aria-label': `${action === 'archive' ? 'Archive' : 'Unarchive'} ${e.key}`,
    onclick: async () => {
      if (action === 'archive' && !(await confirmAction(`Archive ${e.key}?`,
        'It leaves this list and becomes read-only. Its results, exports and history stay; "Show: archived" finds it again.', 'Archive'))) return;
      try {
        await api.post(`/experiments/${enc(e.key)}/${action}`);
        flash(`${e.key} ${action === 'archive' ? 'archived' : 'unarchived'}.`);
        go(location.hash || '#/experiments');
      } catch (err) {
        showError(err);
      }
    },
  }, label);
}

async function fillResults(e, unitsCell, liftCell) {
  if (e.design === 'interleaving') return fillInterleaving(e, unitsCell, liftCell);
  try {
    const r = await api.get(`/experiments/${enc(e.key)}/results`);
    unitsCell.textContent = int(r.treatments.reduce((sum, t) => sum + t.units, 0));
    const defined = r.comparisons.filter((c) => c.relativeLift !== null && c.relativeLift !== undefined);
    clear(liftCell);
    // A breached guardrail outweighs the best lift: say so where the owner scans every experiment.
    const breached = (r.guardrails || []).filter((g) => g.breached);
    const guardrailBadge = breached.length ? h('span.badge.warn',
      { title: breached.map((g) => `${g.metric} (${g.treatment})`).join(', ') }, 'guardrail breached') : null;
    if (defined.length === 0) {
      liftCell.append('not enough data', ...(guardrailBadge ? [' ', guardrailBadge] : []));
      return;
    }
    const best = defined.reduce((a, b) => (b.relativeLift > a.relativeLift ? b : a));
    const v = verdict(best, r.test);
    liftCell.append(`${best.treatment} ${pct(best.relativeLift, 1, true)} on ${r.metric} `,
      h(`span.verdict.${v.kind}`, v.short));
    if (r.srm && r.srm.mismatch) liftCell.append(' ', h('span.badge.warn', 'SRM'));
    if (guardrailBadge) liftCell.append(' ', guardrailBadge);
  } catch (err) {
    unitsCell.textContent = '?';
    liftCell.textContent = `results unavailable: ${err.message}`;
    if (err.status !== 404) showError(err);
  }
}

/**
 * An interleaving experiment's A/B tables count every unit in both arms' lists (each saw both sides): its
 * result is which side the units preferred (GET .../interleaving), as its results page opens with.
 */
async function fillInterleaving(e, unitsCell, liftCell) {
  try {
    const r = await api.get(`/experiments/${enc(e.key)}/interleaving`);
    unitsCell.textContent = int(r.units);
    clear(liftCell);
    const winner = r.winner ? r.sides.find((s) => s.side === r.winner) : null;
    if (r.units === r.ties) {
      liftCell.append('interleaving: ', h('span.verdict.unclear', 'not enough data'));
    } else if (winner) {
      liftCell.append(`interleaving: units prefer ${winner.recommender} (${pct(winner.share, 1)} of non-tied) `,
        h('span.verdict.better', 'significant'));
    } else {
      liftCell.append(`interleaving: ${int(r.units - r.ties)} non-tied units `, h('span.verdict.unclear', 'no preference detected'));
    }
  } catch (err) {
    unitsCell.textContent = '?';
    liftCell.textContent = `results unavailable: ${err.message}`;
  }
}
