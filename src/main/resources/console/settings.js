// Project settings of the picked project: its name and default CDN visibility (docs/visibility.md),
// and, for a company-wide key, deleting it. Storage settings stay on the Projects page (docs/versions.md).
import { api, enc } from './api.js';
import { h, field, clearErrors, showError, notify, confirmAction, errorText, busy } from './ui.js';

const VISIBILITY = [['server', 'The server’s default (default-visibility)'], ['public', 'Public (CDN)'], ['not_public', 'Not public']];

export async function render(root, ctx) {
  const { project } = await api('GET', `/admin/v1/projects/${enc(ctx.project)}`);
  root.append(ctx.readOnly ? summary(project) : form(ctx, project));
  if (!ctx.readOnly && ctx.session.key.company_wide) root.append(dangerZone(ctx, project));
}

function applies(project) {
  const from = project.default_visibility_source === 'project' ? 'set on this project' : 'the server’s default';
  return `${project.default_visibility === 'public' ? 'Public' : 'Not public'} (${from})`;
}

function summary(project) {
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  return h('section', { class: 'card', id: 'settings-summary', 'aria-labelledby': 'settings-summary-title' },
    h('h2', { id: 'settings-summary-title' }, `Settings of ${project.token}`),
    h('dl', { class: 'facts' }, row('Name', project.name), row('Token', project.token),
      row('Files and folders without a visibility of their own', applies(project))));
}

function form(ctx, project) {
  const name = h('input', { type: 'text', value: project.name, required: true, autocomplete: 'off' });
  const own = project.default_visibility_source === 'project' ? project.default_visibility : 'server';
  const visibility = h('select', {}, VISIBILITY.map(([v, label]) => h('option', { value: v, selected: v === own }, label)));
  const el = h('form', { class: 'card write', id: 'settings-form', 'aria-labelledby': 'settings-form-title', novalidate: true },
    h('h2', { id: 'settings-form-title' }, `Settings of ${project.token}`),
    h('p', {}, 'Token ', h('code', {}, project.token), ' (in every URL; it never changes).'),
    field({ label: 'Name', name: 'name', input: name }),
    field({ label: 'Default visibility on the CDN', name: 'default_visibility', input: visibility,
      help: `What the root folder, and so every folder and file without a setting of its own, gets. Now: ${applies(project)}.` }),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save settings')));
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(el, async () => {
      clearErrors(el);
      try {
        const body = { name: name.value.trim(), default_visibility: visibility.value === 'server' ? null : visibility.value };
        await api('PATCH', `/admin/v1/projects/${enc(project.token)}`, body);
        notify(`Settings of ${project.token} saved.`);
        await ctx.reloadProjects();
        await ctx.rerender();
      } catch (e) {
        showError(el, e);
      }
    });
  });
  return el;
}

function dangerZone(ctx, project) {
  const button = h('button', { type: 'button', class: 'danger', id: 'delete-project' }, 'Delete project…');
  button.addEventListener('click', () => busy(button, async () => {
    if (!(await confirmAction(`Delete the project ${project.token} with every folder, file and byte in it? This cannot be undone.`,
      'Delete project'))) return;
    try {
      await api('DELETE', `/admin/v1/projects/${enc(project.token)}`);
      notify(`Project ${project.token} deleted.`);
      ctx.project = null;
      location.hash = '#/projects';
    } catch (e) {
      notify(errorText(e), 'error');
    }
  }));
  return h('section', { class: 'card write', 'aria-labelledby': 'danger-title' },
    h('h2', { id: 'danger-title' }, 'Delete this project'),
    h('p', {}, 'Deletes the project with all its folders, files and their bytes; its keys’ access to it ends.'),
    h('div', { class: 'actions' }, button));
}
