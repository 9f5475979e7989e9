// API keys, for admins: issue (the key is shown once), find by prefix or label, revoke.
import { h, clear } from '../dom.js';
import { api, enc } from '../api.js';
import { dateTime } from '../format.js';
import { table } from '../shared.js';
import { go, showError, showInfo } from '../navigation.js';
import { confirmAction } from '../confirm.js';

const SCOPES = [
  ['assign', 'assign: assignment, recommendations, events, interactions'],
  ['read', 'read: experiments, results, exports, models'],
  ['admin', 'admin: everything, including experiments, keys and users'],
];

export async function render(main, { query }) {
  const prefix = query.get('prefix') || '';
  const label = query.get('label') || '';
  const issued = h('div#issued-key');
  const list = h('div', { 'aria-live': 'polite' });
  const reload = () => load(list, prefix, label);
  main.append(h('h1', 'API keys'),
    h('p.lead', 'Services call the API with a key: Authorization: Bearer <key>. Only a hash of each key is stored; '
      + 'a key is shown once, when it is made.'),
    createForm(issued, reload), issued, filterForm(prefix, label), list);
  await reload();
}

async function load(list, prefix, label) {
  const { keys } = await api.get(`/keys?prefix=${enc(prefix)}&label=${enc(label)}`);
  clear(list);
  list.append(keys.length === 0 ? h('p.empty#no-keys', 'No key matches.')
    : table('Keys, oldest first', ['Prefix', 'Label', 'Scopes', 'State', 'Created', 'Expires', 'Created by', ''],
      keys.map((k) => h('tr', { 'data-id': k.id },
        h('th', { scope: 'row' }, h('code', k.prefix)),
        h('td', k.label),
        h('td', k.scopes.join(', ')),
        h('td', k.state),
        h('td', dateTime(k.createdAt)),
        h('td', k.expiresAt ? dateTime(k.expiresAt) : 'never'),
        h('td', k.createdBy || '–'),
        h('td', k.state === 'revoked' ? '' : h(`button.danger#revoke-${k.id}`, {
          type: 'button',
          onclick: async () => {
            if (!(await confirmAction(`Revoke ${k.label}?`, 'Services using this key get 401 from now on. This cannot be undone.', 'Revoke'))) return;
            try {
              await api.del(`/keys/${enc(k.id)}`);
              showInfo(`Key ${k.prefix}… (${k.label}) revoked.`);
              await load(list, prefix, label);
            } catch (e) {
              showError(e);
            }
          },
        }, 'Revoke…')))), { id: 'keys' }));
}

function filterForm(prefix, label) {
  const p = h('input#filter-prefix', { type: 'text', value: prefix, spellcheck: 'false' });
  const l = h('input#filter-label', { type: 'text', value: label });
  const form = h('form.card#key-filter', { role: 'search' },
    h('h2', 'Find keys'),
    h('label', { for: 'filter-prefix' }, 'Prefix (the start of the key, e.g. rlk_Ab3dE9)'), p,
    h('label', { for: 'filter-label' }, 'Label'), l,
    h('button.secondary', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (p.value.trim()) params.set('prefix', p.value.trim());
    if (l.value.trim()) params.set('label', l.value.trim());
    go(`#/keys${params.toString() ? `?${params}` : ''}`);
  });
  return form;
}

function createForm(issued, reload) {
  const label = h('input#key-label', { type: 'text', maxlength: 200 });
  const boxes = SCOPES.map(([value, text]) => h('label.check', h('input', { type: 'checkbox', name: 'scope', value, checked: value === 'read' }), ' ', text));
  const expires = h('input#key-expires', { type: 'date', 'aria-describedby': 'key-expires-help' });
  const error = h('p.field-error#create-key-error', { role: 'alert', hidden: true });
  const form = h('form.card#create-key', { novalidate: true },
    h('h2', 'Issue a key'),
    h('label', { for: 'key-label' }, 'Label (what uses it)'), label,
    h('fieldset', h('legend', 'Scopes'), boxes),
    h('label', { for: 'key-expires' }, 'Expires (optional)'), expires,
    h('p.help#key-expires-help', 'The key stops working at 00:00 UTC that day.'),
    error,
    h('button#create-key-button', { type: 'submit' }, 'Issue key'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const scopes = [...form.querySelectorAll('input[name=scope]:checked')].map((b) => b.value);
    const body = { label: label.value.trim(), scopes };
    if (expires.value) body.expiresAt = `${expires.value}T00:00:00Z`;
    try {
      const k = await api.post('/keys', body);
      form.reset();
      clear(issued);
      issued.append(h('section.card.notice.info', { role: 'status' },
        h('h2', `Key for ${k.label}`),
        h('p', 'Copy it now: it is not stored and will not be shown again.'),
        h('input#new-key', { type: 'text', readonly: true, value: k.key, 'aria-label': 'The new key', onfocus: (e) => e.target.select() })));
      await reload();
    } catch (e) {
      error.textContent = `Not issued: ${e.message}`;
      error.hidden = false;
    }
  });
  return form;
}
