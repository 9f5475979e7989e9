// The forced treatments of an experiment (QA, issue 23.4): shown on the experiment page, edited there
// by owners and admins as "unit = treatment" lines.
import { h } from '../dom.js';
import { api, enc } from '../api.js';
import { go, flash } from '../navigation.js';

/** Lines "unit = treatment" to {unit: treatment}; a line without "=" is returned as an error. */
export function parseOverrides(text) {
  const out = Object.create(null); // a unit named __proto__ is a unit like any other
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    // The last "=": a treatment name never holds one ([A-Za-z0-9][A-Za-z0-9_-]*), a unit id may (base64 ids end in "=").
    const at = line.lastIndexOf('=');
    if (at < 0) return { error: `Line ${i + 1} ("${line}") is not "unit = treatment".` };
    const unit = line.slice(0, at).trim();
    if (Object.hasOwn(out, unit)) return { error: `Line ${i + 1}: unit "${unit}" is listed twice.` };
    out[unit] = line.slice(at + 1).trim();
  }
  return { overrides: out };
}

export async function section(key, d, mayChange) {
  const { overrides } = await api.get(`/experiments/${enc(key)}/overrides`);
  const units = Object.keys(overrides);
  const list = units.length === 0 ? h('p.empty#overrides-none', 'No forced units.')
    : h('ul#overrides-list', units.map((u) => h('li', h('code', u), ` sees ${overrides[u]}`)));
  const body = [h('h2#overrides-h', 'Forced treatments (QA)'),
    h('p.help', 'These units see the named treatment whatever the allocation says, in every status; ',
      'their exposures are kept out of the results (counted as excluded: forced).'), list];
  if (mayChange) {
    const text = h('textarea#overrides-text', { rows: 4, spellcheck: 'false', 'aria-describedby': 'overrides-help',
      placeholder: `qa-alice = ${d.treatments[1] ? d.treatments[1].name : d.treatments[0].name}` });
    text.value = units.map((u) => `${u} = ${overrides[u]}`).join('\n');
    const error = h('p.field-error#overrides-error', { role: 'alert', hidden: true });
    const form = h('form#overrides-form', { novalidate: true },
      h('label', { for: 'overrides-text' }, 'One "unit = treatment" per line'), text,
      h('p.help#overrides-help', `Treatments: ${d.treatments.map((t) => t.name).join(', ')}. At most 1,000 units; saving replaces the list.`),
      error, h('button#overrides-save', { type: 'submit' }, 'Save forced treatments'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      const parsed = parseOverrides(text.value);
      if (parsed.error) {
        error.textContent = parsed.error;
        error.hidden = false;
        return;
      }
      try {
        await api.put(`/experiments/${enc(key)}/overrides`, { overrides: parsed.overrides });
        flash(`${key}: forced treatments saved.`);
        go(`#/experiments/${enc(key)}`);
      } catch (err) {
        error.textContent = `Not saved: ${err.message}`;
        error.hidden = false;
      }
    });
    body.push(form);
  }
  return h('section.card#overrides', { 'aria-labelledby': 'overrides-h' }, body);
}
