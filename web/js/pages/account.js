// The signed-in person's account: who they are, and changing their password (which signs out
// every other browser of theirs).
import { h } from '../dom.js';
import { session } from '../api.js';
import { dateTime } from '../format.js';
import { showInfo } from '../navigation.js';

export function render(main) {
  const me = session.me();
  const current = h('input#current-password', { type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input#new-password', { type: 'password', autocomplete: 'new-password', required: true, minlength: 12, 'aria-describedby': 'new-password-help' });
  const again = h('input#repeat-password', { type: 'password', autocomplete: 'new-password', required: true });
  const error = h('p.field-error#password-error', { role: 'alert', hidden: true });
  const form = h('form.card.narrow#password-form', { novalidate: true },
    h('h2', 'Change password'),
    h('label', { for: 'current-password' }, 'Current password'), current,
    h('label', { for: 'new-password' }, 'New password'), next,
    h('p.help#new-password-help', 'At least 12 characters; a few unrelated words make a strong one. '
      + 'Every other browser signed in as you is signed out.'),
    h('label', { for: 'repeat-password' }, 'New password again'), again,
    error,
    h('button#password-button', { type: 'submit' }, 'Change password'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (next.value !== again.value) {
      error.textContent = 'The two new passwords differ.';
      error.hidden = false;
      again.focus();
      return;
    }
    try {
      await session.changePassword(current.value, next.value);
      form.reset();
      showInfo('Password changed. Other browsers signed in as you were signed out.');
    } catch (e) {
      error.textContent = `Not changed: ${e.message}`;
      error.hidden = false;
    }
  });
  main.append(
    h('h1', 'Your account'),
    h('dl.facts#account-facts',
      h('dt', 'Username'), h('dd', me.username),
      h('dt', 'Role'), h('dd', me.role),
      h('dt', 'Signed in'), h('dd', dateTime(me.signedInAt)),
      h('dt', 'Session ends'), h('dd', `${dateTime(me.expiresAt)} at the latest; after 30 minutes without activity`)),
    form);
}
