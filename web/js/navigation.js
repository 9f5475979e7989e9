// Moving between pages and telling the person what happened: the page-level notice, a message
// carried over to the next page, and the blob URLs a page made. Pages import these from here,
// never from app.js (which imports the pages).
import { h, clear } from './dom.js';

const notice = () => document.getElementById('notice');

/** Shows the page for this hash, rendering it again if it is the current one. */
export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

let pending = null;
/** A message for the next page to show (e.g. "signed out"), until the navigation after it. */
export function flash(text, kind = 'info') {
  pending = { text, kind };
}

/** The message left by flash(), once. */
export function takeFlash() {
  const message = pending;
  pending = null;
  return message;
}

/** An error shown at the top of the page, announced to screen readers. */
export function showError(error) {
  const el = clear(notice());
  el.className = 'notice error';
  el.append(h('strong', 'Error: '), error && error.message ? error.message : String(error));
  el.hidden = false;
  el.focus();
}

export function showInfo(text) {
  const el = clear(notice());
  el.className = 'notice info';
  el.append(text);
  el.hidden = false;
}

export function hideNotice() {
  clear(notice()).hidden = true;
}

// Blob URLs (charts) belong to the page that made them; freed on every navigation.
const blobUrls = [];
export function trackBlobUrl(url) {
  blobUrls.push(url);
  return url;
}

export function freeBlobUrls() {
  while (blobUrls.length) URL.revokeObjectURL(blobUrls.pop());
}
