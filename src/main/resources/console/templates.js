import { api, enc } from './api.js';
import { h, field, clearErrors, showError, notify, timeCell, copyButton, confirmAction, errorText, lines, uid } from './ui.js';
import { permissionPicker } from './permissions.js';

const base = (ctx) => `/admin/v1/projects/${enc(ctx.project)}/security-templates`;

export async function render(root, ctx) {
  const { security_templates: list } = await api('GET', base(ctx));
  const formBox = h('div', { id: 'template-form-box' });
  const detailBox = h('div', { id: 'template-detail-box' });
  if (!ctx.readOnly) {
    root.append(h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'write', id: 'new-template', onclick: () => openForm(formBox, detailBox, ctx, null) },
        'New Security Template')));
  }
  root.append(formBox, detailBox, table(list, ctx, formBox, detailBox));
}

function table(list, ctx, formBox, detailBox) {
  if (!list.length) return h('p', {}, `No Security Template in ${ctx.project} yet.`);
  const heads = ['Description', 'Id', 'Permissions', 'Active', 'Key validity', 'Updated', 'Actions'];
  return h('div', { class: 'table-wrap' }, h('table', { id: 'templates-table' },
    h('caption', {}, `Security Templates of ${ctx.project}`),
    h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map((t) => h('tr', { 'data-template-id': t.id },
      h('th', { scope: 'row' }, t.description || '(no description)'),
      h('td', {}, h('code', {}, t.id)),
      h('td', {}, t.permissions.join(', ') || '—'),
      h('td', {}, t.active ? 'yes' : 'no'),
      h('td', {}, `${t.key_validity.expire_duration} s`),
      h('td', {}, timeCell(t.updated_at)),
      h('td', {}, h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'secondary small', onclick: () => showDetail(detailBox, formBox, ctx, t) }, 'Use / try it'),
        ctx.readOnly ? null : h('button', { type: 'button', class: 'secondary small write', onclick: () => openForm(formBox, detailBox, ctx, t) }, 'Edit'),
        ctx.readOnly ? null : h('button', { type: 'button', class: 'danger small write', onclick: () => revokeKeys(t, ctx) }, 'Revoke keys'),
        ctx.readOnly ? null : h('button', { type: 'button', class: 'danger small write', onclick: () => remove(t, ctx) }, 'Delete'))))))));
}

/** A whole number stays a number; anything else is sent as typed, so the server's message names the field. */
function numberOrRaw(input) {
  const v = input.value.trim();
  if (v === '') return null;
  return /^\d+$/.test(v) ? Number(v) : v;
}

function num(label, name, value, help) {
  const input = h('input', { type: 'text', inputmode: 'numeric', value: value ?? '', autocomplete: 'off' });
  return { input, el: field({ label, name, input, help }) };
}

function list(label, name, values, help) {
  const input = h('textarea', { rows: '2', autocomplete: 'off' });
  input.value = (values || []).join('\n');
  return { input, el: field({ label, name, input, help }) };
}

function openForm(box, detailBox, ctx, t) {
  const editing = t !== null;
  const up = t?.upload || {}; const re = t?.restrictions || {}; const li = t?.listing || {};
  const description = h('input', { type: 'text', value: t?.description || '', autocomplete: 'off' });
  const active = h('input', { type: 'checkbox', id: uid('active'), checked: t ? t.active : true });
  const picker = permissionPicker({ held: ctx.session.key.permissions, selected: t?.permissions || ['OBJECTS_LIST', 'OBJECTS_FETCH', 'FILE_UPLOAD'] });
  const f = {
    perMin: num('Uploads per minute', 'upload.limit_per_min', up.limit_per_min, 'Empty: unlimited.'),
    perIp: num('Uploads per minute per client IP', 'upload.limit_per_source_ip', up.limit_per_source_ip, 'Empty: unlimited.'),
    max: num('Uploads in all, per key', 'upload.max', up.max, 'Empty: unlimited.'),
    maxSize: num('Largest file (bytes)', 'upload.max_file_size', up.max_file_size, 'Empty: the server’s limit.'),
    upScope: list('Upload folders', 'upload.dir_scope', up.dir_scope, 'One folder per line, e.g. /uploads. Empty: anywhere.'),
    ips: list('Allowed IP ranges', 'restrictions.whitelist_ip_ranges', re.whitelist_ip_ranges, 'CIDR per line, e.g. 203.0.113.0/24. Empty: any address.'),
    countries: list('Allowed countries', 'restrictions.whitelist_countries', re.whitelist_countries, 'ISO 3166 codes, e.g. DE, FR. Empty: any country.'),
    expire: num('Key lifetime (seconds)', 'key_validity.expire_duration', t?.key_validity?.expire_duration ?? 1200, '1 to 604800 (7 days).'),
    listScope: list('Listing folders', 'listing.dir_scope', li.dir_scope, 'One folder per line. Empty: the whole project.'),
    listMax: num('Most files per listing', 'listing.max', li.max, 'Empty: the server’s limit.'),
    exchanges: num('Keys per minute per client IP', 'exchange.limit_per_source_ip', t?.exchange?.limit_per_source_ip,
      '1 to 10000. Empty: the server’s key-exchange-per-minute.'),
    types: list('Allowed file types', 'upload.allowed_types', up.allowed_types, 'Read from the file’s bytes; one per line, e.g. image/* or application/pdf. Empty: any type.'),
    maxPixels: num('Most pixels per image', 'upload.max_pixels', up.max_pixels, 'Width × height, from the header. Empty: no cap.'),
    maxWidth: num('Widest image (pixels)', 'upload.max_width', up.max_width, 'Empty: no cap.'),
    maxHeight: num('Highest image (pixels)', 'upload.max_height', up.max_height, 'Empty: no cap.'),
    origins: list('Allowed origins', 'restrictions.allowed_origins', re.allowed_origins, 'Pages allowed to use the keys, one per line, e.g. https://shop.example.com or https://*.example.com. Empty: any page.'),
    startsAt: { input: h('input', { type: 'text', value: t?.key_validity?.starts_at || '', placeholder: '2026-12-24T08:00:00Z', autocomplete: 'off' }) },
  };
  f.startsAt.el = field({ label: 'Valid from', name: 'key_validity.starts_at', input: f.startsAt.input, help: 'An instant in UTC (…Z). Empty: at once.' });
  const httpsOnly = h('input', { type: 'checkbox', id: uid('https-only'), checked: !!re.https_only });
  const title = editing ? `Edit ${t.id}` : 'New Security Template';
  const form = h('form', { class: 'card write', id: 'template-form', 'aria-label': title, novalidate: true },
    h('h2', {}, title),
    editing ? h('p', { class: 'help' }, 'Live keys follow the saved rules from their next request. To end them, use “Revoke keys”.') : null,
    h('div', { class: 'row' },
      field({ label: 'Description', name: 'description', input: description }),
      h('p', { class: 'check' }, active, h('label', { for: active.id }, 'Active (keys can be minted)'))),
    picker.element,
    h('div', { class: 'groups' },
      h('fieldset', { id: 'group-upload' }, h('legend', {}, 'Upload limits'), f.perMin.el, f.perIp.el, f.max.el, f.maxSize.el, f.upScope.el,
        f.types.el, f.maxPixels.el, f.maxWidth.el, f.maxHeight.el),
      h('fieldset', { id: 'group-restrictions' }, h('legend', {}, 'IP and country restrictions'), f.ips.el, f.countries.el,
        f.origins.el, h('p', { class: 'check' }, httpsOnly, h('label', { for: httpsOnly.id }, 'HTTPS only'))),
      h('fieldset', { id: 'group-validity' }, h('legend', {}, 'Key validity'), f.expire.el, f.exchanges.el, f.startsAt.el),
      h('fieldset', { id: 'group-listing' }, h('legend', {}, 'Listing limits'), f.listScope.el, f.listMax.el)),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, editing ? 'Save template' : 'Create template'),
      h('button', { type: 'button', class: 'secondary', onclick: () => box.replaceChildren() }, 'Cancel')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {
      description: description.value.trim(),
      permissions: picker.value(),
      active: active.checked,
      upload: { limit_per_min: numberOrRaw(f.perMin.input), limit_per_source_ip: numberOrRaw(f.perIp.input),
        max: numberOrRaw(f.max.input), max_file_size: numberOrRaw(f.maxSize.input), dir_scope: lines(f.upScope.input.value),
        allowed_types: lines(f.types.input.value), max_pixels: numberOrRaw(f.maxPixels.input),
        max_width: numberOrRaw(f.maxWidth.input), max_height: numberOrRaw(f.maxHeight.input) },
      restrictions: { whitelist_ip_ranges: lines(f.ips.input.value), whitelist_countries: lines(f.countries.input.value),
        allowed_origins: lines(f.origins.input.value), https_only: httpsOnly.checked },
      key_validity: { expire_duration: numberOrRaw(f.expire.input), starts_at: f.startsAt.input.value.trim() || null },
      listing: { dir_scope: lines(f.listScope.input.value), max: numberOrRaw(f.listMax.input) },
      exchange: { limit_per_source_ip: numberOrRaw(f.exchanges.input) },
    };
    try {
      const r = editing
        ? await api('PATCH', `${base(ctx)}/${enc(t.id)}`, body)
        : await api('POST', base(ctx), body);
      notify(editing ? 'Template saved.' : `Template ${r.security_template.id} created.`);
      await ctx.rerender();
      showDetail(document.getElementById('template-detail-box'), document.getElementById('template-form-box'), ctx, r.security_template);
    } catch (e) {
      showError(form, e);
    }
  });
  detailBox.replaceChildren();
  box.replaceChildren(form);
  description.focus();
}

/** The template id, ready-to-copy snippets, and "try it": mint a SASS key and show what it carries. */
function showDetail(box, formBox, ctx, t) {
  const origin = location.origin;
  const curl = `curl -s "${origin}/${ctx.project}/key/${t.id}"`;
  const widget = `Filerobot({\n  container: '${ctx.project}',\n  securityTemplateId: '${t.id}',\n  // …your other options\n});`;
  const out = h('div', { id: 'try-result', 'aria-live': 'polite' });
  const tryIt = h('button', { type: 'button', id: 'try-it' }, 'Try it: mint a SASS key');
  tryIt.addEventListener('click', async () => {
    out.replaceChildren(h('p', {}, 'Minting…'));
    try {
      const r = await api('GET', `/${enc(ctx.project)}/key/${enc(t.id)}`, undefined, { session: false });
      out.replaceChildren(claims(r));
    } catch (e) {
      out.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    }
  });
  const panel = h('section', { class: 'card', id: 'template-detail', 'aria-labelledby': 'template-detail-title', tabindex: '-1' },
    h('h2', { id: 'template-detail-title' }, t.description || t.id),
    h('p', {}, 'Template id: ', h('code', { id: 'template-id' }, t.id), ' ', copyButton(() => t.id, 'Copy id')),
    h('h3', {}, 'Mint a SASS key (no key needed)'),
    h('pre', { class: 'snippet', id: 'curl-snippet' }, curl), copyButton(() => curl, 'Copy curl'),
    h('h3', {}, 'Filerobot widget option'),
    h('pre', { class: 'snippet', id: 'widget-snippet' }, widget), copyButton(() => widget, 'Copy widget option'),
    h('div', { class: 'actions' }, tryIt,
      h('button', { type: 'button', class: 'secondary', onclick: () => box.replaceChildren() }, 'Close')),
    out);
  formBox.replaceChildren();
  box.replaceChildren(panel);
  panel.focus();
}

function claims(r) {
  const rows = [
    ['Key id', r.key_id], ['Expires at', r.key_validity?.expires_at],
    ['Valid for', `${Math.round((r.key_validity?.expire_duration || 0) / 1000)} s`],
    ['Permissions', (r.permissions || []).join(', ') || '—'],
    ['Listing scope', (r.list_scope || []).join(', ') || 'whole project'],
    ['Upload scope', (r.upload_scope || []).join(', ') || 'anywhere'],
  ];
  return h('div', { class: 'claims' },
    h('h3', {}, 'Minted SASS key'),
    h('dl', { id: 'sass-claims' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')])),
    h('p', { class: 'secret-line' }, h('code', { class: 'secret', id: 'sass-key' }, r.key), copyButton(() => r.key, 'Copy key')),
    h('p', { class: 'help' }, r.hint || ''));
}

async function revokeKeys(t, ctx) {
  if (!(await confirmAction(`Revoke every key minted so far from “${t.description || t.id}”? They are refused from their next request; `
      + 'the template keeps minting new ones.', 'Revoke keys'))) return;
  try {
    await api('POST', `${base(ctx)}/${enc(t.id)}/revoke-keys`);
    notify('Every key of the template was revoked.');
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

async function remove(t, ctx) {
  if (!(await confirmAction(`Delete the template “${t.description || t.id}”? Keys minted from it stop working.`))) return;
  try {
    await api('DELETE', `${base(ctx)}/${enc(t.id)}`);
    notify('Template deleted.');
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}
