// The 31 permissions, grouped as Filerobot's console groups them.
export const GROUPS = [
  { title: 'Assets', permissions: [
    ['OBJECTS_LIST', 'List files'], ['OBJECTS_FETCH', 'Read files and details'], ['FILE_UPLOAD', 'Upload files'],
    ['FILE_RENAME', 'Rename files'], ['FILE_MOVE', 'Move files'], ['FILE_DELETE', 'Delete files'],
    ['FILE_SET_VISIBILITY', 'Set file visibility'], ['FILE_IMAGE_EDITOR', 'Use the image editor'],
    ['FILE_PRODUCT_CHANGE', 'Change product references'], ['FILE_PROCESS_AUTOTAGGING', 'Run auto-tagging']] },
  { title: 'Folders', permissions: [
    ['DIR_CREATE', 'Create folders'], ['DIR_RENAME', 'Rename folders'], ['DIR_MOVE', 'Move folders'],
    ['DIR_DELETE', 'Delete folders'], ['DIR_SET_VISIBILITY', 'Set folder visibility']] },
  { title: 'Metadata', permissions: [
    ['FILE_META_CREATE', 'Create file metadata'], ['FILE_META_CHANGE', 'Change file metadata'],
    ['DIR_META_CHANGE', 'Change folder metadata']] },
  { title: 'Labels and collections', permissions: [
    ['LABELS_LIST', 'List labels'], ['LABEL_MANAGE', 'Manage labels'], ['FILE_LABEL_CHANGE', 'Label files'],
    ['COLLECTIONS_LIST', 'List collections'], ['COLLECTIONS_MANAGE', 'Manage collections']] },
  { title: 'Sharing and approvals', permissions: [
    ['OBJECTS_SHARE_MANAGE', 'Manage shares'], ['OBJECTS_AIRBOX_MANAGE', 'Manage airboxes'],
    ['OBJECTS_APPROVAL_MANAGE', 'Manage approvals'], ['OBJECTS_APPROVAL_VOTE', 'Vote on approvals']] },
  { title: 'Configuration and access', permissions: [
    ['CONFIG_LIST', 'Read configuration, keys and templates'], ['CONFIG_CHANGE', 'Change configuration, keys and templates'],
    ['ACCESS_READ', 'Read access settings'], ['ACCESS_MANAGE', 'Manage access settings']] },
];

export const ALL = GROUPS.flatMap((g) => g.permissions.map(([p]) => p));

/** The permissions a key's list stands for ("all" is every one). */
export function expand(list) {
  return list.includes('all') ? [...ALL] : list.filter((p) => ALL.includes(p));
}

import { h, uid } from './ui.js';

/**
 * Grouped permission checkboxes offering only what the signed-in key holds (`held`), so the console
 * never offers more than its key can grant. `allowAll`: the key holds "all" and may grant it.
 */
export function permissionPicker({ held, selected = [], allowAll = false, legend = 'Permissions' }) {
  const heldSet = new Set(expand(held));
  const chosen = new Set(selected.includes('all') ? ALL : selected);
  const boxes = [];
  const allBox = allowAll ? h('input', { type: 'checkbox', id: uid('perm-all'), checked: selected.includes('all') }) : null;
  const groups = GROUPS.map((g) => {
    const mine = g.permissions.filter(([p]) => heldSet.has(p));
    if (!mine.length) return null;
    const items = mine.map(([p, label]) => {
      const box = h('input', { type: 'checkbox', id: uid('perm'), value: p, checked: chosen.has(p), 'data-permission': p });
      boxes.push(box);
      return h('li', {}, box, h('label', { for: box.id }, label, ' ', h('code', {}, p)));
    });
    return h('fieldset', { class: 'perm-group' }, h('legend', {}, g.title), h('ul', { class: 'checks' }, items));
  });
  const sync = () => { if (allBox) boxes.forEach((b) => { b.disabled = allBox.checked; }); };
  allBox?.addEventListener('change', sync);
  sync();
  const errorId = uid('perm-error');
  const element = h('fieldset', { class: 'permissions', 'aria-describedby': errorId },
    h('legend', {}, legend),
    allBox ? h('p', { class: 'check' }, allBox, h('label', { for: allBox.id }, 'All permissions, including ones added later')) : null,
    h('div', { class: 'perm-groups' }, groups),
    h('p', { class: 'field-error', id: errorId, 'data-error-for': 'permissions' }));
  return {
    element,
    value: () => (allBox?.checked ? 'all' : boxes.filter((b) => b.checked).map((b) => b.value)),
  };
}
