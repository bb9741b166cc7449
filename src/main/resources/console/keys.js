import { api, enc } from './api.js';
import { h, field, clearErrors, showError, notify, timeCell, copyButton, confirmAction, errorText, uid, onSubmit, busy } from './ui.js';
import { permissionPicker, expand } from './permissions.js';

export async function render(root, ctx) {
  const { keys } = await api('GET', '/admin/v1/keys');
  const secretBox = h('div', { id: 'secret-box' });
  const formBox = h('div', { id: 'key-form-box' });
  const mintedBox = h('div', { id: 'minted-keys-box' });
  if (!ctx.readOnly) {
    root.append(h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'write', id: 'new-key', onclick: () => openForm(formBox, secretBox, ctx, null) }, 'New API key')));
  }
  root.append(secretBox, formBox, mintedBox, table(keys, ctx, formBox, secretBox, mintedBox));
}

function scopeText(k) {
  return k.company_wide ? 'company-wide' : (k.projects.length ? k.projects.join(', ') : 'no project');
}

function table(keys, ctx, formBox, secretBox, mintedBox) {
  const me = ctx.session.key.id;
  const rows = keys.map((k) => {
    const perms = k.permissions.includes('all') ? ['all'] : k.permissions;
    const actions = h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'secondary small', onclick: () => showMinted(mintedBox, k, ctx) }, 'SASS keys'),
      ctx.readOnly ? null : [
        h('button', { type: 'button', class: 'secondary small write', onclick: () => openForm(formBox, secretBox, ctx, k) }, 'Edit'),
        h('button', { type: 'button', class: 'secondary small write', onclick: () => setActive(k, !k.active, ctx) },
          k.active ? 'Deactivate' : 'Activate'),
        h('button', { type: 'button', class: 'danger small write', onclick: () => remove(k, ctx) }, 'Delete')]);
    return h('tr', { 'data-key-id': k.id },
      h('th', { scope: 'row' }, k.description || '(no description)', k.id === me ? h('span', { class: 'badge' }, 'this session') : null,
        h('div', { class: 'sub' }, h('code', {}, k.secret_hint))),
      h('td', {}, perms.length > 3
        ? h('details', {}, h('summary', {}, `${perms.length} permissions`), h('ul', { class: 'plain' }, perms.map((p) => h('li', {}, h('code', {}, p)))))
        : h('ul', { class: 'plain' }, perms.map((p) => h('li', {}, h('code', {}, p))))),
      h('td', {}, scopeText(k)),
      h('td', {}, k.active ? 'yes' : h('strong', {}, 'no')),
      h('td', {}, timeCell(k.created_at)),
      h('td', {}, timeCell(k.last_used_at)),
      h('td', {}, k.expires_at ? timeCell(k.expires_at) : 'never'),
      h('td', {}, actions));
  });
  const heads = ['Description', 'Permissions', 'Projects', 'Active', 'Created', 'Last used', 'Expires', 'Actions'];
  return h('div', { class: 'table-wrap' }, h('table', { id: 'keys-table' },
    h('caption', {}, `${keys.length} key(s) visible to this key (never stronger ones)`),
    h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function openForm(box, secretBox, ctx, key) {
  const caller = ctx.session.key;
  const editing = key !== null;
  const description = h('input', { type: 'text', required: true, value: key?.description || '', autocomplete: 'off' });
  const picker = permissionPicker({ held: caller.permissions, selected: key?.permissions || [], allowAll: caller.permissions.includes('all') });
  const companyWide = h('input', { type: 'radio', name: 'scope', value: 'company', id: uid('scope'), checked: !!key?.company_wide,
    disabled: !caller.company_wide });
  const someProjects = h('input', { type: 'radio', name: 'scope', value: 'projects', id: uid('scope'), checked: !key?.company_wide });
  const chosen = new Set(key ? key.projects : [ctx.project].filter(Boolean));
  const projectBoxes = ctx.projects.map((p) => h('input', { type: 'checkbox', id: uid('proj'), value: p.token, checked: chosen.has(p.token) }));
  const expires = h('input', { type: 'datetime-local', value: localInput(key?.expires_at) });
  const scope = h('fieldset', { class: 'scope' },
    h('legend', {}, 'Where the key works'),
    caller.company_wide ? h('p', { class: 'check' }, companyWide, h('label', { for: companyWide.id }, 'Company-wide: every project, present and future')) : null,
    h('p', { class: 'check' }, someProjects, h('label', { for: someProjects.id }, 'These projects:')),
    h('ul', { class: 'checks' }, projectBoxes.map((b) => h('li', {}, b, h('label', { for: b.id }, b.value)))),
    h('p', { class: 'field-error', 'data-error-for': 'projects' }));
  const secretTitle = editing ? `Edit key “${key.description}”` : 'New API key';
  const form = h('form', { class: 'card write', id: 'key-form', 'aria-label': secretTitle },
    h('h2', {}, secretTitle),
    field({ label: 'Description', name: 'description', input: description }),
    picker.element,
    scope,
    field({ label: 'Expires (optional, your local time)', name: 'expires_at', input: expires,
      help: 'Empty: never. A key never outlives the key that makes it.' }),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, editing ? 'Save changes' : 'Create key'),
      h('button', { type: 'button', class: 'secondary', onclick: () => box.replaceChildren() }, 'Cancel')));
  onSubmit(form, async () => {
    clearErrors(form);
    const body = {
      description: description.value.trim(),
      permissions: picker.value(),
      company_wide: companyWide.checked,
      projects: companyWide.checked ? [] : projectBoxes.filter((b) => b.checked).map((b) => b.value),
      expires_at: expires.value ? new Date(expires.value).toISOString() : null,
    };
    try {
      if (editing) {
        await api('PATCH', `/admin/v1/keys/${enc(key.id)}`, body);
        notify('Key saved.');
        box.replaceChildren();
        await ctx.rerender();
      } else {
        const r = await api('POST', '/admin/v1/keys', body);
        await ctx.rerender();
        showSecret(document.getElementById('secret-box'), r.key);
      }
    } catch (e) {
      showError(form, e);
    }
  });
  secretBox.replaceChildren();
  box.replaceChildren(form);
  description.focus();
}

/** The secret exists only here, in the DOM, until "Done": the server keeps a hash and never shows it again. */
function showSecret(box, key) {
  const code = h('code', { id: 'new-key-secret', class: 'secret' }, key.secret);
  const panel = h('section', { class: 'card secret-panel', 'aria-labelledby': 'secret-title', tabindex: '-1' },
    h('h2', { id: 'secret-title' }, `Key “${key.description}” created`),
    h('p', {}, h('strong', {}, 'Copy the secret now: it is shown only once.'), ' Only a hash of it is stored.'),
    h('p', { class: 'secret-line' }, code, copyButton(() => key.secret, 'Copy secret')),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => box.replaceChildren() }, 'Done, I stored it')));
  box.replaceChildren(panel);
  panel.focus();
}

/** The live SASS keys an API key minted with POST /{token}/key, each revocable (the keys themselves are never shown). */
async function showMinted(box, k, ctx) {
  let sassKeys;
  try {
    ({ sass_keys: sassKeys } = await api('GET', `/admin/v1/keys/${enc(k.id)}/sass-keys`));
  } catch (e) {
    notify(errorText(e), 'error');
    return;
  }
  const rows = sassKeys.map((s) => h('tr', { 'data-sass-key-id': s.key_id },
    h('th', { scope: 'row' }, h('code', {}, s.key_id)),
    h('td', {}, s.project),
    h('td', {}, timeCell(s.issued_at)),
    h('td', {}, timeCell(s.expires_at)),
    h('td', {}, s.revoked ? h('strong', {}, 'revoked')
      : ctx.readOnly ? 'live'
        : h('button', { type: 'button', class: 'danger small write', onclick: (ev) => busy(ev.currentTarget, () => revokeMinted(box, k, s, ctx)) },
          'Revoke'))));
  const live = sassKeys.filter((s) => !s.revoked);
  const panel = h('section', { class: 'card', id: 'minted-keys', 'aria-labelledby': 'minted-title', tabindex: '-1' },
    h('h2', { id: 'minted-title' }, `SASS keys minted by “${k.description}”`),
    h('p', { class: 'help' }, 'Keys made with POST /{token}/key. They never outlive this API key, and die with it when it is deleted '
      + 'or deactivated.'),
    sassKeys.length
      ? h('div', { class: 'table-wrap' }, h('table', { id: 'minted-keys-table' },
        h('caption', {}, `${sassKeys.length} SASS key(s) not yet expired`),
        h('thead', {}, h('tr', {}, ['Key id', 'Project', 'Minted', 'Expires', 'State'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows)))
      : h('p', {}, 'No SASS key of this API key is still valid.'),
    h('div', { class: 'actions' },
      ctx.readOnly || !live.length ? null
        : h('button', { type: 'button', class: 'danger write', id: 'revoke-all-minted', onclick: (ev) => busy(ev.currentTarget, () => revokeAllMinted(box, k, live, ctx)) },
          `Revoke all ${live.length} live`),
      h('button', { type: 'button', class: 'secondary', onclick: () => box.replaceChildren() }, 'Close')));
  box.replaceChildren(panel);
  panel.focus();
}

/** Revokes every live key the API key minted inline, one call each (the server has no batch route for them). */
async function revokeAllMinted(box, k, live, ctx) {
  if (!(await confirmAction(`Revoke all ${live.length} live SASS key(s) minted by “${k.description}”? They are refused from their next request.`,
    'Revoke all'))) return;
  const failed = [];
  for (const s of live) {
    try {
      await api('DELETE', `/admin/v1/keys/${enc(k.id)}/sass-keys/${enc(s.key_id)}`);
    } catch (e) {
      if (e.status !== 404) failed.push(`${s.key_id}: ${errorText(e)}`); // 404: it expired meanwhile
    }
  }
  notify(failed.length ? `Not revoked: ${failed.join('; ')}` : `${live.length} SASS key(s) revoked.`, failed.length ? 'error' : 'info');
  await showMinted(box, k, ctx);
}

async function revokeMinted(box, k, s, ctx) {
  if (!(await confirmAction(`Revoke the SASS key ${s.key_id}? It is refused from its next request.`, 'Revoke'))) return;
  try {
    await api('DELETE', `/admin/v1/keys/${enc(k.id)}/sass-keys/${enc(s.key_id)}`);
    notify('SASS key revoked.');
    await showMinted(box, k, ctx);
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

async function setActive(k, active, ctx) {
  if (!active && k.id === ctx.session.key.id
      && !(await confirmAction('This is the key of your session: deactivating it signs you out.', 'Deactivate'))) return;
  try {
    await api('PATCH', `/admin/v1/keys/${enc(k.id)}`, { active });
    notify(active ? 'Key activated.' : 'Key deactivated.');
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

async function remove(k, ctx) {
  const own = k.id === ctx.session.key.id ? ' This is the key of your session: you will be signed out.' : '';
  if (!(await confirmAction(`Delete the key “${k.description}”? Clients using it stop working at once.${own}`))) return;
  try {
    await api('DELETE', `/admin/v1/keys/${enc(k.id)}`);
    notify('Key deleted.');
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

export { expand };
