// Small DOM helpers. Text always goes in as text (never innerHTML), so nothing from the server is markup.
const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'multiple', 'required', 'open', 'indeterminate']);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(props || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function setProps(el, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

let statusTimer = null;
/**
 * Announces a short message in the live region (screen readers hear it; everyone sees it). The region
 * sits in the page's flow under the navigation, so it never covers a control; it is cleared after 6 s
 * and when another page opens (clearNotice).
 */
export function notify(text, kind = 'info') {
  const box = document.getElementById('status');
  box.className = `status status-${kind}`;
  box.textContent = text;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(clearNotice, 6000);
}

export function clearNotice() {
  clearTimeout(statusTimer);
  const box = document.getElementById('status');
  box.textContent = '';
  box.className = 'status';
}

export function errorText(e) {
  if (!e) return '';
  const code = e.code ? ` (${e.code})` : '';
  return `${e.message}${code}${e.hint ? ` — ${e.hint}` : ''}`;
}

/** The one time zone of the console: the browser's own, named next to times (e.g. "Europe/Paris, UTC+01:00"). */
export function zoneName() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  const off = -new Date().getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${zone}, UTC${off < 0 ? '−' : '+'}${pad(off / 60)}:${pad(off % 60)}`;
}

/** A time in the browser's zone, "2026-12-02 08:40" (the zone is named in the top bar and captions). */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function timeCell(iso) {
  return iso ? h('time', { datetime: iso, title: `${iso} (UTC)` }, time(iso)) : '—';
}

let ids = 0;
export const uid = (prefix) => `${prefix}-${++ids}`;

/**
 * A labelled control with help text and a slot for the server's message about this field.
 * `name` is the field's name in the API (e.g. "upload.max"), used to place error messages.
 */
export function field({ label, name, input, help }) {
  const id = input.id || uid('f');
  input.id = id;
  if (name) input.dataset.field = name;
  const helpId = help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  input.setAttribute('aria-describedby', [helpId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field', 'data-field-box': name || '' },
    h('label', { for: id }, label),
    input,
    help ? h('p', { class: 'help', id: helpId }, help) : null,
    h('p', { class: 'field-error', id: errorId, 'data-error-for': name || '' }));
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  if (general) general.textContent = '';
}

/**
 * Puts the server's message at the field it names ("upload.dir_scope[0]: …", "expires_at must …");
 * a message naming no field goes to the form's general error line. Focuses the field in error.
 */
export function showError(form, e) {
  const msg = e.message || String(e);
  const names = [...form.querySelectorAll('[data-error-for]')].map((p) => p.dataset.errorFor).filter(Boolean)
    .sort((a, b) => b.length - a.length);
  const text = errorText(e);
  const name = names.find((n) => msg.startsWith(n) || msg.includes(`${n}[`) || msg.includes(`${n} `) || msg.includes(`${n}:`));
  if (name) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    slot.textContent = text;
    const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
    else slot.closest('fieldset,div')?.querySelector('input,select,textarea')?.focus();
    return;
  }
  const general = form.querySelector('.form-error');
  if (general) { general.textContent = text; general.focus?.(); } else notify(text, 'error');
}

/**
 * A form's submit handler that cannot run twice at once: its submit button is disabled while saving
 * (a double click on "Create key" creates one key). Enter in a field goes through the same guard.
 */
export function onSubmit(form, handler) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (!button) { handler(ev); return; }
    busy(button, () => handler(ev));
  });
}

/**
 * Puts each field error at its field (the server's `errors`, or the page's own checks), all at once,
 * and focuses the first field in error. Errors of fields the form does not have go to its error line.
 */
export function showFieldErrors(form, errors) {
  let first = null;
  const unplaced = [];
  for (const { field: name, msg } of errors) {
    const slot = name && form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (!slot) { unplaced.push(msg); continue; }
    slot.textContent = slot.textContent ? `${slot.textContent}; ${msg}` : msg;
    const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (input) { input.setAttribute('aria-invalid', 'true'); first ??= input; }
  }
  const general = form.querySelector('.form-error');
  if (general && (unplaced.length || errors.length > 1)) {
    general.textContent = [`${errors.length} field(s) to fix.`, ...unplaced].join(' ');
  }
  (first || general)?.focus();
}

/** A copy button: the clipboard API on a secure origin (localhost counts), else selects the text. */
export function copyButton(getText, label = 'Copy') {
  const btn = h('button', { type: 'button', class: 'secondary small' }, label);
  btn.addEventListener('click', async () => {
    const text = getText();
    try {
      await navigator.clipboard.writeText(text);
      notify('Copied to the clipboard.');
    } catch {
      notify('Copying is not allowed here: select the text and copy it by hand.', 'error');
    }
  });
  return btn;
}

/** A modal dialog asking for one value; resolves to the value or null (Escape or Cancel). */
export function ask({ title, label, value = '', submit = 'Save', help }) {
  return new Promise((resolve) => {
    const input = h('input', { type: 'text', value, required: true, autocomplete: 'off' });
    const dialog = h('dialog', { class: 'dialog', 'aria-label': title });
    const done = (v) => { dialog.close(); dialog.remove(); resolve(v); };
    const form = h('form', { method: 'dialog' },
      h('h2', {}, title),
      field({ label, input, help }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit' }, submit),
        h('button', { type: 'button', class: 'secondary', onclick: () => done(null) }, 'Cancel')));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); done(input.value.trim() || null); });
    dialog.addEventListener('cancel', (ev) => { ev.preventDefault(); done(null); });
    dialog.append(form);
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
    input.select();
  });
}

/** A modal yes/no question; resolves true only on the confirming button. */
export function confirmAction(text, yes = 'Delete') {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', role: 'alertdialog', 'aria-label': 'Confirm' });
    const done = (v) => { dialog.close(); dialog.remove(); resolve(v); };
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => done(false) }, 'Cancel');
    dialog.append(h('p', {}, text), h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', onclick: () => done(true) }, yes), cancel));
    dialog.addEventListener('cancel', (ev) => { ev.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

export function lines(text) {
  return text.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0; let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i ? v.toFixed(1) : v} ${units[i]}`;
}

/**
 * Runs `fn` with `target` disabled — a button; every button of a form (its inputs stay enabled so an
 * error can focus its field); or every control of any other box (a selection bar) — so a double click
 * sends one request; a call while it runs is ignored.
 */
export async function busy(target, fn) {
  const controls = target.matches('button') ? [target]
    : [...target.querySelectorAll(target.matches('form') ? 'button' : 'button, select, input')];
  if (target.dataset.busy) return;
  target.dataset.busy = '1';
  target.setAttribute('aria-busy', 'true');
  const wasDisabled = controls.map((c) => c.disabled);
  controls.forEach((c) => { c.disabled = true; });
  try {
    await fn();
  } finally {
    controls.forEach((c, i) => { c.disabled = wasDisabled[i]; });
    delete target.dataset.busy;
    target.removeAttribute('aria-busy');
  }
}

/**
 * Names each cell of the tables under `root` after its column (data-label), so that on a phone the
 * stylesheet can show every row as a card of "label: value" lines instead of a table wider than the screen.
 */
export function labelCells(root) {
  for (const table of root.querySelectorAll('table')) {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    for (const tr of table.querySelectorAll('tbody tr')) {
      [...tr.children].forEach((cell, i) => { if (heads[i] && !cell.dataset.label) cell.dataset.label = heads[i]; });
    }
  }
}

const THEME_KEY = 'assetgate.console.theme';
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
/** The theme shown: the one picked with the toggle (kept in this browser), else the system's. */
export function theme() {
  const picked = localStorage.getItem(THEME_KEY);
  return picked === 'dark' || picked === 'light' ? picked : (darkQuery.matches ? 'dark' : 'light');
}

export function applyTheme() {
  document.documentElement.dataset.theme = theme();
}
darkQuery.addEventListener('change', applyTheme);

/** A button that switches between the light and the dark theme and remembers the choice. */
export function themeToggle() {
  const btn = h('button', { type: 'button', class: 'secondary small', id: 'theme-toggle' }, 'Dark theme');
  const sync = () => btn.setAttribute('aria-pressed', String(theme() === 'dark'));
  sync();
  btn.addEventListener('click', () => {
    localStorage.setItem(THEME_KEY, theme() === 'dark' ? 'light' : 'dark');
    applyTheme();
    sync();
  });
  return btn;
}
