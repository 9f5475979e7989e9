// A confirmation in a modal <dialog>: keyboard-operable, focus returns to the opener, Escape cancels.
import { h } from './dom.js';

export function confirmAction(title, text, confirmLabel) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const dialog = h('dialog.confirm#confirm-dialog', { 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('form', { method: 'dialog' },
        h('h2#confirm-title', title),
        h('p#confirm-text', text),
        h('div.actions',
          h('button#confirm-yes', { value: 'yes' }, confirmLabel),
          h('button.secondary#confirm-no', { value: 'no' }, 'Cancel'))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
      if (opener && opener.focus) opener.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('#confirm-no').focus();
  });
}
