// People's accounts, for admins: create, set the role, reset the password, disable or enable.
import { h, clear } from '../dom.js';
import { api, enc, session } from '../api.js';
import { dateTime } from '../format.js';
import { table } from '../shared.js';
import { showError, showInfo } from '../navigation.js';
import { confirmAction } from '../confirm.js';

const ROLES = ['viewer', 'owner', 'admin'];

export async function render(main) {
  const body = h('div', { 'aria-live': 'polite' });
  const reload = async () => {
    const { users } = await api.get('/users');
    clear(body);
    body.append(table('Users', ['Username', 'Role', 'State', 'Password changed', 'Actions'], users.map((u) => row(u, reload)), { id: 'users' }));
  };
  main.append(h('h1', 'Users'),
    h('p.lead', 'Viewers read experiments and results; owners also create and run experiments; admins also manage users and API keys.'),
    createForm(reload),
    body);
  await reload();
}

function row(u, reload) {
  const self = session.me() && session.me().username === u.username;
  const role = h('select', { id: `role-${u.username}`, 'aria-label': `Role of ${u.username}`, disabled: self },
    ROLES.map((r) => h('option', { value: r, selected: r === u.role }, r)));
  role.addEventListener('change', () => change(u, { role: role.value }, `${u.username} is now ${role.value}.`, reload));
  const toggle = h('button.secondary', {
    id: `toggle-${u.username}`,
    type: 'button',
    disabled: self,
    onclick: async () => {
      const disabling = !u.disabled;
      if (disabling && !(await confirmAction(`Disable ${u.username}?`, 'They are signed out at once and cannot sign in until enabled again.', 'Disable'))) return;
      change(u, { disabled: disabling }, `${u.username} ${disabling ? 'disabled' : 'enabled'}.`, reload);
    },
  }, u.disabled ? 'Enable' : 'Disable');
  // One's own password is changed with the current one, on the Account page (the server refuses a reset).
  const reset = self ? h('a.button.secondary', { id: `reset-${u.username}`, href: '#/account' }, 'Change password…')
    : h('button.secondary', { id: `reset-${u.username}`, type: 'button', onclick: () => resetForm(u, resetCell) }, 'Reset password…');
  const resetCell = h('td', h('div.actions', toggle, reset));
  return h('tr', { 'data-username': u.username },
    h('th', { scope: 'row' }, u.username, self ? ' (you)' : ''),
    h('td', role),
    h('td', u.disabled ? 'disabled' : 'active'),
    h('td', dateTime(u.passwordChangedAt)),
    resetCell);
}

async function change(u, patch, message, reload) {
  try {
    await api.patch(`/users/${enc(u.username)}`, patch);
    showInfo(message);
  } catch (e) {
    showError(e);
  }
  await reload();
}

function resetForm(u, cell) {
  if (cell.querySelector('form')) return;
  const input = h('input', { type: 'password', id: `new-password-${u.username}`, autocomplete: 'new-password', minlength: 12 });
  const error = h('p.field-error', { role: 'alert', hidden: true });
  const form = h('form.inline', { novalidate: true },
    h('label', { for: `new-password-${u.username}` }, `New password for ${u.username}`), input,
    h('button', { type: 'submit' }, 'Set password'), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.patch(`/users/${enc(u.username)}`, { password: input.value });
      form.remove();
      showInfo(`Password of ${u.username} set; their sessions ended. Tell them the new password in person.`);
    } catch (e) {
      error.textContent = `Not set: ${e.message}`;
      error.hidden = false;
    }
  });
  cell.append(form);
  input.focus();
}

function createForm(reload) {
  const username = h('input#new-username', { type: 'text', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', 'aria-describedby': 'new-username-help' });
  const role = h('select#new-role', ROLES.map((r) => h('option', { value: r, selected: r === 'viewer' }, r)));
  const password = h('input#new-user-password', { type: 'password', autocomplete: 'new-password', 'aria-describedby': 'new-user-password-help' });
  const error = h('p.field-error#create-user-error', { role: 'alert', hidden: true });
  const form = h('form.card#create-user', { novalidate: true },
    h('h2', 'Add a user'),
    h('div.grid2',
      h('div', h('label', { for: 'new-username' }, 'Username'), username,
        h('p.help#new-username-help', 'Lower case letters, digits, dot, dash, underscore.')),
      h('div', h('label', { for: 'new-role' }, 'Role'), role)),
    h('label', { for: 'new-user-password' }, 'Initial password'), password,
    h('p.help#new-user-password-help', 'At least 12 characters. Hand it over in person; they can change it under their account.'),
    error,
    h('button#create-user-button', { type: 'submit' }, 'Add user'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    try {
      const created = await api.post('/users', { username: username.value.trim(), role: role.value, password: password.value });
      form.reset();
      showInfo(`User ${created.username} (${created.role}) added.`);
      await reload();
    } catch (e) {
      error.textContent = `Not added: ${e.message}`;
      error.hidden = false;
    }
  });
  return form;
}
