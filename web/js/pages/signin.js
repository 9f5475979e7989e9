import { h } from '../dom.js';
import { api, session } from '../api.js';
import { go } from '../app.js';

export function render(main, { next }) {
  const input = h('input#api-key', {
    type: 'password', name: 'key', required: true, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'api-key-help',
  });
  const error = h('p.field-error#signin-error', { role: 'alert', hidden: true });
  const button = h('button#signin-button', { type: 'submit' }, 'Sign in');
  const form = h('form.card.narrow', { novalidate: true },
    h('h1', 'Sign in'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('p.help#api-key-help', 'A key with the read scope shows experiments and results; changing them needs admin. ',
      'The key is kept in this browser tab only (session storage) and forgotten when the tab closes or you sign out.'),
    error,
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    error.hidden = true;
    if (!key) {
      error.textContent = 'Enter an API key.';
      error.hidden = false;
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      await api.get('/experiments', key); // checks the key and its read scope
      session.signIn(key);
      go(next && next !== '#/signin' ? next : '#/experiments');
    } catch (e) {
      error.textContent = e.status === 401 ? `This key was not accepted: ${e.message}` : e.message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  main.append(form);
  input.focus();
}
