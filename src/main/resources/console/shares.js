// Shares (shareboxes) of the picked project (docs/shareboxes.md): public links to files and folders,
// with an optional password, activation and expiry, downloads on or off, and a maximum number of uses.
import { api, enc } from './api.js';
import { h, field, notify, confirmAction, errorText, busy, timeCell, copyButton, lines } from './ui.js';
import { crudTable, can, formCard, toolbar } from './admin-kit.js';

export async function render(root, ctx) {
  const p = `/${enc(ctx.project)}/v5`;
  const { shares } = await api('GET', `${p}/shares`);
  const write = can(ctx, 'OBJECTS_SHARE_MANAGE') && can(ctx, 'OBJECTS_FETCH');
  const formBox = h('div');
  const open = (s) => formBox.replaceChildren(shareForm(ctx, p, s, formBox));
  root.append(
    h('p', { class: 'help' }, 'Anyone with a share’s link reads its files without a key, until it expires or its uses run out. ',
      'Folders are shared live: what is in them when the link is opened.'),
    write ? toolbar(h('button', { type: 'button', id: 'new-share', onclick: () => open(null) }, 'New share')) : null,
    formBox,
    crudTable({
      id: 'shares-table', items: shares, empty: 'No share in this project yet.', caption: `${shares.length} share(s) of ${ctx.project}`,
      heads: ['Title', 'State', 'Link', 'Password', 'Expires', 'Uses', 'Downloads'],
      key: (s) => ({ 'data-share-uuid': s.uuid, 'data-title': s.title }),
      cells: (s) => [[s.title, s.description ? h('div', { class: 'sub' }, s.description) : null],
        h('span', { class: 'share-state' }, s.state),
        h('span', { class: 'share-link' }, h('a', { href: s.share_uri, target: '_blank', rel: 'noopener noreferrer' }, 'Open page'), ' ',
          copyButton(() => s.share_uri, 'Copy link')),
        s.password_protected ? 'yes' : 'no', timeCell(s.expires_at),
        s.max_uses ? `${s.uses} of ${s.max_uses}` : `${s.uses} (no limit)`, s.download ? 'allowed' : 'off'],
      actions: write ? (s) => [
        h('button', { type: 'button', class: 'secondary small', onclick: () => open(s) }, 'Edit'),
        h('button', { type: 'button', class: 'danger small', onclick: (ev) => busy(ev.currentTarget, () => remove(ctx, p, s)) }, 'Delete')] : null,
    }));
}

/** datetime-local shows and takes the browser's time zone, the one every time of the console is shown in. */
const toInput = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromInput = (v) => (v ? new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

function shareForm(ctx, p, share, formBox) {
  const title = h('input', { type: 'text', value: share?.title || '', required: true, autocomplete: 'off' });
  const description = h('textarea', { rows: '2' }, share?.description || '');
  const folders = h('textarea', { rows: '2', placeholder: '/press' });
  const files = h('textarea', { rows: '2', placeholder: '/docs/brochure.pdf' });
  const recursive = h('input', { type: 'checkbox', checked: true });
  const password = h('input', { type: 'password', autocomplete: 'new-password' });
  const noPassword = h('input', { type: 'checkbox' });
  const starts = h('input', { type: 'datetime-local', value: toInput(share?.starts_at) });
  const expires = h('input', { type: 'datetime-local', value: toInput(share?.expires_at) });
  const maxUses = h('input', { type: 'number', min: '1', step: '1', value: share?.max_uses ? String(share.max_uses) : '' });
  const download = h('input', { type: 'checkbox', checked: share ? share.download : true });
  const items = share
    ? h('p', {}, `Shares ${share.items.map((i) => `${i.identifiers.length} ${i.type === 'folder_uuid' ? 'folder(s)' : 'file(s)'}`).join(' and ')}`,
      ' (to share other items, make a new share).')
    : h('div', {}, h('div', { class: 'row' },
      field({ label: 'Folders (one path a line)', name: 'folders', input: folders }),
      field({ label: 'Files (one path a line)', name: 'files', input: files })),
    h('div', { class: 'check' }, h('label', {}, recursive, ' Folders with everything below them')),
    h('p', { class: 'field-error', 'data-error-for': 'items' }));
  return formCard({
    id: 'share-form', title: share ? `Edit share ${share.title}` : 'New share', submit: share ? 'Save share' : 'Create share',
    onCancel: () => formBox.replaceChildren(),
    fields: [
      field({ label: 'Title', name: 'title', input: title }),
      field({ label: 'Description (optional)', name: 'description', input: description }),
      items,
      h('div', { class: 'row' },
        field({ label: share?.password_protected ? 'New password (empty: keep it)' : 'Password (optional)', name: 'password', input: password,
          help: 'At least 8 characters; readers type it on the share’s page.' }),
        field({ label: 'Most uses (optional)', name: 'max_uses', input: maxUses, help: 'Empty: no limit.' })),
      share?.password_protected ? h('div', { class: 'check' }, h('label', {}, noPassword, ' Remove the password')) : null,
      h('div', { class: 'row' },
        field({ label: 'Active from (optional)', name: 'starts_at', input: starts, help: 'Empty: now.' }),
        field({ label: 'Expires (optional)', name: 'expires_at', input: expires, help: 'Empty: never.' })),
      h('div', { class: 'check' }, h('label', {}, download, ' Readers may download the files'))],
    onSubmit: async () => {
      const body = { title: title.value.trim(), description: description.value.trim() || null,
        starts_at: fromInput(starts.value), expires_at: fromInput(expires.value),
        max_uses: maxUses.value.trim() === '' ? null : Number(maxUses.value), download: download.checked };
      if (password.value) body.password = password.value;
      else if (noPassword.checked) body.password = null;
      if (share) {
        await api('PUT', `${p}/share/${enc(share.uuid)}`, body);
        notify(`Share ${body.title} saved.`);
      } else {
        body.items = await itemsOf(p, lines(folders.value), lines(files.value), recursive.checked);
        await api('POST', `${p}/shares`, body);
        notify(`Share ${body.title} created: copy its link from the list.`);
      }
      await ctx.rerender();
    },
  });
}

/** The share's items from paths: a folder's uuid is its listing's `base`, a file's is found in its folder. */
async function itemsOf(p, folderPaths, filePaths, recursive) {
  if (!folderPaths.length && !filePaths.length) throw itemError('Name at least one folder or file to share.');
  const listing = (folder, limit = 5000) => api('GET', `${p}/files?folder=${enc(folder)}&limit=${limit}`).catch((e) => {
    throw itemError(`${folder}: ${e.message}`);
  });
  const folderUuids = [];
  for (const path of folderPaths) folderUuids.push((await listing(path, 1)).base.uuid);
  const fileUuids = [];
  for (const path of filePaths) {
    const cut = path.lastIndexOf('/');
    const name = path.slice(cut + 1);
    const found = (await listing(path.slice(0, cut) || '/')).files.find((f) => f.name === name);
    if (!found) throw itemError(`${path}: no such file.`);
    fileUuids.push(found.uuid);
  }
  const items = [];
  if (folderUuids.length) items.push({ type: 'folder_uuid', identifiers: folderUuids, options: { recursive } });
  if (fileUuids.length) items.push({ type: 'file_uuid', identifiers: fileUuids });
  return items;
}

function itemError(text) {
  return Object.assign(new Error(`items: ${text}`), { code: null });
}

async function remove(ctx, p, s) {
  if (!(await confirmAction(`Delete the share ${s.title}? Its link stops working at once; the files stay.`))) return;
  try {
    await api('DELETE', `${p}/share/${enc(s.uuid)}`);
    notify(`Share ${s.title} deleted.`);
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}
