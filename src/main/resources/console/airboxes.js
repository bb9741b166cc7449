// Airboxes of the picked project (docs/airboxes.md): upload-only public links into one folder, with a
// form the uploader fills, an optional password, dates, totals of files and bytes, and allowed types.
import { api, enc } from './api.js';
import { h, field, notify, confirmAction, errorText, busy, timeCell, copyButton } from './ui.js';
import { crudTable, can, formCard, toolbar } from './admin-kit.js';

export async function render(root, ctx) {
  const p = `/${enc(ctx.project)}/v4`;
  const { airboxes } = await api('GET', `${p}/airboxes`);
  const write = can(ctx, 'OBJECTS_AIRBOX_MANAGE');
  const formBox = h('div');
  const open = (a) => formBox.replaceChildren(airboxForm(ctx, p, a, formBox));
  root.append(
    h('p', { class: 'help' }, 'Anyone with an Airbox’s link uploads files into its folder without a key, and sees nothing else. ',
      'Each file gets a fresh name and the answers of the Airbox’s form as its meta.'),
    write ? toolbar(h('button', { type: 'button', id: 'new-airbox', onclick: () => open(null) }, 'New Airbox')) : null,
    formBox,
    crudTable({
      id: 'airboxes-table', items: airboxes, empty: 'No Airbox in this project yet.', caption: `${airboxes.length} Airbox(es) of ${ctx.project}`,
      heads: ['Title', 'Folder', 'State', 'Link', 'Password', 'Ends', 'Totals'],
      key: (a) => ({ 'data-airbox-uuid': a.uuid, 'data-title': a.title }),
      cells: (a) => [[a.title, a.message ? h('div', { class: 'sub' }, a.message) : null], a.folder,
        h('span', { class: 'airbox-state' }, a.state),
        h('span', { class: 'airbox-link' }, h('a', { href: a.airbox_uri, target: '_blank', rel: 'noopener noreferrer' }, 'Open page'), ' ',
          copyButton(() => a.airbox_uri, 'Copy link')),
        a.password_protected ? 'yes' : 'no', timeCell(a.ends_at),
        `${a.max_files ? `${a.max_files} files` : 'any number of files'}, ${a.max_bytes ? `${a.max_bytes} bytes` : 'any size'}`],
      actions: write ? (a) => [
        h('button', { type: 'button', class: 'secondary small', onclick: () => open(a) }, 'Edit'),
        h('button', { type: 'button', class: 'danger small', onclick: (ev) => busy(ev.currentTarget, () => remove(ctx, p, a)) }, 'Delete')] : null,
    }));
}

/** datetime-local shows and takes the browser's time zone, the one every time of the console is shown in. */
const toInput = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromInput = (v) => (v ? new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);
const number = (input) => (input.value.trim() === '' ? null : Number(input.value));

/** The form's fields, one a line: key, label, type, required (e.g. "name, Your name, text, required"). */
const formLines = (form) => form.map((f) => [f.key, f.label, f.type, f.required ? 'required' : ''].filter(Boolean).join(', ')).join('\n');
const parseForm = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
  const [key, label, type, required] = line.split(',').map((s) => s.trim());
  return { key, label: label || key, type: type || 'text', required: required === 'required' };
});

function airboxForm(ctx, p, box, formBox) {
  const title = h('input', { type: 'text', value: box?.title || '', required: true, autocomplete: 'off' });
  const folder = h('input', { type: 'text', value: box?.folder || '', required: true, placeholder: '/inbox', autocomplete: 'off' });
  const message = h('textarea', { rows: '2' }, box?.message || '');
  const password = h('input', { type: 'password', autocomplete: 'new-password' });
  const noPassword = h('input', { type: 'checkbox' });
  const starts = h('input', { type: 'datetime-local', value: toInput(box?.starts_at) });
  const ends = h('input', { type: 'datetime-local', value: toInput(box?.ends_at) });
  const maxFiles = h('input', { type: 'number', min: '1', step: '1', value: box?.max_files ? String(box.max_files) : '' });
  const maxBytes = h('input', { type: 'number', min: '1', step: '1', value: box?.max_bytes ? String(box.max_bytes) : '' });
  const types = h('input', { type: 'text', value: (box?.allowed_types || []).join(', '), placeholder: 'image/*, application/pdf', autocomplete: 'off' });
  const form = h('textarea', { rows: '3', placeholder: 'name, Your name, text, required' }, formLines(box?.form || []));
  const active = h('input', { type: 'checkbox', checked: box ? box.active : true });
  return formCard({
    id: 'airbox-form', title: box ? `Edit Airbox ${box.title}` : 'New Airbox', submit: box ? 'Save Airbox' : 'Create Airbox',
    onCancel: () => formBox.replaceChildren(),
    fields: [
      h('div', { class: 'row' },
        field({ label: 'Title', name: 'title', input: title }),
        field({ label: 'Folder', name: 'folder', input: folder, help: 'Uploads land in this folder only.' })),
      field({ label: 'Message for uploaders (optional)', name: 'message', input: message }),
      h('div', { class: 'row' },
        field({ label: box?.password_protected ? 'New password (empty: keep it)' : 'Password (optional)', name: 'password', input: password,
          help: 'At least 8 characters; uploaders type it on the Airbox’s page.' }),
        field({ label: 'Allowed types (optional)', name: 'allowed_types', input: types, help: 'Comma-separated; empty: any type.' })),
      box?.password_protected ? h('div', { class: 'check' }, h('label', {}, noPassword, ' Remove the password')) : null,
      h('div', { class: 'row' },
        field({ label: 'Opens (optional)', name: 'starts_at', input: starts, help: 'Empty: now.' }),
        field({ label: 'Closes (optional)', name: 'ends_at', input: ends, help: 'Empty: never.' })),
      h('div', { class: 'row' },
        field({ label: 'Most files (optional)', name: 'max_files', input: maxFiles, help: 'Empty: no limit.' }),
        field({ label: 'Most bytes (optional)', name: 'max_bytes', input: maxBytes, help: 'In total; empty: no limit.' })),
      field({ label: 'Form fields (optional)', name: 'form', input: form,
        help: 'One a line: key, label, type (text, textarea, email, number, date), required.' }),
      h('div', { class: 'check' }, h('label', {}, active, ' Active: the link takes uploads'))],
    onSubmit: async () => {
      const body = { title: title.value.trim(), folder: folder.value.trim(), message: message.value.trim(),
        starts_at: fromInput(starts.value), ends_at: fromInput(ends.value), max_files: number(maxFiles), max_bytes: number(maxBytes),
        allowed_types: types.value.split(',').map((t) => t.trim()).filter(Boolean), form: parseForm(form.value), active: active.checked };
      if (password.value) body.password = password.value;
      else if (noPassword.checked) body.password = null;
      if (box) {
        await api('PUT', `${p}/airboxes/${enc(box.uuid)}`, body);
        notify(`Airbox ${body.title} saved.`);
      } else {
        await api('POST', `${p}/airboxes`, body);
        notify(`Airbox ${body.title} created: copy its link from the list.`);
      }
      await ctx.rerender();
    },
  });
}

async function remove(ctx, p, a) {
  if (!(await confirmAction(`Delete the Airbox ${a.title}? Its link stops working at once; the uploaded files stay.`))) return;
  try {
    await api('DELETE', `${p}/airboxes/${enc(a.uuid)}`);
    notify(`Airbox ${a.title} deleted.`);
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}
