// recolab's web UI: a hash router over the pages, the sign-in gate and the shared layout.
import { h, clear } from './dom.js';
import { session, onUnauthorized } from './api.js';
import { go, flash, takeFlash, showError, showInfo, hideNotice, freeBlobUrls } from './navigation.js';
import * as signin from './pages/signin.js';
import * as list from './pages/list.js';
import * as edit from './pages/edit.js';
import * as experiment from './pages/experiment.js';
import * as results from './pages/results.js';
import * as models from './pages/models.js';
import * as layers from './pages/layers.js';
import * as holdouts from './pages/holdouts.js';
import * as account from './pages/account.js';
import * as users from './pages/users.js';
import * as keys from './pages/keys.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');

// What a page needs, said at once to a role without it (rather than a form that fails on save).
const EXPERIMENTS = { needs: 'manage-experiments', what: 'create or edit experiments', who: 'an owner or an admin' };
const ACCESS = (what) => ({ needs: 'manage-access', what, who: 'an admin' });

const routes = [
  [/^#\/experiments\/new$/, (m, q) => edit.render(main, { query: q }), EXPERIMENTS],
  [/^#\/experiments\/([a-z0-9-]+)\/edit$/, (m, q) => edit.render(main, { key: m[1], query: q }), EXPERIMENTS],
  [/^#\/experiments\/([a-z0-9-]+)\/results$/, (m, q) => results.render(main, { key: m[1], query: q })],
  [/^#\/experiments\/([a-z0-9-]+)$/, (m, q) => experiment.render(main, { key: m[1], query: q })],
  [/^#\/experiments$/, (m, q) => list.render(main, { query: q })],
  [/^#\/models$/, (m, q) => models.render(main, { query: q })],
  [/^#\/layers$/, (m, q) => layers.render(main, { query: q })],
  [/^#\/holdouts$/, (m, q) => holdouts.render(main, { query: q })],
  [/^#\/account$/, (m, q) => account.render(main, { query: q })],
  [/^#\/users$/, (m, q) => users.render(main, { query: q }), ACCESS('manage users')],
  [/^#\/keys$/, (m, q) => keys.render(main, { query: q }), ACCESS('manage API keys')],
];

function notAllowed(rule) {
  const me = session.me();
  main.append(h('h1', 'Not available to your role'),
    h('p#not-allowed', { role: 'alert' }, `Your role (${me.role}) cannot ${rule.what}; that needs ${rule.who}. `,
      'Ask an admin if you need it.'),
    h('p', h('a', { href: '#/experiments' }, 'Back to the experiments.')));
}

function renderNav() {
  clear(nav);
  const me = session.me();
  if (!me) return;
  const here = location.hash;
  const link = (href, text, active) => h('li', h('a', { href, 'aria-current': active ? 'page' : null }, text));
  nav.append(h('ul',
    link('#/experiments', 'Experiments', here.startsWith('#/experiments') && !here.startsWith('#/experiments/new')),
    session.can('manage-experiments') ? link('#/experiments/new', 'New experiment', here.startsWith('#/experiments/new')) : null,
    link('#/layers', 'Layers', here.startsWith('#/layers')),
    link('#/holdouts', 'Holdouts', here.startsWith('#/holdouts')),
    link('#/models', 'Models', here.startsWith('#/models')),
    session.can('manage-access') ? link('#/users', 'Users', here.startsWith('#/users')) : null,
    session.can('manage-access') ? link('#/keys', 'API keys', here.startsWith('#/keys')) : null,
    h('li', h('a#account-link', { href: '#/account', 'aria-current': here.startsWith('#/account') ? 'page' : null },
      `${me.username} (${me.role})`)),
    h('li', h('button.link#signout', { type: 'button', onclick: signOut }, 'Sign out'))));
}

async function signOut() {
  returnTo = null;
  try {
    await session.signOut();
    flash('Signed out.');
  } catch (e) {
    flash(`Signed out in this tab; the server said: ${e.message}`, 'error');
  }
  go('#/signin');
}

/** Whether the server was asked yet if this browser has a session (once per page load). */
let sessionChecked = false;

async function route() {
  freeBlobUrls();
  hideNotice();
  const message = takeFlash();
  if (message) {
    if (message.kind === 'error') showError(new Error(message.text));
    else showInfo(message.text);
  }
  const [path, queryString] = (location.hash || '#/experiments').split('?');
  const query = new URLSearchParams(queryString || '');
  if (!sessionChecked) {
    try {
      await session.load();
      sessionChecked = true;
    } catch (e) {
      showError(e);
      return;
    }
  }
  renderNav();
  clear(main);
  if (!session.me()) {
    signin.render(main, { next: path === '#/signin' ? (returnTo || '#/experiments') : location.hash });
    return;
  }
  if (path === '#/signin' || path === '#' || path === '#/' || path === '') {
    go('#/experiments');
    return;
  }
  const found = routes.find(([re]) => re.test(path));
  if (!found) {
    main.append(h('h1', 'Not found'), h('p', 'No page here. ', h('a', { href: '#/experiments' }, 'Back to the experiments.')));
    return;
  }
  const rule = found[2];
  if (rule && !session.can(rule.needs)) {
    notAllowed(rule);
    return;
  }
  try {
    await found[1](found[0].exec(path), query);
  } catch (e) {
    if (e.status !== 401) showError(e);
  }
}

/** Where a person whose session ended was, to return there after signing in again. */
let returnTo = null;

onUnauthorized((message) => {
  returnTo = location.hash.startsWith('#/signin') ? returnTo : location.hash;
  flash(`Please sign in again: ${message}`, 'error');
  go('#/signin');
});

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (event) => showError(event.reason));
route();
