import { api, ApiError } from './api.js';
import { h, errorText } from './ui.js';

/**
 * The sign-in form: the key is sent once to POST /admin/v1/session and the field is emptied at once;
 * the browser keeps only the HttpOnly session cookie the server sets (no storage, no variable).
 */
export function renderSignIn(root, { onSignedIn, message }) {
  const input = h('input', { type: 'password', id: 'signin-key', name: 'key', autocomplete: 'off', spellcheck: 'false',
    required: true, 'aria-describedby': 'signin-help signin-error' });
  const error = h('p', { class: 'form-error', id: 'signin-error', role: 'alert' }, message || '');
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in'),
    h('div', { class: 'field' },
      h('label', { for: 'signin-key' }, 'API secret key'),
      input,
      h('p', { class: 'help', id: 'signin-help' },
        'Paste a key holding CONFIG_LIST (read) or CONFIG_CHANGE (change). It is exchanged for a session and not kept in this browser.')),
    error,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const key = input.value.trim();
    input.value = '';
    error.textContent = '';
    if (!key) { error.textContent = 'Paste an API secret key.'; input.focus(); return; }
    submit.disabled = true;
    try {
      const r = await api('POST', '/admin/v1/session', { key }, { session: false });
      await onSignedIn(r.session);
    } catch (e) {
      error.textContent = e instanceof ApiError ? errorText(e) : String(e);
      input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(form);
  input.focus();
}
