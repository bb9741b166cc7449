import { api } from './api.js';
import { h, field, clearErrors, showError, notify, timeCell } from './ui.js';

export async function render(root, ctx) {
  await ctx.reloadProjects();
  const canCreate = !ctx.readOnly && ctx.session.key.company_wide;
  if (canCreate) root.append(createForm(ctx));
  else if (!ctx.readOnly) root.append(h('p', { class: 'help' }, 'Only a company-wide key can create projects.'));
  root.append(table(ctx));
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
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
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
  return form;
}

function table(ctx) {
  if (!ctx.projects.length) return h('p', {}, 'No project yet.');
  return h('div', { class: 'table-wrap' }, h('table', { id: 'projects-table' },
    h('caption', {}, `${ctx.projects.length} project(s) this key reaches`),
    h('thead', {}, h('tr', {}, ['Name', 'Token', 'Default visibility', 'Created', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ctx.projects.map((p) => h('tr', { 'data-token': p.token },
      h('td', {}, p.name), h('td', {}, h('code', {}, p.token)), h('td', {}, `${p.default_visibility} (${p.default_visibility_source})`),
      h('td', {}, timeCell(p.created_at)),
      h('td', {}, h('button', { type: 'button', class: 'secondary small', onclick: () => { ctx.project = p.token; location.hash = '#/assets'; } },
        'Open assets')))))));
}
