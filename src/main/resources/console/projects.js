import { api } from './api.js';
import { h, field, clearErrors, showError, notify, timeCell, busy } from './ui.js';

export async function render(root, ctx) {
  await ctx.reloadProjects();
  const canCreate = !ctx.readOnly && ctx.session.key.company_wide;
  if (canCreate) root.append(createForm(ctx));
  else if (!ctx.readOnly) root.append(h('p', { class: 'help' }, 'Only a company-wide key can create projects.'));
  root.append(table(ctx));
  const current = ctx.projects.find((p) => p.token === ctx.project);
  if (current) root.append(ctx.readOnly ? storageSummary(current) : storageForm(ctx, current));
}

/** What a read-only session sees of the storage settings: the values, no control. */
function storageSummary(project) {
  const st = project.storage || {};
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  return h('section', { class: 'card', id: 'storage-summary', 'aria-labelledby': 'storage-summary-title' },
    h('h2', { id: 'storage-summary-title' }, `Uploads and versions of ${project.token}`),
    h('dl', { class: 'facts' },
      row('Same name in a folder', st.same_name ?? '—'), row('Same content in the project', st.same_content ?? '—'),
      row('Earlier versions kept per file', String(st.versions_kept ?? '—')),
      row('Drop versions older than (days)', st.versions_days ? String(st.versions_days) : 'no age limit')));
}

/** The current project's storage settings: duplicate handling and version retention (docs/versions.md). */
function storageForm(ctx, project) {
  const st = project.storage || {};
  const choice = (name, values, selected) => h('select', { name },
    values.map(([v, label]) => h('option', { value: v, selected: v === selected }, label)));
  const sameName = choice('same_name', [['refuse', 'refuse (409 NAME_CONFLICT)'], ['version', 'new version of the file'],
    ['rename', 'rename (name_1.ext)']], st.same_name);
  const sameContent = choice('same_content', [['accept', 'accept'], ['skip', 'skip (SAME_ASSET_EXISTS_SKIP_UPLOAD)']], st.same_content);
  const kept = h('input', { type: 'number', name: 'versions_kept', min: '0', max: '1000', value: String(st.versions_kept ?? 10) });
  const days = h('input', { type: 'number', name: 'versions_days', min: '0', max: '36500', value: String(st.versions_days ?? 0) });
  const submit = h('button', { type: 'submit' }, 'Save storage settings');
  const form = h('form', { class: 'card write', id: 'storage-form', 'aria-labelledby': 'storage-form-title', novalidate: true },
    h('h2', { id: 'storage-form-title' }, `Uploads and versions of ${project.token}`),
    h('div', { class: 'row' },
      field({ label: 'Same name in a folder', name: 'storage.same_name', input: sameName }),
      field({ label: 'Same content in the project', name: 'storage.same_content', input: sameContent })),
    h('div', { class: 'row' },
      field({ label: 'Earlier versions kept per file', name: 'storage.versions_kept', input: kept, help: '0: a replace keeps nothing.' }),
      field({ label: 'Drop versions older than (days)', name: 'storage.versions_days', input: days, help: '0: no age limit.' })),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' }, submit));
  // An empty number box is sent as null, so the server names the field instead of it silently becoming 0.
  const whole = (input) => (input.value.trim() === '' ? null : Number(input.value));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, async () => {
      clearErrors(form);
      try {
        const storage = { same_name: sameName.value, same_content: sameContent.value,
          versions_kept: whole(kept), versions_days: whole(days) };
        await api('PATCH', `/admin/v1/projects/${encodeURIComponent(project.token)}`, { storage });
        notify(`Storage settings of ${project.token} saved.`);
        await ctx.rerender();
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}

function createForm(ctx) {
  const token = h('input', { type: 'text', name: 'token', required: true, autocomplete: 'off' });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'off' });
  const form = h('form', { class: 'card write', id: 'project-form', 'aria-labelledby': 'project-form-title' },
    h('h2', { id: 'project-form-title' }, 'New project'),
    h('div', { class: 'row' },
      field({ label: 'Token', name: 'token', input: token, help: 'Lower-case letters, digits and dashes; used in every URL.' }),
      field({ label: 'Name', name: 'name', input: name, help: 'Optional; the token when empty.' })),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create project')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => { // a double click creates the project once (the second would be a 409)
      clearErrors(form);
      try {
        const body = { token: token.value.trim() };
        if (name.value.trim()) body.name = name.value.trim();
        const r = await api('POST', '/admin/v1/projects', body);
        ctx.project = r.project.token;
        notify(`Project ${r.project.token} created.`);
        await ctx.rerender();
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}

function table(ctx) {
  if (!ctx.projects.length) return h('p', {}, 'No project yet.');
  return h('div', { class: 'table-wrap' }, h('table', { id: 'projects-table' },
    h('caption', {}, `${ctx.projects.length} project(s) this key reaches`),
    h('thead', {}, h('tr', {}, ['Name', 'Token', 'Default visibility', 'Same name / content', 'Created', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ctx.projects.map((p) => h('tr', { 'data-token': p.token },
      h('td', {}, p.name), h('td', {}, h('code', {}, p.token)), h('td', {}, `${p.default_visibility} (${p.default_visibility_source})`),
      h('td', {}, p.storage ? `${p.storage.same_name} / ${p.storage.same_content}` : '—'),
      h('td', {}, timeCell(p.created_at)),
      h('td', {}, h('button', { type: 'button', class: 'secondary small', onclick: () => { ctx.project = p.token; location.hash = '#/assets'; } },
        'Open assets')))))));
}
