// The Assets screen: folder tree, search, a page of files as a grid or a list, the preview panel.
// Uploads live in asset-upload.js; selections and folder actions in asset-actions.js.
import { api, enc } from './api.js';
import { h, notify, errorText, ask, confirmAction, timeCell, bytes, copyButton } from './ui.js';
import { expand } from './permissions.js';
import { dropZone } from './asset-upload.js';
import { selectionBar, folderActions } from './asset-actions.js';

/** Files per page: the API allows up to 5000, a browser shows 100 thumbnails comfortably. */
const PAGE = 100;

/** What is shown per project (folder, search, page, grid or list), kept for the page's lifetime only. */
const views = new Map();
function viewOf(token) {
  if (!views.has(token)) views.set(token, { folder: '/', q: '', offset: 0, mode: 'grid', selected: new Set() });
  return views.get(token);
}

export async function render(root, ctx) {
  const token = ctx.project;
  const p = `/${enc(token)}/v5`;
  const held = new Set(expand(ctx.session.key.permissions));
  const can = (perm) => !ctx.readOnly && held.has(perm);
  const view = viewOf(token);

  const [folders, files, labels] = await Promise.all([
    api('GET', `${p}/folders?folder=/&recursive=1&limit=5000&sort=name:asc`),
    api('GET', listingPath(p, view)).catch((e) => {
      if (e.code === 'FOLDER_NOT_FOUND' && view.folder !== '/') { views.delete(token); return null; }
      throw e;
    }),
    held.has('LABELS_LIST') ? api('GET', `${p}/labels`).then((r) => r.labels, () => []) : [],
  ]);
  if (files === null) { await ctx.rerender(); return; }
  // Past the end (the last page's files were moved or deleted): show the last page there is.
  const total = files.info?.total_files_count ?? files.files.length;
  if (!files.files.length && view.offset > 0) {
    view.offset = Math.max(0, Math.ceil(total / PAGE) - 1) * PAGE;
    await ctx.rerender();
    return;
  }
  // A selection lives on one page of one listing: anything no longer shown is let go.
  const shown = new Set(files.files.map((f) => f.uuid));
  for (const u of [...view.selected]) if (!shown.has(u)) view.selected.delete(u);

  const change = async (patch) => { Object.assign(view, patch); if (!('offset' in patch)) view.offset = 0; await ctx.rerender(); };
  // A drawer over the right of the screen: opening it keeps the grid where it was scrolled to.
  const details = h('section', { class: 'card details', id: 'file-details', 'aria-label': 'File details', hidden: true, tabindex: '-1' });
  const here = { token, p, can, ctx, view, details, labels, folders: folders.folders };

  const toolbar = h('div', { class: 'toolbar' },
    h('p', { class: 'crumb' }, 'Folder ', h('code', { id: 'current-folder' }, view.folder)),
    folderActions(here, (folder) => change({ folder, q: '' })),
    newFolderButton(here),
    viewToggle(view, () => ctx.rerender()));

  const list = files.files.length
    ? h('ul', { class: `files files-${view.mode}`, id: 'file-list', 'aria-label': view.q ? `Files matching ${view.q}` : `Files in ${view.folder}` },
      files.files.map((f) => fileItem(f, here)))
    : h('p', { id: 'file-list-empty' }, view.q ? 'No file matches this search.' : 'No file in this folder.');

  const pane = h('div', { class: 'files-pane' },
    toolbar,
    searchForm(view, (q) => change({ q })),
    can('FILE_UPLOAD') ? dropZone(`${p}/files?folder=${enc(view.folder)}`, view.folder, ctx) : null,
    selectionBar(here, files.files),
    h('p', { class: 'total', id: 'file-total', role: 'status' }, totalLine(view, files.files.length, total, files.info?.total_files_size)),
    list,
    pager(view, total, (offset) => change({ offset })),
    details);
  root.append(h('div', { class: 'assets' },
    h('nav', { class: 'tree card', 'aria-label': 'Folders' }, h('h2', {}, 'Folders'), tree(folders.folders, view.folder, (folder) => change({ folder, q: '' }))),
    pane));
}

/** The listing call: the open folder, or with a search everything below it that matches `q`. */
function listingPath(p, view) {
  const q = view.q ? `&recursive=1&q=${enc(view.q)}` : '';
  return `${p}/files?folder=${enc(view.folder)}${q}&sort=name:asc&limit=${PAGE}&offset=${view.offset}`;
}

function totalLine(view, count, total, size) {
  const what = view.q ? `match “${view.q}” in ${view.folder} and below` : `in ${view.folder}`;
  if (!count) return `0 files ${what}.`;
  const range = total > count ? `${view.offset + 1}–${view.offset + count} of ` : '';
  return `${range}${total} file${total === 1 ? '' : 's'} ${what}${size ? ` (${bytes(size)})` : ''}.`;
}

function pager(view, total, go) {
  if (total <= PAGE) return null;
  const pages = Math.ceil(total / PAGE);
  const page = Math.floor(view.offset / PAGE) + 1;
  return h('nav', { class: 'pager', id: 'file-pager', 'aria-label': 'Pages of files' },
    h('button', { type: 'button', class: 'secondary small', disabled: page === 1, onclick: () => go(view.offset - PAGE) }, 'Previous page'),
    h('span', { id: 'file-page' }, `Page ${page} of ${pages}`),
    h('button', { type: 'button', class: 'secondary small', disabled: page === pages, onclick: () => go(view.offset + PAGE) }, 'Next page'));
}

function searchForm(view, search) {
  const input = h('input', { type: 'search', id: 'file-search', value: view.q, autocomplete: 'off', 'aria-describedby': 'file-search-help' });
  const form = h('form', { class: 'search', role: 'search', id: 'file-search-form' },
    h('label', { for: 'file-search' }, 'Search files'),
    h('div', { class: 'search-line' }, input,
      h('button', { type: 'submit', class: 'secondary' }, 'Search'),
      view.q ? h('button', { type: 'button', class: 'secondary', onclick: () => search('') }, 'Clear search') : null),
    h('p', { class: 'help', id: 'file-search-help' }, 'Words match names and metadata in this folder and below; also ',
      h('code', {}, 'type:image'), ', ', h('code', {}, 'ext:pdf'), ', ', h('code', {}, 'size>1000000'), ', ', h('code', {}, '#tag'), '.'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); search(input.value.trim()); });
  return form;
}

function viewToggle(view, rerender) {
  const button = (mode, label) => h('button', { type: 'button', class: 'secondary small', 'aria-pressed': String(view.mode === mode),
    onclick: () => { view.mode = mode; rerender(); } }, label);
  return h('div', { class: 'view-toggle', role: 'group', 'aria-label': 'Show files as' }, button('grid', 'Grid'), button('list', 'List'));
}

function newFolderButton({ p, can, ctx, view }) {
  if (!can('DIR_CREATE')) return null;
  return h('button', { type: 'button', class: 'secondary small write', onclick: async () => {
    const name = await ask({ title: 'New folder', label: `Folder name inside ${view.folder}`, submit: 'Create' });
    if (!name) return;
    try {
      await api('POST', `${p}/folders`, { name: `${view.folder === '/' ? '' : view.folder}/${name.replace(/^\/+/, '')}` });
      notify('Folder created.');
      await ctx.rerender();
    } catch (e) { notify(errorText(e), 'error'); }
  } }, 'New folder');
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
// refused by a project's allow-list, and small — a folder of photos does not download the originals.
const THUMBNAIL = 'w=250&h=250&func=bound';
const PREVIEW = 'w=1000&h=1000&func=bound';

/**
 * The server's derivative of an image: info.thumbnail / info.preview when it is on this origin (the
 * page's CSP allows no other), else the permalink with the same transformation (the session authorises it).
 */
function picture(token, f, kind) {
  const made = f.info?.[kind];
  if (made && new URL(made, location.href).origin === location.origin) return made;
  const transform = kind === 'thumbnail' ? THUMBNAIL : PREVIEW;
  return `/${enc(token)}/v4/get/${enc(f.uuid)}?${transform}&vh=${enc((f.hash?.sha1 || '').slice(0, 6))}`;
}

/** "1600 × 1200 px · landscape", from the image facts in info; null when the file has none. */
function dimensions(info) {
  if (!info || !info.img_w || !info.img_h) return null;
  const shape = { LD: 'landscape', PO: 'portrait', SQ: 'square', PA: 'panorama' }[info.img_o];
  return `${info.img_w} × ${info.img_h} px${shape ? ` · ${shape}` : ''}`;
}

/** The names of a file's labels (file objects carry their ids). */
function labelNames(f, labels) {
  const byId = new Map(labels.flatMap((l) => [[l.uuid, l.name], [l.sid, l.name]]));
  return (f.labels || []).map((l) => byId.get(typeof l === 'object' ? (l.uuid || l.sid) : l) || (l.name ?? String(l)));
}

function fileItem(f, here) {
  const { token, p, can, ctx, view, details, labels } = here;
  const isImage = /^image\//.test(f.type || '');
  const open = () => showDetails(details, f, here);
  const thumb = isImage
    ? h('img', { src: picture(token, f, 'thumbnail'), alt: '', loading: 'lazy', width: '250', height: '250' })
    : h('span', { class: 'icon', 'aria-hidden': 'true' }, (f.extension || 'file').slice(0, 4).toUpperCase());
  const pick = h('input', { type: 'checkbox', class: 'pick', checked: view.selected.has(f.uuid), 'aria-label': `Select ${f.name}`,
    onchange: (ev) => {
      if (ev.target.checked) view.selected.add(f.uuid); else view.selected.delete(f.uuid);
      ev.target.closest('li').classList.toggle('picked', ev.target.checked);
      here.selectionChanged?.();
    } });
  const actions = h('div', { class: 'row-actions' },
    h('button', { type: 'button', class: 'secondary small', onclick: open, 'aria-label': `Details of ${f.name}` }, 'Details'));
  if (can('FILE_RENAME')) {
    actions.append(h('button', { type: 'button', class: 'secondary small write', 'aria-label': `Rename ${f.name}`, onclick: async () => {
      const name = await ask({ title: `Rename ${f.name}`, label: 'New name', value: f.name, submit: 'Rename' });
      if (!name || name === f.name) return;
      try { await api('PATCH', `${p}/files/${enc(f.uuid)}`, { name }); notify('File renamed.'); await ctx.rerender(); }
      catch (e) { notify(errorText(e), 'error'); }
    } }, 'Rename'));
  }
  if (can('FILE_DELETE')) {
    actions.append(h('button', { type: 'button', class: 'danger small write', 'aria-label': `Delete ${f.name}`, onclick: async () => {
      if (!(await confirmAction(`Delete ${f.name}? Its bytes are removed.`))) return;
      try { await api('DELETE', `${p}/files/${enc(f.uuid)}`); notify('File deleted.'); await ctx.rerender(); }
      catch (e) { notify(errorText(e), 'error'); }
    } }, 'Delete'));
  }
  const names = labelNames(f, labels);
  const hidden = f.visibility?.in_cdn?.actual === 'not_public';
  return h('li', { class: `file${view.selected.has(f.uuid) ? ' picked' : ''}`, 'data-file-uuid': f.uuid, 'data-name': f.name },
    pick,
    h('button', { type: 'button', class: 'thumb', tabindex: '-1', 'aria-hidden': 'true', onclick: open }, thumb),
    h('div', { class: 'file-main' }, h('span', { class: 'file-name' }, f.name),
      h('span', { class: 'sub' }, `${f.type || '?'} · ${f.size?.pretty || bytes(f.size?.bytes)}`,
        view.q ? ` · ${f.folder?.name || ''}` : '', hidden ? ' · not public' : ''),
      names.length ? h('span', { class: 'file-labels' }, names.map((n) => h('span', { class: 'badge label' }, n))) : null),
    actions);
}

async function showDetails(box, f, { token, p }) {
  box.hidden = false;
  box.replaceChildren(h('p', {}, 'Loading…'));
  let file = f;
  try { file = (await api('GET', `${p}/files/${enc(f.uuid)}`)).file; } catch { /* the listing's copy will do */ }
  const url = (label, u) => (u ? [h('dt', {}, label), h('dd', {}, h('code', {}, u), ' ', copyButton(() => u, 'Copy'))] : []);
  const size = dimensions(file.info);
  const preview = /^image\//.test(file.type || '')
    ? h('figure', { class: 'preview' },
      h('img', { id: 'file-preview', src: picture(token, file, 'preview'), alt: `Preview of ${file.name}` }),
      size ? h('figcaption', {}, size) : null)
    : null;
  const close = () => { box.hidden = true; };
  box.onkeydown = (ev) => { if (ev.key === 'Escape') close(); };
  box.replaceChildren(
    h('div', { class: 'details-head' }, h('h2', {}, file.name),
      h('button', { type: 'button', class: 'secondary small', onclick: close }, 'Close details')),
    preview,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Dimensions'), h('dd', { id: 'file-dimensions' }, size || '—'),
      h('dt', {}, 'Type'), h('dd', { id: 'file-type' }, file.type || '—'),
      h('dt', {}, 'Size'), h('dd', { id: 'file-size' }, `${file.size?.pretty} (${file.size?.bytes} bytes)`),
      h('dt', {}, 'Created'), h('dd', {}, timeCell(file.created_at)),
      h('dt', {}, 'Modified'), h('dd', {}, timeCell(file.modified_at)),
      h('dt', {}, 'Folder'), h('dd', {}, file.folder?.name || '—'),
      h('dt', {}, 'Visibility'), h('dd', {}, file.visibility?.in_cdn?.actual?.replace('_', ' ') || '—'),
      h('dt', {}, 'UUID'), h('dd', {}, h('code', {}, file.uuid)),
      h('dt', {}, 'SHA-1'), h('dd', {}, h('code', { id: 'file-sha1' }, file.hash?.sha1 || '—')),
      url('Permalink', file.url?.permalink), url('CDN', file.url?.cdn)),
    h('h3', {}, 'Metadata'),
    h('pre', { class: 'snippet' }, JSON.stringify(file.meta || {}, null, 2)),
    h('h3', {}, 'File info'),
    h('pre', { class: 'snippet' }, JSON.stringify(file.info || {}, null, 2)));
  box.focus();
}
