import { h } from '../dom.js';
import { session } from '../api.js';
import { go } from '../navigation.js';

export function render(main, { next }) {
  const username = h('input#username', {
    type: 'text', name: 'username', required: true, autocomplete: 'username', spellcheck: 'false', autocapitalize: 'none',
  });
  const password = h('input#password', {
    type: 'password', name: 'password', required: true, autocomplete: 'current-password', 'aria-describedby': 'signin-help',
  });
  const error = h('p.field-error#signin-error', { role: 'alert', hidden: true });
  const button = h('button#signin-button', { type: 'submit' }, 'Sign in');
  const form = h('form.card.narrow', { novalidate: true },
    h('h1', 'Sign in'),
    h('label', { for: 'username' }, 'Username'),
    username,
    h('label', { for: 'password' }, 'Password'),
    password,
    h('p.help#signin-help', 'Viewers read experiments and results; owners also create and run experiments; '
      + 'admins also manage people and API keys. Ask an admin for an account.'),
    error,
    button);
  const fail = (text, field) => {
    error.textContent = text;
    error.hidden = false;
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    username.removeAttribute('aria-invalid');
    password.removeAttribute('aria-invalid');
    if (!username.value.trim()) {
      fail('Enter your username.', username);
      return;
    }
    if (!password.value) {
      fail('Enter your password.', password);
      return;
    }
    button.disabled = true;
    try {
      await session.signIn(username.value.trim(), password.value);
      password.value = '';
      go(next && next !== '#/signin' ? next : '#/experiments');
    } catch (e) {
      password.value = '';
      if (e.status === 401) fail('Not signed in: wrong username or password.', password);
      else if (e.status === 429) fail(`Not signed in: ${e.message}.`, password);
      else fail(e.message, password);
    } finally {
      button.disabled = false;
    }
  });
  main.append(form);
  username.focus();
}
