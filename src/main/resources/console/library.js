// Labels and collections of the picked project (docs/labels-and-collections.md): list, create, edit,
// delete. Controls that change something appear only for a writable session holding LABEL_MANAGE or
// COLLECTIONS_MANAGE; the server checks again.
import { api, enc } from './api.js';
import { h, field, notify, confirmAction, errorText, busy, timeCell } from './ui.js';
import { crudTable, can, formCard, toolbar } from './admin-kit.js';

export async function render(root, ctx) {
  const p = `/${enc(ctx.project)}/v5`;
  const labelsBox = h('section', { id: 'labels', 'aria-labelledby': 'labels-title' });
  const collectionsBox = h('section', { id: 'collections', 'aria-labelledby': 'collections-title' });
  root.append(labelsBox, collectionsBox);
  // Each half on its own: a key holding LABELS_LIST but not COLLECTIONS_LIST still sees its labels.
  await Promise.all([[labelsBox, labels, 'Labels'], [collectionsBox, collections, 'Collections']].map(([box, fill, title]) =>
    fill(box, ctx, p).catch((e) => {
      box.replaceChildren(h('h2', { id: `${box.id}-title` }, title), h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    })));
}

async function labels(box, ctx, p) {
  const { labels: list } = await api('GET', `${p}/labels`);
  const write = can(ctx, 'LABEL_MANAGE');
  const formBox = h('div');
  const open = (label) => formBox.replaceChildren(labelForm(ctx, p, label, formBox));
  box.append(h('h2', { id: 'labels-title' }, 'Labels'),
    write ? toolbar(h('button', { type: 'button', id: 'new-label', onclick: () => open(null) }, 'New label')) : null,
    formBox,
    crudTable({
      id: 'labels-table', items: list, empty: 'No label in this project yet.', caption: `${list.length} label(s)`,
      heads: ['Name', 'Colour', 'Shape', 'Pinned', 'Files', 'Created'],
      key: (l) => ({ 'data-label-uuid': l.uuid, 'data-name': l.name }),
      cells: (l) => [l.name,
        h('span', {}, h('span', { class: 'swatch', 'aria-hidden': 'true', 'data-color': l.color }), ' ', h('code', {}, l.color)),
        l.shape, l.is_pinned ? 'yes' : 'no', String(l.assets_count ?? 0), timeCell(l.created_at)],
      actions: write ? (l) => [
        h('button', { type: 'button', class: 'secondary small', onclick: () => open(l) }, 'Edit'),
        h('button', { type: 'button', class: 'danger small', onclick: (ev) => busy(ev.currentTarget, () => removeLabel(ctx, p, l)) }, 'Delete')] : null,
    }));
  paintSwatches(box);
}

/** Colours come from the server: set as a style property (never markup), which the CSP allows from script. */
function paintSwatches(box) {
  box.querySelectorAll('.swatch[data-color]').forEach((s) => { s.style.backgroundColor = s.dataset.color; });
}

function labelForm(ctx, p, label, formBox) {
  const name = h('input', { type: 'text', value: label?.name || '', required: true, autocomplete: 'off' });
  const color = h('input', { type: 'text', value: label?.color || '#BAC8D3', autocomplete: 'off', spellcheck: 'false' });
  const shape = h('input', { type: 'text', value: label?.shape || 'pin', autocomplete: 'off' });
  const pinned = h('input', { type: 'checkbox', checked: label?.is_pinned === true });
  return formCard({
    id: 'label-form', title: label ? `Edit label ${label.name}` : 'New label', submit: label ? 'Save label' : 'Create label',
    onCancel: () => formBox.replaceChildren(),
    fields: [
      field({ label: 'Name', name: 'name', input: name, help: '1–100 characters, unique in the project (ignoring case).' }),
      h('div', { class: 'row' },
        field({ label: 'Colour', name: 'color', input: color, help: '#RGB, #RRGGBB or #RRGGBBAA.' }),
        field({ label: 'Shape', name: 'shape', input: shape, help: 'Letters, digits, - and _ (the widget shows pin).' })),
      h('div', { class: 'check' }, h('label', {}, pinned, ' Pinned (shown first in the widget)'))],
    onSubmit: async () => {
      const body = { label: { name: name.value.trim(), color: color.value.trim(), shape: shape.value.trim(), is_pinned: pinned.checked } };
      if (label) await api('PUT', `${p}/labels/${enc(label.uuid)}`, body);
      else await api('POST', `${p}/labels`, body);
      notify(label ? `Label ${body.label.name} saved.` : `Label ${body.label.name} created.`);
      await ctx.rerender();
    },
  });
}

async function removeLabel(ctx, p, l) {
  const files = l.assets_count ? ` It is removed from ${l.assets_count} file(s); the files stay.` : '';
  if (!(await confirmAction(`Delete the label ${l.name}?${files}`))) return;
  try {
    await api('DELETE', `${p}/labels/${enc(l.uuid)}`);
    notify(`Label ${l.name} deleted.`);
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

async function collections(box, ctx, p) {
  const { collections: list } = await api('GET', `${p}/collections`);
  const write = can(ctx, 'COLLECTIONS_MANAGE');
  const formBox = h('div');
  const open = (c) => formBox.replaceChildren(collectionForm(ctx, p, c, formBox));
  box.append(h('h2', { id: 'collections-title' }, 'Collections'),
    h('p', { class: 'help' }, 'A collection is a saved search: the files it shows are found again each time it is opened.'),
    write ? toolbar(h('button', { type: 'button', id: 'new-collection', onclick: () => open(null) }, 'New collection')) : null,
    formBox,
    crudTable({
      id: 'collections-table', items: list, empty: 'No collection in this project yet.', caption: `${list.length} collection(s)`,
      heads: ['Title', 'Folder', 'Search', 'Type', 'Updated'],
      key: (c) => ({ 'data-collection-uuid': c.uuid, 'data-title': c.title }),
      cells: (c) => [c.title, h('code', {}, `${c.data?.folder || '/'}${c.data?.recursive === false ? '' : ' and below'}`),
        c.data?.filters ? h('code', {}, c.data.filters) : 'every file', [c.data?.mime || 'any type'], timeCell(c.updated_at)],
      actions: write ? (c) => [
        h('button', { type: 'button', class: 'secondary small', onclick: () => open(c) }, 'Edit'),
        h('button', { type: 'button', class: 'danger small', onclick: (ev) => busy(ev.currentTarget, () => removeCollection(ctx, p, c)) }, 'Delete')] : null,
    }));
}

function collectionForm(ctx, p, c, formBox) {
  const data = c?.data || {};
  const title = h('input', { type: 'text', value: c?.title || '', required: true, autocomplete: 'off' });
  const folder = h('input', { type: 'text', value: data.folder || '/', autocomplete: 'off' });
  const filters = h('input', { type: 'text', value: data.filters || '', autocomplete: 'off', placeholder: 'type:image #summer' });
  const mime = h('input', { type: 'text', value: data.mime || '', autocomplete: 'off', placeholder: 'image/*' });
  const recursive = h('input', { type: 'checkbox', checked: data.recursive !== false });
  return formCard({
    id: 'collection-form', title: c ? `Edit collection ${c.title}` : 'New collection', submit: c ? 'Save collection' : 'Create collection',
    onCancel: () => formBox.replaceChildren(),
    fields: [
      field({ label: 'Title', name: 'title', input: title, help: '1–200 characters.' }),
      h('div', { class: 'row' },
        field({ label: 'Folder', name: 'data.folder', input: folder }),
        field({ label: 'File type (optional)', name: 'data.mime', input: mime, help: 'image/png, image/* or image; empty: any.' })),
      h('div', { class: 'check' }, h('label', {}, recursive, ' With every folder below it')),
      field({ label: 'Search (optional)', name: 'data.filters', input: filters,
        help: 'As in the Assets search: words, type:image, ext:pdf, #tag, labels:… (docs/metadata.md).' })],
    onSubmit: async () => {
      // `data` replaces the whole saved query, so the members this form does not show are sent back unchanged.
      const body = { title: title.value.trim(),
        data: { ...data, folder: folder.value.trim() || '/', filters: filters.value.trim(), mime: mime.value.trim() || null, recursive: recursive.checked } };
      if (c) await api('PUT', `${p}/collections/${enc(c.uuid)}`, body);
      else await api('POST', `${p}/collections`, body);
      notify(c ? `Collection ${body.title} saved.` : `Collection ${body.title} created.`);
      await ctx.rerender();
    },
  });
}

async function removeCollection(ctx, p, c) {
  if (!(await confirmAction(`Delete the collection ${c.title}? Its files stay where they are.`))) return;
  try {
    await api('DELETE', `${p}/collections/${enc(c.uuid)}`);
    notify(`Collection ${c.title} deleted.`);
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}
