// Upload into the open folder: drop files on the zone, or pick them (the picker uploads at once).
// One XHR per drop (api.upload) so the progress bar follows the bytes actually sent.
import { upload } from './api.js';
import { h, notify, errorText } from './ui.js';

// A file dropped beside the zone would make the browser open it in place of the console: refused.
const isFiles = (ev) => ev.dataTransfer?.types?.includes('Files');
window.addEventListener('dragover', (ev) => { if (isFiles(ev)) ev.preventDefault(); });
window.addEventListener('drop', (ev) => { if (isFiles(ev)) ev.preventDefault(); });

export function dropZone(path, folder, ctx) {
  const input = h('input', { type: 'file', id: 'upload-input', multiple: true, class: 'visually-hidden' });
  const bar = h('progress', { id: 'upload-progress', max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
  const state = h('span', { id: 'upload-state', class: 'sub' });
  const zone = h('div', { class: 'drop-zone write', id: 'drop-zone' },
    h('p', {}, 'Drop files here to upload them to ', h('code', {}, folder), ', or '),
    input, h('label', { for: 'upload-input', class: 'button secondary' }, 'Choose files'), bar, state);

  let busy = false;
  const send = async (files) => {
    if (!files.length || busy) return;
    busy = true;
    zone.classList.add('busy');
    bar.hidden = false;
    bar.value = 0;
    state.textContent = `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`;
    try {
      const r = await upload(path, files, (fraction) => {
        bar.value = Math.round(fraction * 100);
        state.textContent = `Uploading ${files.length} file${files.length === 1 ? '' : 's'}: ${bar.value}%`;
      });
      notify(`${r.files?.length ?? 1} file(s) uploaded.`);
      await ctx.rerender();
    } catch (e) {
      bar.hidden = true;
      state.textContent = '';
      notify(errorText(e), 'error');
    } finally {
      busy = false;
      zone.classList.remove('busy');
    }
  };

  input.addEventListener('change', () => send([...input.files]));
  // dragover must be cancelled for the browser to allow a drop here (and not open the file instead).
  zone.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (ev) => {
    ev.preventDefault();
    zone.classList.remove('over');
    send([...(ev.dataTransfer?.files || [])]);
  });
  return zone;
}
