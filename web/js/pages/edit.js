import { h, clear, uid } from '../dom.js';
import { api, enc } from '../api.js';
import { go, flash } from '../navigation.js';

const EMPTY = {
  key: '', description: '', unit: 'customer', exposurePercent: 100,
  treatments: [{ name: 'C', weight: 50, recommender: '' }, { name: 'T1', weight: 50, recommender: '' }],
  metrics: [{ name: 'purchase', type: 'binomial', windowDays: 14 }],
};

/** A number typed in a field, or the raw text, so that the server names what is wrong with it. */
function numberOrText(value) {
  const v = value.trim();
  return v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
}

export async function render(main, { key }) {
  const editing = Boolean(key);
  const [{ recommenders }, detail] = await Promise.all([
    api.get('/recommenders'),
    editing ? api.get(`/experiments/${enc(key)}`) : Promise.resolve(null),
  ]);
  main.append(h('h1', editing ? `Edit ${key}` : 'New experiment'));
  if (editing && detail.archived) {
    main.append(h('p', 'This experiment is archived, so it is read-only. Unarchive it on ',
      h('a', { href: `#/experiments/${enc(key)}` }, 'the experiment page'), ' to change it.'));
    return;
  }
  if (editing && detail.status !== 'draft') {
    main.append(h('p', `This experiment is ${detail.status}: its treatments and weights are frozen. `,
      'Ramp its exposure from ', h('a', { href: `#/experiments/${enc(key)}` }, 'the experiment page'), '.'));
    return;
  }
  const initial = editing ? detail.definition : structuredClone(EMPTY);
  // Control and treatment start on different recommenders: an experiment compares two of them.
  // (Choosing the same one for every treatment is allowed, an A/A test, and the form says so.)
  if (!editing) initial.treatments.forEach((t, i) => { t.recommender = recommenders[i % Math.max(1, recommenders.length)] || ''; });
  const salt = editing ? initial.salt : undefined;

  const keyInput = h('input#def-key', { name: 'key', value: initial.key, required: true, readonly: editing,
    pattern: '[a-z0-9][a-z0-9-]{0,63}', 'aria-describedby': 'def-key-help', autocomplete: 'off' });
  const description = h('textarea#def-description', { name: 'description', rows: 2 });
  description.value = initial.description || '';
  const unit = h('input#def-unit', { name: 'unit', value: initial.unit || 'customer' });
  const exposure = h('input#def-exposure', { name: 'exposurePercent', type: 'number', min: 0, max: 100, step: 0.01,
    value: String(initial.exposurePercent ?? 100), inputmode: 'decimal' });
  const targeting = h('textarea#def-targeting', { name: 'targeting', rows: 4, spellcheck: 'false',
    'aria-describedby': 'def-targeting-help', placeholder: '{"country": {"in": ["DE", "AT"]}, "device": {"eq": "mobile"}}' });
  const slices = h('input#def-slices', { name: 'slices', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'device, country', 'aria-describedby': 'def-slices-help' });
  // Layer: a name and the range [from, to) of its 10,000 buckets; empty name: not in a layer.
  const layerName = h('input#def-layer-name', { name: 'layerName', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'home-row', pattern: '[a-z0-9][a-z0-9-]{0,63}', 'aria-describedby': 'def-layer-help' });
  const layerFrom = h('input#def-layer-from', { name: 'layerFrom', type: 'number', min: 0, max: 10000, step: 1, value: '0' });
  const layerTo = h('input#def-layer-to', { name: 'layerTo', type: 'number', min: 0, max: 10000, step: 1, value: '10000' });
  const design = h('select#def-design', { name: 'design', 'aria-describedby': 'def-design-help' },
    h('option', { value: 'ab' }, 'A/B test: each unit sees one treatment'),
    h('option', { value: 'interleaving' }, 'Interleaving: each unit sees one list of both (exactly 2 treatments)'),
    h('option', { value: 'interleaving-neutral' }, 'Interleaving, items both lists hold credit nobody'));
  // Design values the select cannot show (an imported typo, sharedItems on an A/B definition) are kept as
  // given and sent, so that the server's answer names the field instead of the form dropping it silently.
  let unshown = {};
  design.addEventListener('change', () => { unshown = {}; changed(); });
  const autoPause = h('input#def-autopause', { name: 'autoPause', type: 'checkbox', 'aria-describedby': 'def-autopause-help' });
  const treatmentRows = h('div.rows#treatments');
  const metricRows = h('div.rows#metrics');
  const check = h('p.check#definition-check', { role: 'status', 'aria-live': 'polite' });
  const aaNote = h('p.note#aa-note', { role: 'status', hidden: true });
  const saveError = h('p.field-error#save-error', { role: 'alert', hidden: true });
  const save = h('button#save', { type: 'submit' }, editing ? 'Save changes' : 'Create experiment');

  function recommenderSelect(id, value) {
    const names = recommenders.includes(value) || !value ? recommenders : [...recommenders, value];
    return h('select', { id, name: 'recommender' }, names.map((n) => h('option', { value: n, selected: n === value },
      recommenders.includes(n) ? n : `${n} (not registered here)`)));
  }

  function addTreatment(t) {
    const ids = { name: uid('tname'), weight: uid('tweight'), rec: uid('trec') };
    const row = h('div.row.treatment',
      h('div.field', h('label', { for: ids.name }, 'Name'), h('input', { id: ids.name, name: 'name', value: t.name, autocomplete: 'off' })),
      h('div.field', h('label', { for: ids.weight }, 'Weight'), h('input', { id: ids.weight, name: 'weight', type: 'number', min: 1, step: 1, value: String(t.weight) })),
      h('div.field', h('label', { for: ids.rec }, 'Recommender'), recommenderSelect(ids.rec, t.recommender)),
      h('button.secondary.remove', { type: 'button', 'aria-label': `Remove treatment ${t.name || ''}`.trim(),
        onclick: () => { row.remove(); label(); changed(); } }, 'Remove'));
    treatmentRows.append(row);
    label();
  }

  // The first row is the control: say so next to it.
  function label() {
    treatmentRows.querySelectorAll('.role').forEach((el) => el.remove());
    treatmentRows.querySelectorAll('.treatment').forEach((row, i) => {
      row.prepend(h('span.role', i === 0 ? 'control' : `treatment ${i}`));
    });
  }

  // The metric fields the form shows; any other field of an imported metric is kept and sent as given,
  // so the server names it instead of the form dropping it.
  const METRIC_FIELDS = ['name', 'type', 'windowDays', 'role', 'harm', 'numerator', 'denominator', 'cap', 'cuped'];

  function addMetric(m) {
    const ids = { name: uid('mname'), type: uid('mtype'), window: uid('mwin'), role: uid('mrole'), harm: uid('mharm'),
      num: uid('mnum'), den: uid('mden'), cap: uid('mcap'), cuped: uid('mcuped') };
    // Role: empty = not stated (the first metric is then primary). A guardrail says which change is harm.
    const harm = h('select', { id: ids.harm, name: 'harm', disabled: m.role !== 'guardrail' },
      [['', '–'], ['decrease', 'a decrease'], ['increase', 'an increase']].map(([v, l]) => h('option', { value: v, selected: v === (m.harm || '') }, l)));
    const role = h('select', { id: ids.role, name: 'role' },
      [['', '(not stated)'], ['primary', 'primary'], ['secondary', 'secondary'], ['guardrail', 'guardrail']]
        .map(([v, l]) => h('option', { value: v, selected: v === (m.role || '') }, l)));
    role.addEventListener('change', () => {
      harm.disabled = role.value !== 'guardrail';
      if (harm.disabled) harm.value = '';
      else if (!harm.value) harm.value = 'decrease';
    });
    // A type the select does not know (an imported typo) is offered as given: the server names it.
    const types = ['binomial', 'mean', 'ratio'];
    const type = h('select', { id: ids.type, name: 'type' },
      [...types, ...(m.type && !types.includes(m.type) ? [m.type] : [])].map((x) => h('option', { value: x, selected: x === m.type }, x)));
    // Ratio metrics (issue 22.7): numerator metric over a denominator metric or "exposures".
    const numerator = h('input', { id: ids.num, name: 'numerator', value: m.numerator ?? '', autocomplete: 'off', placeholder: 'items' });
    const denominator = h('input', { id: ids.den, name: 'denominator', value: m.denominator ?? '', autocomplete: 'off', placeholder: 'exposures' });
    const ratioFields = [h('div.field.ratio-part', h('label', { for: ids.num }, 'Numerator'), numerator),
      h('div.field.ratio-part', h('label', { for: ids.den }, 'Denominator'), denominator)];
    const showRatio = () => ratioFields.forEach((f) => {
      f.hidden = type.value !== 'ratio' && !numerator.value && !denominator.value;
    });
    type.addEventListener('change', () => {
      if (type.value !== 'ratio') { numerator.value = ''; denominator.value = ''; }
      showRatio();
    });
    // Winsorizing: the pooled percentile per-unit values are cut at; empty: not capped.
    const capValue = m.cap && typeof m.cap === 'object' && !Array.isArray(m.cap) ? m.cap.percentile : m.cap;
    const cap = h('input', { id: ids.cap, name: 'capPercentile', type: 'number', min: 50, max: 100, step: 0.1,
      value: capValue == null ? '' : String(capValue), placeholder: 'no cap' });
    // true and "conversions" mean the same; false and null mean no CUPED (DefinitionJson.cuped).
    const cupedValue = m.cuped === true ? 'conversions' : (m.cuped === false ? '' : (m.cuped ?? ''));
    const cupedChoices = [['', 'no CUPED'], ['conversions', 'CUPED: own earlier conversions'], ['interactions', 'CUPED: earlier interactions']];
    const cuped = h('select', { id: ids.cuped, name: 'cuped' },
      [...cupedChoices, ...(cupedChoices.some(([v]) => v === cupedValue) ? [] : [[cupedValue, String(cupedValue)]])]
        .map(([v, l]) => h('option', { value: v, selected: v === cupedValue }, l)));
    const row = h('div.row.metric',
      h('div.field', h('label', { for: ids.name }, 'Metric'), h('input', { id: ids.name, name: 'name', value: m.name, autocomplete: 'off' })),
      h('div.field', h('label', { for: ids.type }, 'Type'), type),
      ratioFields,
      h('div.field', h('label', { for: ids.window }, 'Window (days)'), h('input', { id: ids.window, name: 'windowDays', type: 'number', min: 1, step: 1, value: String(m.windowDays ?? 14) })),
      h('div.field', h('label', { for: ids.role }, 'Role'), role),
      h('div.field', h('label', { for: ids.harm }, 'Harm is'), harm),
      h('div.field', h('label', { for: ids.cap }, 'Cap at percentile'), cap),
      h('div.field', h('label', { for: ids.cuped }, 'Variance reduction'), cuped),
      h('button.secondary.remove', { type: 'button', 'aria-label': `Remove metric ${m.name || ''}`.trim(),
        onclick: () => { row.remove(); changed(); } }, 'Remove'));
    // What the form does not show, and CUPED's exact spelling (true and "conversions" mean the same).
    row.unshown = Object.fromEntries(Object.entries(m).filter(([k]) => !METRIC_FIELDS.includes(k)));
    row.cupedAsGiven = m.cuped;
    showRatio();
    metricRows.append(row);
  }

  function metricOf(row) {
    const m = {
      name: row.querySelector('[name=name]').value.trim(),
      type: row.querySelector('[name=type]').value,
      windowDays: numberOrText(row.querySelector('[name=windowDays]').value),
    };
    const role = row.querySelector('[name=role]').value;
    const harm = row.querySelector('[name=harm]').value;
    if (role) m.role = role;
    if (harm) m.harm = harm;
    // Sent whenever filled (an imported non-ratio metric with a numerator is the server's to refuse).
    for (const part of ['numerator', 'denominator']) {
      const v = row.querySelector(`[name=${part}]`).value.trim();
      if (v !== '' || m.type === 'ratio') m[part] = v;
    }
    const cap = row.querySelector('[name=capPercentile]').value.trim();
    if (cap !== '') m.cap = { percentile: numberOrText(cap) };
    const cuped = row.querySelector('[name=cuped]').value;
    if (cuped !== '') m.cuped = cuped === 'conversions' && row.cupedAsGiven === true ? true : cuped;
    return Object.assign(m, row.unshown);
  }

  function fill(def) {
    keyInput.value = editing ? key : (def.key ?? '');
    description.value = def.description ?? '';
    unit.value = def.unit ?? 'customer';
    exposure.value = String(def.exposurePercent ?? 100);
    targeting.value = def.targeting == null ? '' : JSON.stringify(def.targeting, null, 2);
    slices.value = (def.slices || []).join(', ');
    layerName.value = def.layer ? def.layer.name : '';
    layerFrom.value = String(def.layer ? def.layer.buckets[0] : 0);
    layerTo.value = String(def.layer ? def.layer.buckets[1] : 10000);
    autoPause.checked = Boolean(def.autoPause);
    design.value = def.design !== 'interleaving' ? 'ab' : def.sharedItems === 'neutral' ? 'interleaving-neutral' : 'interleaving';
    unshown = {};
    if (def.design != null && def.design !== 'ab' && def.design !== 'interleaving') unshown.design = def.design;
    if (def.sharedItems != null && !(def.design === 'interleaving' && ['picker', 'neutral'].includes(def.sharedItems))) {
      unshown.sharedItems = def.sharedItems;
    }
    clear(treatmentRows);
    (def.treatments || []).forEach(addTreatment);
    clear(metricRows);
    // Left out, the server's default metric (README, Experiment definitions); [] stays empty for the server to refuse.
    (def.metrics ?? [{ name: 'conversion', type: 'binomial', windowDays: 14 }]).forEach(addMetric);
  }

  function definition() {
    const def = {
      key: keyInput.value.trim(),
      description: description.value,
      unit: unit.value.trim(),
      exposurePercent: numberOrText(exposure.value),
      treatments: [...treatmentRows.querySelectorAll('.treatment')].map((row) => ({
        name: row.querySelector('[name=name]').value.trim(),
        weight: numberOrText(row.querySelector('[name=weight]').value),
        recommender: row.querySelector('[name=recommender]').value,
      })),
      metrics: [...metricRows.querySelectorAll('.metric')].map(metricOf),
    };
    const sliceNames = slices.value.split(',').map((x) => x.trim()).filter(Boolean);
    if (sliceNames.length) def.slices = sliceNames;
    if (autoPause.checked) def.autoPause = true;
    if (design.value.startsWith('interleaving')) def.design = 'interleaving';
    if (design.value === 'interleaving-neutral') def.sharedItems = 'neutral';
    Object.assign(def, unshown);
    if (salt !== undefined) def.salt = salt;
    if (layerName.value.trim() !== '') {
      def.layer = { name: layerName.value.trim(), buckets: [numberOrText(layerFrom.value), numberOrText(layerTo.value)] };
    }
    // Empty: every unit. Text that is not JSON goes as text, so the server's check names it.
    const t = targeting.value.trim();
    if (t !== '') {
      try { def.targeting = JSON.parse(t); } catch { def.targeting = t; }
    }
    return def;
  }

  /** A recommender no treatment uses yet, if there is one: a new treatment should be a new candidate. */
  function unusedRecommender() {
    const used = new Set(definition().treatments.map((t) => t.recommender));
    return recommenders.find((r) => !used.has(r)) || recommenders[0] || '';
  }

  /** Every treatment on one recommender is an A/A test: legitimate, but it must be a choice. */
  function noteAa() {
    const names = definition().treatments.map((t) => t.recommender);
    const aa = names.length > 1 && names.every((n) => n === names[0]);
    aaNote.textContent = aa ? `This is an A/A test: every treatment uses ${names[0]}, so any difference between them is chance. `
      + 'That is useful to check assignment and logging; to compare recommenders, choose a different one for a treatment.' : '';
    aaNote.hidden = !aa;
  }

  /** What a save would refuse although the definition is valid, in words; null when nothing is known to clash. */
  async function conflictOf(def) {
    if (!editing && def.key) {
      try {
        await api.get(`/experiments/${enc(def.key)}`);
        return `An experiment with the key ${def.key} exists already: choose another key.`;
      } catch (e) {
        if (e.status !== 404) return null;
      }
    }
    if (def.layer && Number.isInteger(def.layer.buckets[0]) && Number.isInteger(def.layer.buckets[1])) {
      let layer;
      try {
        layer = await api.get(`/layers/${enc(def.layer.name)}`);
      } catch (e) {
        return null; // 404: nobody holds any of it yet
      }
      const [from, to] = def.layer.buckets;
      const other = layer.holders.find((x) => x.experiment !== key && x.from < to && from < x.to);
      if (other) {
        return `Buckets [${from}, ${to}) of layer ${layer.name} overlap [${other.from}, ${other.to}) held by ${other.experiment} (${other.status}). `
          + `Free: ${layer.free.map((f) => `[${f.from}, ${f.to})`).join(', ') || 'none'}.`;
      }
    }
    return null;
  }

  // Live validation: the server checks the definition as the owner types and its message is shown.
  let timer = null;
  let generation = 0;
  function changed() {
    noteAa();
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++generation;
      // Targeting that is not JSON is sent as text (the server then says "must be an object, got ..." with the
      // text escaped); say what is wrong with it here instead.
      const t = targeting.value.trim();
      if (t !== '') {
        try { JSON.parse(t); } catch (e) {
          check.className = 'check bad';
          check.textContent = `Targeting is not valid JSON: ${e.message}`;
          return;
        }
      }
      try {
        const def = definition();
        await api.post('/definitions/check', def);
        // The check is parsing only; what a save would refuse with 409 (a taken key, a range another experiment
        // of the layer holds) is looked up here, so that "accepts" is not followed by "Not saved".
        const conflict = await conflictOf(def);
        if (mine !== generation) return;
        check.className = conflict ? 'check bad' : 'check ok';
        check.textContent = conflict || 'The server accepts this definition.';
      } catch (e) {
        if (mine !== generation) return;
        check.className = 'check bad';
        check.textContent = e.message;
      }
    }, 350);
  }

  const importText = h('textarea#import-json', { rows: 8, spellcheck: 'false', 'aria-describedby': 'import-help' });
  const importFile = h('input#import-file', { type: 'file', accept: 'application/json,.json' });
  const importError = h('p.field-error#import-error', { role: 'alert', hidden: true });
  function importJson(text) {
    importError.hidden = true;
    try {
      const def = JSON.parse(text);
      if (!def || typeof def !== 'object' || Array.isArray(def)) throw new Error('a definition must be a JSON object');
      fill(def);
      changed();
      keyInput.focus();
    } catch (e) {
      importError.textContent = `Cannot import: ${e.message}`;
      importError.hidden = false;
    }
  }
  importFile.addEventListener('change', async () => {
    if (importFile.files[0]) importText.value = await importFile.files[0].text();
    importJson(importText.value);
  });

  const form = h('form.card#definition-form', { novalidate: true },
    h('div.field', h('label', { for: 'def-key' }, 'Key'), keyInput,
      h('p.help#def-key-help', 'Lower-case letters, digits and dashes; it cannot change later.')),
    h('div.field', h('label', { for: 'def-description' }, 'Description'), description),
    h('div.grid2',
      h('div.field', h('label', { for: 'def-unit' }, 'Unit'), unit),
      h('div.field', h('label', { for: 'def-exposure' }, 'Exposure (% of units)'), exposure)),
    h('div.field', h('label', { for: 'def-targeting' }, 'Targeting (optional, JSON)'), targeting,
      h('p.help#def-targeting-help', 'Which units the experiment is for, by the attributes a call brings (attr.country=DE). ',
        'Operators eq, in, nin, gt, gte, lt, lte, exists, regex; combine with and, or, not. Empty: every unit. ',
        'It cannot change once the experiment has run.')),
    h('fieldset#def-layer', h('legend', 'Layer (optional: mutual exclusion with the other experiments of the layer)'),
      h('div.grid3',
        h('div.field', h('label', { for: 'def-layer-name' }, 'Layer name'), layerName),
        h('div.field', h('label', { for: 'def-layer-from' }, 'Buckets from'), layerFrom),
        h('div.field', h('label', { for: 'def-layer-to' }, 'to (exclusive)'), layerTo)),
      h('p.help#def-layer-help', 'Experiments of one layer hold disjoint ranges of its 10,000 buckets, so a unit is in at most one of them ',
        '(see the ', h('a', { href: '#/layers' }, 'layer map'), ' for the free ranges). Empty name: not in a layer. ',
        'Once the experiment has run its range may only grow.')),
    h('fieldset', h('legend', 'Treatments (the first is the control)'), treatmentRows,
      aaNote,
      h('button.secondary#add-treatment', { type: 'button', onclick: () => { addTreatment({ name: `T${treatmentRows.children.length}`, weight: 50, recommender: unusedRecommender() }); changed(); } }, 'Add treatment'),
      h('div.field', h('label', { for: 'def-design' }, 'Design'), design,
        h('p.help#def-design-help', 'Interleaving compares two recommenders with far fewer units when their lists differ a lot; weights are then ignored. '
          + 'With items both lists hold crediting nobody, only the items where the lists differ speak: more sensitive when the lists overlap (docs/interleaving.md).'))),
    h('fieldset', h('legend', 'Metrics (the first is the primary metric unless a role says otherwise)'), metricRows,
      h('button.secondary#add-metric', { type: 'button', onclick: () => { addMetric({ name: '', type: 'binomial', windowDays: 14 }); changed(); } }, 'Add metric'),
      h('p.help', 'Role: the verdict speaks for the primary metric; secondary metrics are corrected with it; a guardrail must not move in its harmful direction and is watched with a sequential one-sided check.'),
      h('div.field.inline', autoPause, h('label', { for: 'def-autopause' }, 'Pause the experiment automatically when a guardrail is breached')),
      h('p.help#def-autopause-help', 'Needs a guardrail metric. The server checks every few minutes; the pause is recorded in the history. If you resume it, it is not paused again.')),
    h('div.field', h('label', { for: 'def-slices' }, 'Slices (optional, attribute names)'), slices,
      h('p.help#def-slices-help', 'Break results down by attributes the exposures carry (e.g. device, country, visitor). Comma-separated, at most 5; '
        + 'at most 50 values each are named, the rest are counted as (other). They cannot change once the experiment has run.')),
    check,
    saveError,
    h('div.actions', save, h('a.button.secondary', { href: editing ? `#/experiments/${enc(key)}` : '#/experiments' }, 'Cancel')));
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveError.hidden = true;
    save.disabled = true;
    try {
      const saved = editing ? await api.put(`/experiments/${enc(key)}`, definition(), { revision: detail.revision })
        : await api.post('/experiments', definition());
      flash(editing ? `Saved ${saved.definition.key}.` : `Created ${saved.definition.key} as a draft.`);
      go(`#/experiments/${enc(saved.definition.key)}`);
    } catch (e) {
      saveError.textContent = `Not saved: ${e.message}`;
      saveError.hidden = false;
      saveError.focus();
    } finally {
      save.disabled = false;
    }
  });

  main.append(form,
    h('details.card#import',
      h('summary', 'Import a definition from JSON'),
      h('p.help#import-help', 'Paste a definition (the format of experiments/<key>.json) or choose a file; it fills the form above, then you save it.'),
      h('label', { for: 'import-json' }, 'Definition JSON'), importText,
      h('label', { for: 'import-file' }, 'or a file'), importFile,
      importError,
      h('button.secondary#import-button', { type: 'button', onclick: () => importJson(importText.value) }, 'Load into the form')));
  saveError.setAttribute('tabindex', '-1');
  fill(initial);
  changed();
}
