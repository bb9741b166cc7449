// What the Assets screen does to several files at once (the selection bar) and to the open folder.
// Each action is one API call over the whole selection, all or nothing on the server's side.
import { api, enc } from './api.js';
import { h, notify, errorText, ask, confirmAction, busy as whileBusy } from './ui.js';

/** Runs an action with every control of `box` disabled (a double click sends it once); its error is shown. */
const busy = (box, fn) => whileBusy(box, async () => {
  try { await fn(); } catch (e) { notify(errorText(e), 'error'); }
});

/** The bar above the files: select all on the page, then download as ZIP, move, visibility, labels, delete. */
export function selectionBar(here, files) {
  const { p, can, ctx, view, labels } = here;
  const canZip = can('OBJECTS_FETCH');
  const offered = canZip || ['FILE_MOVE', 'FILE_DELETE', 'FILE_SET_VISIBILITY', 'FILE_LABEL_CHANGE'].some(can);
  if (!offered || !files.length) return null;
  const uuids = () => [...view.selected];
  const count = h('span', { id: 'selection-count', 'aria-live': 'polite' });
  const all = h('input', { type: 'checkbox', id: 'select-all' });
  const bar = h('div', { class: 'selection-bar card', id: 'selection-bar', role: 'group', 'aria-label': 'Selected files' },
    h('span', { class: 'check' }, all, h('label', { for: 'select-all' }, 'Select all on this page')), count);
  const acts = h('div', { class: 'selection-actions' });
  bar.append(acts);
  const done = async (text) => { notify(text); view.selected.clear(); await ctx.rerender(); };
  const action = (label, cls, fn) => h('button', { type: 'button', class: `small ${cls}`, onclick: () => busy(bar, fn) }, label);

  if (canZip) acts.append(action('Download ZIP', 'secondary', () => downloadZip(p, uuids(), count)));
  if (can('FILE_MOVE')) {
    acts.append(action('Move…', 'secondary write', async () => {
      const dest = await ask({ title: `Move ${uuids().length} file(s)`, label: 'Destination folder', value: view.folder, submit: 'Move',
        help: 'A path like /archive/2026; created when missing.' });
      if (!dest) return;
      await api('POST', `${p}/files/move`, { files_uuids: uuids(), new_folder_name: dest });
      await done(`${uuids().length} file(s) moved to ${dest}.`);
    }));
  }
  if (can('FILE_SET_VISIBILITY')) {
    const pick = h('select', { id: 'selection-visibility', 'aria-label': 'Visibility for the selection' },
      h('option', { value: 'public' }, 'Public (CDN)'), h('option', { value: 'not_public' }, 'Not public'),
      h('option', { value: 'inherit' }, 'As its folder'));
    acts.append(h('span', { class: 'inline write' }, pick, action('Set visibility', 'secondary', async () => {
      await api('PUT', `${p}/objects/visibility/cdn`, { files_uuids: uuids(), visibility: pick.value });
      await done(`Visibility of ${uuids().length} file(s) set to ${pick.value.replace('_', ' ')}.`);
    })));
  }
  if (can('FILE_LABEL_CHANGE') && labels.length) {
    const pick = h('select', { id: 'selection-label', 'aria-label': 'Label for the selection' },
      labels.map((l) => h('option', { value: l.uuid }, l.name)));
    const label = (method, verb) => action(`${verb} label`, 'secondary', async () => {
      await api(method, `${p}/files/labels`, { labels: [pick.value], files_uuids: uuids() });
      await done(`Label ${pick.selectedOptions[0].textContent} ${verb === 'Add' ? 'added to' : 'removed from'} ${uuids().length} file(s).`);
    });
    acts.append(h('span', { class: 'inline write' }, pick, label('POST', 'Add'), label('DELETE', 'Remove')));
  }
  if (can('FILE_DELETE')) {
    acts.append(action('Delete…', 'danger write', async () => {
      if (!(await confirmAction(`Delete ${uuids().length} file(s)? Their bytes are removed.`))) return;
      await api('DELETE', `${p}/files`, { files_uuids: uuids() });
      await done(`${uuids().length} file(s) deleted.`);
    }));
  }

  const update = () => {
    const n = view.selected.size;
    count.textContent = n ? `${n} selected` : 'None selected';
    all.checked = n === files.length;
    all.indeterminate = n > 0 && n < files.length;
    acts.querySelectorAll('button, select').forEach((c) => { c.disabled = n === 0; });
  };
  all.addEventListener('change', () => {
    for (const f of files) if (all.checked) view.selected.add(f.uuid); else view.selected.delete(f.uuid);
    document.querySelectorAll('#file-list .pick').forEach((c) => { c.checked = all.checked; c.closest('li').classList.toggle('picked', all.checked); });
    update();
  });
  here.selectionChanged = update;
  update();
  return bar;
}

/** Builds a ZIP of the files on the server (the archives API), follows its progress, then downloads it. */
async function downloadZip(p, uuids, status) {
  let task = await api('POST', `${p}/file-archive`, { files_uuids: uuids });
  const end = Date.now() + 10 * 60_000;
  while (task.task_status === 'PENDING' || task.task_status === 'RUNNING') {
    status.textContent = `Building the ZIP: ${task.task_percent ?? 0}%`;
    if (Date.now() > end) throw new Error('The ZIP is still being built after 10 minutes.');
    await new Promise((r) => { setTimeout(r, 500); });
    task = await api('GET', `${p}/file-archive/${enc(task.task_id)}?status_only=1`);
  }
  if (task.task_status !== 'DONE') throw new Error(`The ZIP was not built: ${task.error || task.task_status}`);
  // The session cookie authorises the download; the server sends it as an attachment.
  const link = h('a', { href: `${p}/file-archive/${enc(task.task_id)}`, download: 'files.zip', hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  status.textContent = `ZIP of ${task.files_count} file(s) downloaded.`;
}

/** Rename, move and delete the open folder (not the root); `go` opens the folder where it ends up. */
export function folderActions({ p, can, view, folders }, go) {
  const folder = folders.find((f) => f.path === view.folder);
  if (!folder || view.folder === '/') return null;
  const parent = view.folder.replace(/\/[^/]+$/, '') || '/';
  const box = h('div', { class: 'folder-actions', role: 'group', 'aria-label': `Folder ${folder.name}` });
  const action = (perm, label, cls, fn) => (can(perm)
    ? box.append(h('button', { type: 'button', class: `small ${cls} write`, onclick: () => busy(box, fn) }, label)) : null);
  action('DIR_RENAME', 'Rename folder', 'secondary', async () => {
    const name = await ask({ title: `Rename ${view.folder}`, label: 'New name', value: folder.name, submit: 'Rename' });
    if (!name || name === folder.name) return;
    const r = await api('PATCH', `${p}/folders/${enc(folder.uuid)}`, { name });
    notify('Folder renamed.');
    await go(r.folder?.path || `${parent === '/' ? '' : parent}/${name}`);
  });
  action('DIR_MOVE', 'Move folder', 'secondary', async () => {
    const dest = await ask({ title: `Move ${view.folder}`, label: 'Into folder', value: parent, submit: 'Move',
      help: 'A path like /archive; created when missing. Everything inside moves along.' });
    if (!dest) return;
    await api('POST', `${p}/folders/move`, { folders_uuids: [folder.uuid], new_folder_name: dest });
    notify('Folder moved.');
    await go(`${dest.replace(/\/+$/, '')}/${folder.name}`);
  });
  action('DIR_DELETE', 'Delete folder', 'danger', async () => {
    if (!(await confirmAction(`Delete ${view.folder} with everything inside it?`))) return;
    await api('DELETE', `${p}/folders/${enc(folder.uuid)}`);
    notify('Folder deleted.');
    await go(parent);
  });
  return box.children.length ? box : null;
}
