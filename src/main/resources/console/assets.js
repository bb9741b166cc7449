import { api, upload, enc } from './api.js';
import { h, notify, errorText, ask, confirmAction, timeCell, bytes, copyButton } from './ui.js';
import { expand } from './permissions.js';

/** The folder shown per project, kept for the page's lifetime only. */
const openFolder = new Map();

export async function render(root, ctx) {
  const token = ctx.project;
  const p = `/${enc(token)}/v5`;
  const held = new Set(expand(ctx.session.key.permissions));
  const can = (perm) => !ctx.readOnly && held.has(perm);
  const folder = openFolder.get(token) || '/';

  const [folders, files] = await Promise.all([
    api('GET', `${p}/folders?folder=/&recursive=1&limit=5000&sort=name:asc`),
    api('GET', `${p}/files?folder=${enc(folder)}&sort=name:asc&limit=500`).catch((e) => {
      if (e.code === 'FOLDER_NOT_FOUND' && folder !== '/') { openFolder.delete(token); return null; }
      throw e;
    }),
  ]);
  if (files === null) { await ctx.rerender(); return; }

  const details = h('section', { class: 'card details', id: 'file-details', 'aria-label': 'File details', hidden: true, tabindex: '-1' });
  const go = async (path) => { openFolder.set(token, path); await ctx.rerender(); };

  const toolbar = h('div', { class: 'toolbar' }, h('p', { class: 'crumb' }, 'Folder ', h('code', { id: 'current-folder' }, folder)));
  if (can('FILE_UPLOAD')) toolbar.append(uploader(`${p}/files?folder=${enc(folder)}`, ctx));
  if (can('DIR_CREATE')) {
    toolbar.append(h('button', { type: 'button', class: 'secondary write', onclick: async () => {
      const name = await ask({ title: 'New folder', label: `Folder name inside ${folder}`, submit: 'Create' });
      if (!name) return;
      try {
        await api('POST', `${p}/folders`, { name: `${folder === '/' ? '' : folder}/${name.replace(/^\/+/, '')}` });
        notify('Folder created.');
        await ctx.rerender();
      } catch (e) { notify(errorText(e), 'error'); }
    } }, 'New folder'));
  }

  const list = files.files.length
    ? h('ul', { class: 'files', id: 'file-list', 'aria-label': `Files in ${folder}` },
      files.files.map((f) => fileItem(f, token, p, can, ctx, details)))
    : h('p', { id: 'file-list-empty' }, 'No file in this folder.');

  root.append(h('div', { class: 'assets' },
    h('nav', { class: 'tree card', 'aria-label': 'Folders' }, h('h2', {}, 'Folders'), tree(folders.folders, folder, go)),
    h('div', { class: 'files-pane' }, toolbar, list, details)));
}

function tree(folders, current, go) {
  const children = new Map();
  for (const f of folders) {
    const parent = f.path.replace(/\/[^/]+$/, '') || '/';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(f.path);
  }
  const node = (path) => {
    const name = path === '/' ? '/ (root)' : path.split('/').pop();
    const kids = (children.get(path) || []).sort();
    return h('li', {},
      h('button', { type: 'button', class: 'folder', 'aria-current': path === current ? 'true' : null, 'data-path': path,
        onclick: () => go(path) }, name),
      kids.length ? h('ul', {}, kids.map(node)) : null);
  };
  return h('ul', { class: 'folder-tree' }, node('/'));
}

// The server's own thumbnail and preview sizes (file objects' info.thumbnail and info.preview): never
// refused by a project's allow-list, and small — a folder of photos no longer downloads the originals.
const THUMBNAIL = 'w=250&h=250&func=bound';
const PREVIEW = 'w=1000&h=1000&func=bound';

/** The permalink of an image, transformed (the console's session authorises it; an SVG is sent as it is). */
function picture(token, f, transform) {
  return `/${enc(token)}/v4/get/${enc(f.uuid)}?${transform}&vh=${enc((f.hash?.sha1 || '').slice(0, 6))}`;
}

/** "1600 × 1200 px · landscape", from the image facts in info; null when the file has none. */
function dimensions(info) {
  if (!info || !info.img_w || !info.img_h) return null;
  const shape = { LD: 'landscape', PO: 'portrait', SQ: 'square', PA: 'panorama' }[info.img_o];
  return `${info.img_w} × ${info.img_h} px${shape ? ` · ${shape}` : ''}`;
}

function fileItem(f, token, p, can, ctx, details) {
  const isImage = /^image\//.test(f.type || '');
  const thumb = isImage
    ? h('img', { src: picture(token, f, THUMBNAIL), alt: '', loading: 'lazy', width: '96', height: '96' })
    : h('span', { class: 'icon', 'aria-hidden': 'true' }, (f.extension || 'file').slice(0, 4).toUpperCase());
  const actions = h('div', { class: 'row-actions' },
    h('button', { type: 'button', class: 'secondary small', onclick: () => showDetails(details, f, p), 'aria-label': `Details of ${f.name}` }, 'Details'));
  if (can('FILE_RENAME')) {
    actions.append(h('button', { type: 'button', class: 'secondary small write', 'aria-label': `Rename ${f.name}`, onclick: async () => {
      const name = await ask({ title: `Rename ${f.name}`, label: 'New name', value: f.name, submit: 'Rename' });
      if (!name || name === f.name) return;
      try { await api('PATCH', `${p}/files/${enc(f.uuid)}`, { name }); notify('File renamed.'); await ctx.rerender(); }
      catch (e) { notify(errorText(e), 'error'); }
    } }, 'Rename'));
  }
  if (can('FILE_MOVE')) {
    actions.append(h('button', { type: 'button', class: 'secondary small write', 'aria-label': `Move ${f.name}`, onclick: async () => {
      const dest = await ask({ title: `Move ${f.name}`, label: 'Destination folder', value: f.folder?.name || '/', submit: 'Move',
        help: 'A path like /archive/2026; created when missing.' });
      if (!dest) return;
      try { await api('POST', `${p}/files/move`, { files_uuids: [f.uuid], new_folder_name: dest }); notify('File moved.'); await ctx.rerender(); }
      catch (e) { notify(errorText(e), 'error'); }
    } }, 'Move'));
  }
  if (can('FILE_DELETE')) {
    actions.append(h('button', { type: 'button', class: 'danger small write', 'aria-label': `Delete ${f.name}`, onclick: async () => {
      if (!(await confirmAction(`Delete ${f.name}? Its bytes are removed.`))) return;
      try { await api('DELETE', `${p}/files/${enc(f.uuid)}`); notify('File deleted.'); await ctx.rerender(); }
      catch (e) { notify(errorText(e), 'error'); }
    } }, 'Delete'));
  }
  return h('li', { class: 'file', 'data-file-uuid': f.uuid, 'data-name': f.name },
    h('div', { class: 'thumb' }, thumb),
    h('div', { class: 'file-main' }, h('span', { class: 'file-name' }, f.name),
      h('span', { class: 'sub' }, `${f.type || '?'} · ${f.size?.pretty || bytes(f.size?.bytes)}`)),
    actions);
}

async function showDetails(box, f, p, token) {
  box.hidden = false;
  box.replaceChildren(h('p', {}, 'Loading…'));
  let file = f;
  try { file = (await api('GET', `${p}/files/${enc(f.uuid)}`)).file; } catch { /* the listing's copy will do */ }
  const url = (label, u) => (u ? [h('dt', {}, label), h('dd', {}, h('code', {}, u), ' ', copyButton(() => u, 'Copy'))] : []);
  const size = dimensions(file.info);
  const preview = /^image\//.test(file.type || '')
    ? h('figure', { class: 'preview' },
      h('img', { id: 'file-preview', src: picture(token, file, PREVIEW), alt: `Preview of ${file.name}` }),
      size ? h('figcaption', { id: 'file-dimensions' }, size) : null)
    : null;
  box.replaceChildren(
    h('h2', {}, file.name),
    preview,
    h('dl', { class: 'facts' },
      h('dt', {}, 'UUID'), h('dd', {}, h('code', {}, file.uuid)),
      h('dt', {}, 'Folder'), h('dd', {}, file.folder?.name || '—'),
      h('dt', {}, 'Type'), h('dd', {}, file.type || '—'),
      h('dt', {}, 'Size'), h('dd', {}, `${file.size?.pretty} (${file.size?.bytes} bytes)`),
      ...(size ? [h('dt', {}, 'Dimensions'), h('dd', {}, size)] : []),
      h('dt', {}, 'SHA-1'), h('dd', {}, h('code', { id: 'file-sha1' }, file.hash?.sha1 || '—')),
      h('dt', {}, 'Created'), h('dd', {}, timeCell(file.created_at)),
      h('dt', {}, 'Modified'), h('dd', {}, timeCell(file.modified_at)),
      url('Permalink', file.url?.permalink), url('CDN', file.url?.cdn)),
    h('h3', {}, 'Metadata'),
    h('pre', { class: 'snippet' }, JSON.stringify(file.meta || {}, null, 2)),
    h('h3', {}, 'File info'),
    h('pre', { class: 'snippet' }, JSON.stringify(file.info || {}, null, 2)),
    h('button', { type: 'button', class: 'secondary', onclick: () => { box.hidden = true; } }, 'Close details'));
  box.focus();
}

function uploader(path, ctx) {
  const input = h('input', { type: 'file', id: 'upload-input', multiple: true });
  const bar = h('progress', { id: 'upload-progress', max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
  const form = h('form', { class: 'upload write', id: 'upload-form' },
    h('label', { for: 'upload-input' }, 'Upload files'), input,
    h('button', { type: 'submit' }, 'Upload'), bar);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!input.files.length) { notify('Choose one or more files first.', 'error'); input.focus(); return; }
    bar.hidden = false;
    bar.value = 0;
    try {
      const r = await upload(path, [...input.files], (fraction) => { bar.value = Math.round(fraction * 100); });
      notify(`${r.files?.length ?? 1} file(s) uploaded.`);
      await ctx.rerender();
    } catch (e) {
      bar.hidden = true;
      notify(errorText(e), 'error');
    }
  });
  return form;
}
