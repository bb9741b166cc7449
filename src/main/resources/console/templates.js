// Security Templates of the picked project: the rules of the browser (SASS) keys a widget obtains
// without any secret, what each rule does, the keys that are live, and a snippet that talks to this server.
import { api, enc } from './api.js';
import { h, field, clearErrors, showFieldErrors, notify, timeCell, copyButton, confirmAction, errorText, lines, uid, onSubmit, busy }
  from './ui.js';
import { permissionPicker } from './permissions.js';
import { policyCard } from './upload-policies.js';
import { parseSize, formatSize, parseDuration, formatDuration, parseCount } from './units.js';

const base = (ctx) => `/admin/v1/projects/${enc(ctx.project)}/security-templates`;
const MAX_LIFETIME = 7 * 24 * 3600; // TemplateSpec.MAX_EXPIRE_SECONDS
const NO_GEOIP = 'This server has no GeoIP database (setting geoip-database): a template that lists countries '
  + 'refuses every request of its keys, from any country.';

export async function render(root, ctx) {
  const { security_templates: list, geoip_database: geoip } = await api('GET', base(ctx));
  const boxes = { form: h('div', { id: 'template-form-box' }), detail: h('div', { id: 'template-detail-box' }), geoip };
  if (!ctx.readOnly) {
    root.append(h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'write', id: 'new-template', onclick: () => openForm(boxes, ctx, null) },
        'New Security Template')));
  }
  root.append(boxes.form, boxes.detail, table(list, ctx, boxes), policyCard(ctx));
}

/** The rules of a template in a few words each, for the list. */
function summary(t, geoip) {
  const up = t.upload || {}; const re = t.restrictions || {}; const li = t.listing || {};
  const out = [];
  if (up.max_file_size != null) out.push(`files up to ${formatSize(up.max_file_size)}`);
  if (up.limit_per_min != null) out.push(`${up.limit_per_min} uploads/min per key`);
  if (up.limit_per_source_ip != null) out.push(`${up.limit_per_source_ip} uploads/min per key and IP`);
  if (up.max != null) out.push(`${up.max} uploads per key in all`);
  if (up.bytes_per_period != null) out.push(`${formatSize(up.bytes_per_period)} per key per ${formatDuration(up.bytes_period)}`);
  if (up.max_bytes != null) out.push(`${formatSize(up.max_bytes)} per key in all`);
  if (up.dir_scope?.length) out.push(`uploads into ${up.dir_scope.join(', ')}`);
  if (li.dir_scope?.length) out.push(`lists ${li.dir_scope.join(', ')}`);
  if ([...(up.dir_scope || []), ...(li.dir_scope || [])].some((d) => d.includes('{sub}'))) {
    out.push('per-user keys only: minted by a backend with POST /{token}/key/{template}');
  }
  if (li.max != null) out.push(`${li.max} listing calls per key in all`);
  if (re.whitelist_ip_ranges?.length) out.push(`from ${re.whitelist_ip_ranges.join(', ')}`);
  if (re.whitelist_countries?.length) {
    out.push(`from ${re.whitelist_countries.join(', ')}${geoip ? '' : ' (no GeoIP database: every request refused)'}`);
  }
  if (up.allowed_types?.length) out.push(`only ${up.allowed_types.join(', ')}`);
  if (up.max_pixels != null) out.push(`images up to ${up.max_pixels} pixels`);
  if (up.max_width != null || up.max_height != null) out.push(`images up to ${up.max_width ?? '∞'} × ${up.max_height ?? '∞'} px`);
  if (re.allowed_origins?.length) out.push(`from pages on ${re.allowed_origins.join(', ')}`);
  if (re.https_only) out.push('HTTPS only');
  if (t.key_validity.starts_at) out.push(`keys from ${t.key_validity.starts_at}`);
  out.push(`keys live ${formatDuration(t.key_validity.expire_duration)}`);
  if (t.exchange?.limit_per_source_ip != null) out.push(`${t.exchange.limit_per_source_ip} new keys/min per IP`);
  return out;
}

function table(list, ctx, boxes) {
  if (!list.length) return h('p', {}, `No Security Template in ${ctx.project} yet.`);
  const heads = ['Description', 'Permissions', 'Rules', 'Active', 'Updated', 'Actions'];
  return h('div', { class: 'table-wrap' }, h('table', { id: 'templates-table' },
    h('caption', {}, `Security Templates of ${ctx.project}`),
    h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map((t) => h('tr', { 'data-template-id': t.id },
      h('th', { scope: 'row' }, t.description || '(no description)', h('div', { class: 'sub' }, h('code', {}, t.id))),
      h('td', {}, t.permissions.join(', ') || '—'),
      h('td', { class: 'rules' }, h('ul', { class: 'plain' }, summary(t, boxes.geoip).map((r) => h('li', {}, r)))),
      h('td', {}, t.active ? 'yes' : h('strong', {}, 'no')),
      h('td', {}, timeCell(t.updated_at)),
      h('td', {}, h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'secondary small', onclick: () => showDetail(boxes, ctx, t) }, 'Use / try it'),
        h('button', { type: 'button', class: 'secondary small', onclick: () => showLiveKeys(boxes, ctx, t) }, 'Live keys'),
        ctx.readOnly ? null : [
          h('button', { type: 'button', class: 'secondary small write', onclick: () => openForm(boxes, ctx, t) }, 'Edit'),
          h('button', { type: 'button', class: 'secondary small write', 'aria-label': `${t.active ? 'Deactivate' : 'Activate'} ${t.description || t.id}`,
            onclick: (ev) => busy(ev.currentTarget, () => setActive(t, !t.active, ctx)) }, t.active ? 'Deactivate' : 'Activate'),
          h('button', { type: 'button', class: 'danger small write', onclick: () => remove(t, ctx) }, 'Delete')])))))));
}

/** A text field read with `parse` (units.js); `shown` turns the stored value back into text. */
function input(label, name, value, help, parse, shown = (v) => (v ?? '')) {
  const el = h('input', { type: 'text', value: shown(value), autocomplete: 'off', spellcheck: 'false' });
  return { input: el, parse: () => parse(el.value), el: field({ label, name, input: el, help }) };
}

function list(label, name, values, help) {
  const el = h('textarea', { rows: '2', autocomplete: 'off', spellcheck: 'false' });
  el.value = (values || []).join('\n');
  return { input: el, el: field({ label, name, input: el, help }) };
}

/** A parser that also holds the number inside [min, max]. */
const within = (parse, min, max, what) => (text) => {
  const r = parse(text);
  if (r.value == null || r.error) return r;
  return r.value < min || r.value > max ? { error: `must be ${what}` } : r;
};

function openForm(boxes, ctx, t) {
  const editing = t !== null;
  const up = t?.upload || {}; const re = t?.restrictions || {}; const li = t?.listing || {};
  const description = h('input', { type: 'text', value: t?.description || '', autocomplete: 'off' });
  const active = h('input', { type: 'checkbox', id: uid('active'), checked: t ? t.active : true });
  const picker = permissionPicker({ held: ctx.session.key.permissions, selected: t?.permissions || ['OBJECTS_LIST', 'OBJECTS_FETCH', 'FILE_UPLOAD'] });
  // Every number field: its API name, how it reads the text, and the label that says what the rule does.
  const f = {
    maxSize: input('Largest file a key may upload', 'upload.max_file_size', up.max_file_size,
      'With a unit: 500 KB, 10 MB, 2 GB (1 MB = 1024 KB). Empty: the server’s limit.', parseSize, formatSize),
    perMin: input('Uploads per minute, per browser key', 'upload.limit_per_min', up.limit_per_min,
      'Files one key may upload in any minute. Empty: no limit.', parseCount),
    perIp: input('Uploads per minute, per browser key and client IP', 'upload.limit_per_source_ip', up.limit_per_source_ip,
      'The same, counted for each client address. Empty: no limit.', parseCount),
    bytesPerPeriod: input('Bytes per period, per browser key', 'upload.bytes_per_period', up.bytes_per_period,
      'With a unit: 500 MB, 2 GB; counted over the period below, sliding (429 above it). Empty: no limit.', parseSize, formatSize),
    bytesPeriod: input('Period of the byte quota', 'upload.bytes_period', up.bytes_period,
      'With a unit: 1h, 1d, 7d (at most 31d). Empty: a day.', within(parseDuration, 1, 31 * 86400, 'between 1s and 31d'), formatDuration),
    upScope: list('Folders a key may upload into', 'upload.dir_scope', up.dir_scope,
      'One folder per line, e.g. /uploads, or /uploads/* with its subfolders; /users/{sub}/* gives each user of a per-user key '
      + 'their own folder (such keys are minted by your backend, not by the exchange). Empty: anywhere.'),
    max: input('Uploads in a browser key’s lifetime', 'upload.max', up.max,
      'Counted from minting to expiry; then uploads are refused (429) until the widget gets a new key. Empty: no limit.', parseCount),
    maxBytes: input('Bytes in a browser key’s lifetime', 'upload.max_bytes', up.max_bytes,
      'With a unit: 500 MB, 2 GB. Each upload’s size is counted before it is stored (429 once the key has uploaded this much); '
      + 'a failed upload gives its bytes back. Empty: no limit.', parseSize, formatSize),
    listMax: input('Listing calls in a browser key’s lifetime', 'listing.max', li.max,
      'A count of calls, not a page size: after this many folder or file listings the key is refused (429) until it expires. '
      + 'A widget lists on every folder it opens. Empty: no limit.', parseCount),
    listScope: list('Folders a key may list', 'listing.dir_scope', li.dir_scope, 'One folder per line. Empty: the whole project.'),
    ips: list('Client IP ranges allowed', 'restrictions.whitelist_ip_ranges', re.whitelist_ip_ranges,
      'CIDR per line, e.g. 203.0.113.0/24. Requests from elsewhere are refused (403). Empty: any address.'),
    countries: list('Client countries allowed', 'restrictions.whitelist_countries', re.whitelist_countries,
      'ISO 3166 codes, e.g. DE, FR. Empty: any country.'),
    expire: input('Browser key lifetime', 'key_validity.expire_duration', t?.key_validity?.expire_duration ?? 1200,
      'With a unit: 90s, 20m, 1h, 7d (at most 7 days). The widget gets a new key when it ends.',
      within(parseDuration, 1, MAX_LIFETIME, 'between 1s and 7d'), formatDuration),
    exchanges: input('New browser keys per minute, per client IP', 'exchange.limit_per_source_ip', t?.exchange?.limit_per_source_ip,
      '1 to 10000. Empty: the server’s key-exchange-per-minute.', within(parseCount, 1, 10000, '1 to 10000')),
    types: list('File types a key may upload', 'upload.allowed_types', up.allowed_types,
      'Read from the file’s bytes, never its name; one per line, e.g. image/* or application/pdf. Others are refused (415). Empty: any type.'),
    maxPixels: input('Most pixels per uploaded image', 'upload.max_pixels', up.max_pixels,
      'Width × height, read from the image header before the file is stored (413 above it). Empty: no cap.', parseCount),
    maxWidth: input('Widest uploaded image (pixels)', 'upload.max_width', up.max_width, 'Empty: no cap.', parseCount),
    maxHeight: input('Tallest uploaded image (pixels)', 'upload.max_height', up.max_height, 'Empty: no cap.', parseCount),
    origins: list('Pages allowed to use the keys', 'restrictions.allowed_origins', re.allowed_origins,
      'Origins, one per line, e.g. https://shop.example.com or https://*.example.com; checked on the Origin (else Referer) a browser sends (403 otherwise). Empty: any page.'),
    startsAt: { input: h('input', { type: 'text', value: t?.key_validity?.starts_at || '', placeholder: '2026-12-24T08:00:00Z', autocomplete: 'off' }) },
  };
  f.startsAt.el = field({ label: 'Keys valid from', name: 'key_validity.starts_at', input: f.startsAt.input,
    help: 'An instant in UTC (…Z): before it no key is minted and minted ones are refused (403). Empty: at once.' });
  const httpsOnly = h('input', { type: 'checkbox', id: uid('https-only'), checked: !!re.https_only });
  const geoWarning = boxes.geoip ? null : h('p', { class: 'warning', id: 'geoip-warning' }, NO_GEOIP);
  const title = editing ? `Edit ${t.id}` : 'New Security Template';
  const submit = h('button', { type: 'submit' }, editing ? 'Save template' : 'Create template');
  const form = h('form', { class: 'card write', id: 'template-form', 'aria-label': title, novalidate: true },
    h('h2', {}, title),
    editing ? h('p', { class: 'help' }, 'Live keys follow the saved rules from their next request. To end them, use “Live keys”.') : null,
    h('div', { class: 'row' },
      field({ label: 'Description', name: 'description', input: description }),
      h('p', { class: 'check' }, active, h('label', { for: active.id }, 'Active (keys can be minted; deactivating ends the live ones)'))),
    picker.element,
    h('div', { class: 'groups' },
      h('fieldset', { id: 'group-upload' }, h('legend', {}, 'Uploads'), f.maxSize.el, f.perMin.el, f.perIp.el, f.upScope.el,
        f.bytesPerPeriod.el, f.bytesPeriod.el, f.types.el, f.maxPixels.el, f.maxWidth.el, f.maxHeight.el),
      h('fieldset', { id: 'group-totals' }, h('legend', {}, 'Totals over a key’s lifetime'), f.max.el, f.maxBytes.el, f.listMax.el),
      h('fieldset', { id: 'group-restrictions' }, h('legend', {}, 'Where keys may be used from'), f.ips.el, f.countries.el, geoWarning,
        f.origins.el, h('p', { class: 'check' }, httpsOnly, h('label', { for: httpsOnly.id }, 'HTTPS only (keys refused over plain HTTP)'))),
      h('fieldset', { id: 'group-validity' }, h('legend', {}, 'Key validity'), f.expire.el, f.exchanges.el, f.startsAt.el),
      h('fieldset', { id: 'group-listing' }, h('legend', {}, 'Listing'), f.listScope.el)),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' }, submit,
      h('button', { type: 'button', class: 'secondary', onclick: () => boxes.form.replaceChildren() }, 'Cancel')));
  onSubmit(form, async () => {
    clearErrors(form);
    // The page reads every number; one it cannot read is sent as typed, so the server refuses the body
    // (nothing is saved) and names its other mistakes in the same answer: all errors after one submit.
    const pageErrors = [];
    const read = (name) => {
      const r = f[name].parse();
      if (!r.error) return r.value;
      pageErrors.push({ field: f[name].input.dataset.field, msg: `${f[name].input.dataset.field}: ${r.error}` });
      return f[name].input.value.trim();
    };
    const countries = lines(f.countries.input.value);
    const bytesPerPeriod = read('bytesPerPeriod');
    const body = {
      description: description.value.trim(),
      permissions: picker.value(),
      active: active.checked,
      upload: { limit_per_min: read('perMin'), limit_per_source_ip: read('perIp'), max: read('max'), max_file_size: read('maxSize'),
        dir_scope: lines(f.upScope.input.value), allowed_types: lines(f.types.input.value),
        max_pixels: read('maxPixels'), max_width: read('maxWidth'), max_height: read('maxHeight'),
        max_bytes: read('maxBytes'), bytes_per_period: bytesPerPeriod,
        // the period means nothing without a quota: left out then, so clearing the quota clears both
        bytes_period: bytesPerPeriod == null || bytesPerPeriod === '' ? null : read('bytesPeriod') },
      restrictions: { whitelist_ip_ranges: lines(f.ips.input.value), whitelist_countries: countries,
        allowed_origins: lines(f.origins.input.value), https_only: httpsOnly.checked },
      key_validity: { expire_duration: read('expire'), starts_at: f.startsAt.input.value.trim() || null },
      listing: { dir_scope: lines(f.listScope.input.value), max: read('listMax') },
      exchange: { limit_per_source_ip: read('exchanges') },
    };
    if (pageErrors.length) showFieldErrors(form, pageErrors);
    if (!pageErrors.length && countries.length && !boxes.geoip
        && !(await confirmAction(`${NO_GEOIP} Save with countries anyway?`, 'Save anyway'))) return;
    try {
      const r = editing
        ? await api('PATCH', `${base(ctx)}/${enc(t.id)}`, body)
        : await api('POST', base(ctx), body);
      notify(editing ? 'Template saved.' : `Template ${r.security_template.id} created.`);
      await ctx.rerender();
      showDetail({ ...boxes, form: document.getElementById('template-form-box'), detail: document.getElementById('template-detail-box') },
        ctx, r.security_template);
    } catch (e) {
      const fromPage = new Set(pageErrors.map((p) => p.field));
      const server = e.errors?.length ? e.errors : [{ field: fieldNamed(form, e.message), msg: errorText(e) }];
      clearErrors(form);
      showFieldErrors(form, [...pageErrors, ...server.filter((s) => !fromPage.has(s.field))]);
    }
  });
  boxes.detail.replaceChildren();
  boxes.form.replaceChildren(form);
  description.focus();
}

/** The form field a single server message names ("upload.max must …"), or '' for the form's error line. */
function fieldNamed(form, msg) {
  const names = [...form.querySelectorAll('[data-error-for]')].map((p) => p.dataset.errorFor).filter(Boolean)
    .sort((a, b) => b.length - a.length);
  return names.find((n) => msg.startsWith(n)) || '';
}

/** The template id, ready-to-copy snippets that talk to this server, and "try it". */
function showDetail(boxes, ctx, t) {
  const origin = location.origin;
  const curl = `curl -s "${origin}/${ctx.project}/key/${t.id}"`;
  const widget = `// import Core from '@filerobot/core';\nCore({\n  container: '${ctx.project}',\n  securityTemplateId: '${t.id}',\n`
    + `  apiEndpoint: '${origin}', // this server; without it the widget calls Scaleflex's cloud\n  // …your other options\n});`;
  const out = h('div', { id: 'try-result', 'aria-live': 'polite' });
  const tryIt = h('button', { type: 'button', id: 'try-it' }, 'Try it: mint a SASS key');
  tryIt.addEventListener('click', () => busy(tryIt, async () => {
    out.replaceChildren(h('p', {}, 'Minting…'));
    try {
      const r = await api('GET', `/${enc(ctx.project)}/key/${enc(t.id)}`, undefined, { session: false });
      out.replaceChildren(minted(r, ctx, out));
    } catch (e) {
      out.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    }
  }));
  const panel = h('section', { class: 'card', id: 'template-detail', 'aria-labelledby': 'template-detail-title', tabindex: '-1' },
    h('h2', { id: 'template-detail-title' }, t.description || t.id),
    h('p', {}, 'Template id: ', h('code', { id: 'template-id' }, t.id), ' ', copyButton(() => t.id, 'Copy id')),
    h('h3', {}, 'Mint a SASS key (no key needed)'),
    h('pre', { class: 'snippet', id: 'curl-snippet' }, curl), copyButton(() => curl, 'Copy curl'),
    h('h3', {}, 'Filerobot widget options'),
    h('pre', { class: 'snippet', id: 'widget-snippet' }, widget), copyButton(() => widget, 'Copy widget options'),
    h('div', { class: 'actions' }, tryIt,
      h('button', { type: 'button', class: 'secondary', onclick: () => boxes.detail.replaceChildren() }, 'Close')),
    out);
  boxes.form.replaceChildren();
  boxes.detail.replaceChildren(panel);
  panel.focus();
}

/**
 * A key "try it" minted: its claims, and the key itself only until "Done", which revokes it, so no
 * live key stays on screen. A read-only session cannot revoke: it sees the claims, never the key.
 */
function minted(r, ctx, out) {
  const rows = [
    ['Key id', r.key_id], ['Expires at', r.key_validity?.expires_at],
    ['Valid for', formatDuration(Math.round((r.key_validity?.expire_duration || 0) / 1000))],
    ['Permissions', (r.permissions || []).join(', ') || '—'],
    ['Listing scope', (r.list_scope || []).join(', ') || 'whole project'],
    ['Upload scope', (r.upload_scope || []).join(', ') || 'anywhere'],
  ];
  const done = h('button', { type: 'button', id: 'try-done' }, 'Done: revoke this key');
  done.addEventListener('click', () => busy(done, async () => {
    try {
      await api('DELETE', `/admin/v1/projects/${enc(ctx.project)}/sass-keys/${enc(r.key_id)}`);
      out.replaceChildren(h('p', {}, `Key ${r.key_id} revoked.`));
    } catch (e) {
      notify(errorText(e), 'error');
    }
  }));
  return h('div', { class: 'claims' },
    h('h3', {}, 'Minted SASS key'),
    h('dl', { id: 'sass-claims' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')])),
    ctx.readOnly
      ? h('p', { class: 'help' }, 'The key itself is not shown: this session cannot revoke it. It ends at its expiry.')
      : [h('p', { class: 'secret-line' }, h('code', { class: 'secret', id: 'sass-key' }, r.key), copyButton(() => r.key, 'Copy key')),
        h('p', { class: 'help' }, 'A test key: “Done” revokes it and takes it off the screen.'),
        h('div', { class: 'actions' }, done)]);
}

/** The keys minted from the template that have not expired (from the audit trail), each revocable, and "Revoke all". */
async function showLiveKeys(boxes, ctx, t) {
  let keys;
  try {
    ({ sass_keys: keys } = await api('GET', `${base(ctx)}/${enc(t.id)}/sass-keys`));
  } catch (e) {
    notify(errorText(e), 'error');
    return;
  }
  const reopen = () => showLiveKeys(boxes, ctx, t);
  const live = keys.filter((k) => !k.revoked);
  const rows = keys.map((k) => h('tr', { 'data-sass-key-id': k.key_id },
    h('th', { scope: 'row' }, h('code', {}, k.key_id)),
    h('td', {}, k.ip || '—'),
    h('td', {}, timeCell(k.issued_at)),
    h('td', {}, timeCell(k.expires_at)),
    h('td', {}, k.revoked ? h('strong', {}, 'revoked')
      : ctx.readOnly ? 'live'
        : h('button', { type: 'button', class: 'danger small write', 'aria-label': `Revoke ${k.key_id}`,
          onclick: (ev) => busy(ev.currentTarget, () => revokeOne(ctx, k, reopen)) }, 'Revoke'))));
  const panel = h('section', { class: 'card', id: 'live-keys', 'aria-labelledby': 'live-keys-title', tabindex: '-1' },
    h('h2', { id: 'live-keys-title' }, `Keys of “${t.description || t.id}”`),
    h('p', { class: 'help' }, 'Keys minted from this template that have not expired, as the audit trail recorded them (ids only: the keys are '
      + 'never stored). “Revoke all” also ends any key not listed; the template keeps minting new ones.'),
    keys.length
      ? h('div', { class: 'table-wrap' }, h('table', { id: 'live-keys-table' },
        h('caption', {}, `${live.length} live, ${keys.length - live.length} revoked`),
        h('thead', {}, h('tr', {}, ['Key id', 'Client IP', 'Minted', 'Expires', 'State'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, rows)))
      : h('p', { id: 'no-live-keys' }, 'No key of this template is still valid.'),
    h('div', { class: 'actions' },
      ctx.readOnly ? null : h('button', { type: 'button', class: 'danger write', id: 'revoke-all-keys',
        onclick: (ev) => busy(ev.currentTarget, () => revokeAll(t, ctx, reopen)) }, 'Revoke all keys'),
      h('button', { type: 'button', class: 'secondary', onclick: () => boxes.detail.replaceChildren() }, 'Close')));
  boxes.form.replaceChildren();
  boxes.detail.replaceChildren(panel);
  panel.focus();
}

async function revokeOne(ctx, k, reopen) {
  if (!(await confirmAction(`Revoke the SASS key ${k.key_id}? It is refused from its next request.`, 'Revoke'))) return;
  try {
    await api('DELETE', `/admin/v1/projects/${enc(ctx.project)}/sass-keys/${enc(k.key_id)}`);
    notify('SASS key revoked.');
    await reopen();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

async function revokeAll(t, ctx, reopen) {
  if (!(await confirmAction(`Revoke every key minted so far from “${t.description || t.id}”? They are refused from their next request; `
      + 'the template keeps minting new ones.', 'Revoke all'))) return;
  try {
    await api('POST', `${base(ctx)}/${enc(t.id)}/revoke-keys`);
    notify('Every key of the template was revoked.');
    await reopen();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

/** One click: deactivating ends every key minted so far (activating again does not bring them back). */
async function setActive(t, value, ctx) {
  try {
    await api('PATCH', `${base(ctx)}/${enc(t.id)}`, { active: value });
    notify(value ? `Template “${t.description || t.id}” activated: it mints keys again.`
      : `Template “${t.description || t.id}” deactivated: its keys are refused and no new ones are minted.`);
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

