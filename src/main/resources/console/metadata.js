// The metadata model of the picked project (docs/metadata.md): the fields file and folder meta must
// follow once there is one. CONFIG_LIST reads it, CONFIG_CHANGE changes it.
import { api, enc } from './api.js';
import { h, field, notify, confirmAction, errorText, busy } from './ui.js';
import { crudTable, can, formCard, toolbar } from './admin-kit.js';

const TYPES = ['text', 'textarea', 'numeric', 'boolean', 'date', 'select-one', 'multi-select', 'tags'];
const hasOptions = (type) => type === 'select-one' || type === 'multi-select';

export async function render(root, ctx) {
  const base = `/${enc(ctx.project)}/v5/meta/model/fields`;
  const { fields } = await api('GET', base);
  const write = can(ctx, 'CONFIG_CHANGE');
  const formBox = h('div');
  const open = (f) => formBox.replaceChildren(fieldForm(ctx, base, f, formBox));
  root.append(
    h('p', { class: 'help' }, fields.length
      ? 'File and folder meta may hold only these keys (and title and description); a value of the wrong type is refused.'
      : 'No field yet: meta is free-form. With the first field, meta is checked against the model.'),
    write ? toolbar(h('button', { type: 'button', id: 'new-field', onclick: () => open(null) }, 'New field')) : null,
    formBox,
    crudTable({
      id: 'fields-table', items: fields, empty: 'No metadata field in this project.', caption: `${fields.length} field(s), in display order`,
      heads: ['Key', 'Label', 'Type', 'Group', 'Position', 'Options'],
      key: (f) => ({ 'data-field-uuid': f.uuid, 'data-key': f.key }),
      cells: (f) => [h('code', {}, f.key), f.label, `${f.type}${f.localized ? ' (localized)' : ''}`, f.group, String(f.position),
        (f.options || []).map((o) => o.api_slug).join(', ') || '—'],
      actions: write ? (f) => [
        h('button', { type: 'button', class: 'secondary small', onclick: () => open(f) }, 'Edit'),
        h('button', { type: 'button', class: 'danger small', onclick: (ev) => busy(ev.currentTarget, () => remove(ctx, base, f)) }, 'Delete')] : null,
    }));
}

/** Options as "slug: Label" lines (the label is the slug when left out). */
const optionText = (options) => (options || []).map((o) => (o.label && o.label !== o.api_slug ? `${o.api_slug}: ${o.label}` : o.api_slug)).join('\n');
function parseOptions(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const cut = l.indexOf(':');
    const slug = (cut < 0 ? l : l.slice(0, cut)).trim();
    return { api_slug: slug, label: cut < 0 ? slug : l.slice(cut + 1).trim() || slug };
  });
}

function fieldForm(ctx, base, f, formBox) {
  const key = h('input', { type: 'text', value: f?.key || '', autocomplete: 'off', spellcheck: 'false', disabled: !!f });
  const label = h('input', { type: 'text', value: f?.label || '', autocomplete: 'off' });
  const type = h('select', { disabled: !!f }, TYPES.map((t) => h('option', { value: t, selected: t === (f?.type || 'text') }, t)));
  const group = h('input', { type: 'text', value: f?.group || 'General', autocomplete: 'off' });
  const position = h('input', { type: 'number', min: '0', step: '1', value: f ? String(f.position) : '' });
  const options = h('textarea', { rows: '4', placeholder: 'socks: Socks' }, optionText(f?.options));
  const optionsBox = field({ label: 'Options (one a line: slug or slug: Label)', name: 'options', input: options,
    help: 'Slugs: letters, digits, _ . - ; a value in meta is the slug.' });
  const showOptions = () => { optionsBox.hidden = !hasOptions(type.value); };
  type.addEventListener('change', showOptions);
  showOptions();
  return formCard({
    id: 'field-form', title: f ? `Edit field ${f.key}` : 'New field', submit: f ? 'Save field' : 'Create field',
    onCancel: () => formBox.replaceChildren(),
    fields: [
      h('div', { class: 'row' },
        field({ label: 'Key', name: 'key', input: key, help: f ? 'The key and type never change.' : 'a-z, 0-9 and _, starting with a letter; the name in meta.' }),
        field({ label: 'Type', name: 'type', input: type })),
      h('div', { class: 'row' },
        field({ label: 'Label', name: 'label', input: label }),
        field({ label: 'Group', name: 'group', input: group }),
        field({ label: 'Position (optional)', name: 'position', input: position, help: 'Empty: last.' })),
      optionsBox],
    onSubmit: async () => {
      const body = { label: label.value.trim(), group: group.value.trim() || 'General' };
      if (position.value.trim() !== '') body.position = Number(position.value);
      if (hasOptions(type.value)) body.options = parseOptions(options.value);
      if (f) {
        await api('PUT', `${base}/${enc(f.uuid)}`, { field: body });
      } else {
        await api('POST', base, { field: { key: key.value.trim(), type: type.value, ...body } });
      }
      notify(`Field ${f?.key || key.value.trim()} saved.`);
      await ctx.rerender();
    },
  });
}

async function remove(ctx, base, f) {
  if (!(await confirmAction(`Delete the field ${f.key}? Values already stored stay until rewritten.`))) return;
  try {
    await api('DELETE', `${base}/${enc(f.uuid)}`);
    notify(`Field ${f.key} deleted.`);
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}
