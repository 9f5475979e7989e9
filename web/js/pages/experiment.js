import { h, append } from '../dom.js';
import { api, enc, session } from '../api.js';
import { dateTime, daysBetween } from '../format.js';
import { statusBadge, table } from '../shared.js';
import { go, flash, showError } from '../navigation.js';
import { confirmAction } from '../confirm.js';
import { guardrailBanner } from './guardrail-breach.js';
import { roleOf } from './metric-role.js';
import * as overrides from './overrides.js';

const ACTIONS = {
  start: { label: 'Start', text: 'Units will be assigned and exposures counted from now on. Treatments and weights freeze.' },
  pause: { label: 'Pause', text: 'Every unit gets the control while paused; you can resume later.' },
  resume: { label: 'Resume', text: 'Assignment to the treatments resumes; units keep their treatments.' },
  stop: { label: 'Stop', text: 'Stopping is final: the experiment cannot run again. Results stay available.' },
  archive: { label: 'Archive', text: 'It leaves the experiment list and becomes read-only. Its results, exports and history stay; you can unarchive it later.' },
  unarchive: { label: 'Unarchive', text: 'It returns to the experiment list, in the status it had.' },
};

export async function render(main, { key }) {
  const e = await api.get(`/experiments/${enc(key)}`);
  const d = e.definition;
  const mayChange = session.can('manage-experiments');
  const actions = (mayChange ? e.allowedActions : []).map((a) => h(`button#action-${a}`, {
    type: 'button', class: a === 'stop' ? 'danger' : (a === 'archive' || a === 'unarchive' ? 'secondary' : null),
    onclick: async () => {
      const info = ACTIONS[a] || { label: a, text: '' };
      if (!(await confirmAction(`${info.label} ${key}?`, info.text, info.label))) return;
      try {
        await api.post(`/experiments/${enc(key)}/${a}`);
        flash(`${key}: ${a} done.`);
        go(`#/experiments/${enc(key)}`);
      } catch (err) {
        showError(err);
      }
    },
  }, `${(ACTIONS[a] || { label: a }).label}…`));

  // dom.append, not the DOM's own: it skips the null of an absent part (the DOM's prints "null").
  append(main, [
    h('div.page-head', h('h1', d.key, ' ', statusBadge(e.status)),
      h('div.actions',
        h('a.button#results-link', { href: `#/experiments/${enc(key)}/results` }, 'Results'),
        e.status === 'draft' && !e.archived && mayChange ? h('a.button.secondary#edit-link', { href: `#/experiments/${enc(key)}/edit` }, 'Edit') : null)),
    guardrailSlot(key, e),
    d.description ? h('p.lead', d.description) : null,
    e.archived ? h('p.archived-note#archived-note', `Archived ${dateTime(e.archivedAt)}: hidden from the experiment list and read-only. `,
      'Its results, exports and history stay available.') : null,
    h('section.card', { 'aria-labelledby': 'lifecycle-h' },
      h('h2#lifecycle-h', 'Lifecycle'),
      h('p', `Status: ${e.status}${e.archived ? ' (archived)' : ''}. Created ${dateTime(e.createdAt)}`, runText(e),
        `, last changed ${dateTime(e.updatedAt)}.`),
      lifecycleActions(e, actions, mayChange),
      mayChange && !e.archived && (e.status === 'running' || e.status === 'paused') ? ramp(key, d, e.revision) : null),
    h('section.card', { 'aria-labelledby': 'definition-h' },
      h('h2#definition-h', 'Definition'),
      h('dl.facts',
        h('dt', 'Unit'), h('dd', d.unit),
        h('dt', 'Exposure'), h('dd#exposure-value', `${d.exposurePercent}% of units`),
        h('dt', 'Salt'), h('dd', d.salt),
        h('dt', 'Targeting'), h('dd#targeting-value', d.targeting == null ? 'every unit'
          : h('pre', h('code', JSON.stringify(d.targeting, null, 2)))),
        h('dt', 'Automatic pause'), h('dd#autopause-value', d.autoPause
          ? 'on: a breached guardrail pauses the experiment at the next check' : 'off: a breached guardrail is shown, nothing pauses'),
        h('dt', 'Slices'), h('dd#slices-value', (d.slices || []).length ? d.slices.join(', ') : 'none'),
        h('dt', 'Layer'), h('dd#layer-value', d.layer == null ? 'none'
          : [h('a', { href: '#/layers' }, d.layer.name), ` buckets [${d.layer.buckets[0]}, ${d.layer.buckets[1]}) of 10,000`])),
      table('Treatments', ['Name', 'Role', 'Weight', 'Recommender'], d.treatments.map((t, i) => h('tr',
        h('th', { scope: 'row' }, t.name), h('td', i === 0 ? 'control' : 'treatment'), h('td.num', String(t.weight)),
        h('td', t.recommender)))),
      table('Metrics', ['Name', 'Role', 'Type', 'Window (days)'], d.metrics.map((m) => h('tr', { 'data-metric': m.name },
        h('th', { scope: 'row' }, m.name), h('td', roleText(d, m)), h('td', metricType(m)),
        h('td.num', m.windowDays == null ? '–' : String(m.windowDays)))), { id: 'metrics-table' })),
    await overrides.section(key, d, mayChange && !e.archived),
    h('section.card', { 'aria-labelledby': 'history-h' },
      h('h2#history-h', 'Change history'),
      table('Who changed what, newest first', ['When', 'Who', 'Action', 'What'],
        [...e.history].reverse().map((c) => h('tr',
          h('td', dateTime(c.at)), h('td', c.actor), h('td', c.action), h('td', describe(c)))), { id: 'history' }))]);
}

/**
 * The guardrail banner first, above everything: at once from the history (an automatic pause), then
 * with the guardrails as they stand (a breach nothing paused) once the results are read.
 */
function guardrailSlot(key, e) {
  const slot = h('div#guardrail-slot');
  const first = guardrailBanner(e, null);
  if (first) slot.append(first);
  if (e.definition.metrics.some((m) => m.role === 'guardrail') && e.status !== 'draft') {
    api.get(`/experiments/${enc(key)}/results`).then((r) => {
      const banner = guardrailBanner(e, r.guardrails);
      slot.replaceChildren(...(banner ? [banner] : []));
    }).catch(() => { /* the history's banner stays; the results page says why results are missing */ })
      .finally(() => { slot.dataset.loaded = 'true'; });
  } else {
    slot.dataset.loaded = 'true';
  }
  return slot;
}

function roleText(d, m) {
  const role = roleOf(d, m);
  return role === 'guardrail' && m.harm ? `guardrail (harm: ${m.harm})` : role;
}

/** When it ran: from its start to its stop, or to now. */
function runText(e) {
  if (!e.startedAt) return '';
  if (e.status === 'stopped') {
    const days = daysBetween(e.startedAt, e.stoppedAt || e.updatedAt);
    return `, ran ${days} day${days === 1 ? '' : 's'} from ${dateTime(e.startedAt)} to ${dateTime(e.stoppedAt || e.updatedAt)}`;
  }
  const days = daysBetween(e.startedAt, null);
  return `, started ${dateTime(e.startedAt)} (${days} day${days === 1 ? '' : 's'} ago)`;
}

function lifecycleActions(e, actions, mayChange) {
  if (!mayChange) return h('p#read-only', 'Your role can read this experiment; changing it needs an owner or admin.');
  const why = e.status === 'stopped' && !e.archived
    ? h('p.help', 'A stopped experiment is final: it cannot run again. Archive it to take it out of the list.') : null;
  return [h('div.actions', actions), why];
}

/**
 * Exposure may only grow while running (a unit once in stays in): the field's minimum is today's
 * value. At 100% there is nothing left to ramp, so there is no form.
 */
function ramp(key, d, revision) {
  if (d.exposurePercent >= 100) return null;
  const input = h('input#ramp-percent', { type: 'number', min: d.exposurePercent, max: 100, step: 0.01,
    value: String(d.exposurePercent), inputmode: 'decimal', 'aria-describedby': 'ramp-help' });
  const error = h('p.field-error#ramp-error', { role: 'alert', hidden: true });
  const form = h('form.inline#ramp-form', { novalidate: true },
    h('h3', 'Ramp exposure'),
    h('label', { for: 'ramp-percent' }, 'Exposure (% of units)'), input,
    h('button#ramp-button', { type: 'submit' }, 'Raise exposure…'),
    h('p.help#ramp-help', `Only upwards while the experiment runs: units already in keep their treatment. Now ${d.exposurePercent}%.`),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const value = Number(input.value);
    if (!Number.isFinite(value) || value <= d.exposurePercent || value > 100) {
      error.textContent = `Choose a percentage above ${d.exposurePercent} and at most 100.`;
      error.hidden = false;
      return;
    }
    if (!(await confirmAction(`Raise exposure to ${value}%?`, `From ${d.exposurePercent}% to ${value}% of units. This cannot be lowered again while the experiment runs.`, 'Raise'))) return;
    try {
      await api.put(`/experiments/${enc(key)}`, { ...d, exposurePercent: value }, { revision });
      flash(`${key}: exposure raised to ${value}%.`);
      go(`#/experiments/${enc(key)}`);
    } catch (err) {
      error.textContent = `Not changed: ${err.message}`;
      error.hidden = false;
    }
  });
  return form;
}

function describe(change) {
  const x = change.detail || {};
  if (x.from && x.to) {
    const breaches = (x.reason && x.reason.breaches) || [];
    return breaches.length ? `${x.from} → ${x.to} (guardrail breached: ${breaches.map((b) => `${b.metric} (${b.treatment})`).join(', ')})`
      : `${x.from} → ${x.to}`;
  }
  if (change.action === 'archive') return 'archived: hidden from the list, read-only';
  if (change.action === 'unarchive') return `unarchived (back in the list as ${x.status || 'before'})`;
  if (change.action === 'create') return 'created as a draft';
  if (change.action === 'overrides') {
    const list = (o) => Object.entries(o || {}).map(([u, t]) => `${u}=${t}`).join(', ') || 'none';
    return `forced treatments ${list(x.before)} → ${list(x.after)}`;
  }
  if (x.before && x.after) {
    const parts = [];
    for (const field of ['description', 'unit', 'exposurePercent', 'salt']) {
      if (JSON.stringify(x.before[field]) !== JSON.stringify(x.after[field])) {
        parts.push(field === 'description' ? 'description changed' : `${field} ${x.before[field] ?? 'none'} → ${x.after[field] ?? 'none'}`);
      }
    }
    if (JSON.stringify(x.before.layer ?? null) !== JSON.stringify(x.after.layer ?? null)) {
      const l = (v) => (v ? `${v.name} [${v.buckets[0]}, ${v.buckets[1]})` : 'none');
      parts.push(`layer ${l(x.before.layer)} → ${l(x.after.layer)}`);
    }
    if (JSON.stringify(x.before.targeting ?? null) !== JSON.stringify(x.after.targeting ?? null)) {
      parts.push(`targeting ${JSON.stringify(x.before.targeting ?? 'none')} → ${JSON.stringify(x.after.targeting ?? 'none')}`);
    }
    const list = (ts) => (ts || []).map((t) => `${t.name}:${t.weight}:${t.recommender}`).join(', ');
    if (list(x.before.treatments) !== list(x.after.treatments)) parts.push(`treatments ${list(x.before.treatments)} → ${list(x.after.treatments)}`);
    const mlist = (ms) => (ms || []).map((m) => `${m.name} (${metricType(m)}${m.windowDays == null ? '' : `, ${m.windowDays}d`}`
      + `${m.role ? `, ${m.role}` : ''}${m.harm ? `, harm: ${m.harm}` : ''})`).join(', ');
    if (mlist(x.before.metrics) !== mlist(x.after.metrics)) parts.push(`metrics ${mlist(x.before.metrics)} → ${mlist(x.after.metrics)}`);
    else if (JSON.stringify(x.before.metrics ?? null) !== JSON.stringify(x.after.metrics ?? null)) {
      parts.push(`metrics ${JSON.stringify(x.before.metrics ?? 'none')} → ${JSON.stringify(x.after.metrics ?? 'none')}`);
    }
    // Every other field (autoPause, slices, design, sharedItems, and any added later) as its JSON: a change
    // the history does not name would be a change nobody sees.
    const named = ['key', 'description', 'unit', 'exposurePercent', 'salt', 'layer', 'targeting', 'treatments', 'metrics'];
    for (const field of new Set([...Object.keys(x.before), ...Object.keys(x.after)])) {
      if (named.includes(field) || JSON.stringify(x.before[field] ?? null) === JSON.stringify(x.after[field] ?? null)) continue;
      parts.push(`${field} ${JSON.stringify(x.before[field] ?? 'none')} → ${JSON.stringify(x.after[field] ?? 'none')}`);
    }
    return parts.length ? parts.join('; ') : 'saved without changes';
  }
  return JSON.stringify(x);
}

/** A metric's type with its kind's details (issue 22.7): a ratio's parts, a cap, CUPED's covariate. */
function metricType(m) {
  const parts = [m.type || 'binomial'];
  if (m.numerator) parts.push(`${m.numerator} / ${m.denominator}`);
  if (m.cap) parts.push(`capped at p${m.cap.percentile}`);
  if (m.cuped) parts.push(`CUPED on ${m.cuped === true ? 'conversions' : m.cuped} before exposure`);
  return parts.join(', ');
}
