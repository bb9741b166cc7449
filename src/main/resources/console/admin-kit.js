// The parts the admin screens (settings, labels and collections, shares, metadata, approvals) share:
// a permission check, a table with a row of actions, and a form card that saves once per click.
import { h, clearErrors, showError, busy } from './ui.js';
import { expand } from './permissions.js';

/** Whether this session may change things needing `permission` (never in a read-only console). */
export function can(ctx, permission) {
  return !ctx.readOnly && expand(ctx.session.key.permissions).includes(permission);
}

export function toolbar(...children) {
  return h('div', { class: 'toolbar write' }, children);
}

/**
 * A table of `items`: `cells(item)` gives the cells after the first (a row header), `actions(item)`
 * the buttons of the last column (none: no column); `key(item)` the row's data-* attributes.
 */
export function crudTable({ id, items, empty, caption, heads, key, cells, actions }) {
  if (!items.length) return h('p', { id: `${id}-empty` }, empty);
  const rows = items.map((item) => {
    const [first, ...rest] = cells(item);
    return h('tr', key(item),
      h('th', { scope: 'row' }, first), rest.map((c) => h('td', {}, c)),
      actions ? h('td', {}, h('div', { class: 'row-actions' }, actions(item))) : null);
  });
  // A region that can take focus: a table wider than a phone scrolls inside it, also from the keyboard.
  return h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': caption }, h('table', { id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, [...heads, ...(actions ? ['Actions'] : [])].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

/**
 * A form in a card: `onSubmit` runs with the buttons disabled (a double click saves once); its
 * error is shown at the field the server names, or on the form's error line.
 */
export function formCard({ id, title, submit, fields, onSubmit, onCancel }) {
  const form = h('form', { class: 'card write', id, 'aria-label': title, novalidate: true },
    h('h2', {}, title), fields,
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, submit),
      onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Cancel') : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => {
      clearErrors(form);
      try {
        await onSubmit();
      } catch (e) {
        showError(form, e);
      }
    });
  });
  queueMicrotask(() => form.querySelector('input, select, textarea')?.focus()); // once the caller has placed it
  return form;
}
