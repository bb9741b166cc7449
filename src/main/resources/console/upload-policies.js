// A one-time upload policy for the picked project (docs/upload-policies.md): signed by the session's key,
// shown with a curl and a fetch snippet to hand on to whoever uploads the one file.
import { api, enc } from './api.js';
import { h, field, clearErrors, showError, copyButton, onSubmit, uid } from './ui.js';
import { parseSize } from './units.js';

export function policyCard(ctx) {
  const where = h('input', { type: 'text', required: true, value: '/incoming/', autocomplete: 'off', id: uid('pol-where') });
  const exact = h('input', { type: 'checkbox', id: uid('pol-exact') });
  const maxSize = h('input', { type: 'text', required: true, value: '10 MB', autocomplete: 'off' });
  const minSize = h('input', { type: 'text', value: '', autocomplete: 'off' });
  const types = h('input', { type: 'text', value: '', autocomplete: 'off', placeholder: 'image/*, application/pdf' });
  const minutes = h('input', { type: 'number', min: '1', value: '10' });
  const tags = h('input', { type: 'text', value: '', autocomplete: 'off' });
  const result = h('div', { id: 'policy-result' });
  const form = h('form', { class: 'card', id: 'policy-form', 'aria-label': 'One-time upload policy' },
    h('h2', {}, 'One-time upload policy'),
    h('p', { class: 'help' }, 'Signs the terms of exactly one upload with this session’s key (it needs FILE_UPLOAD). '
      + 'Whoever holds the token may upload one file inside them, without a key; it dies with the key.'),
    field({ label: 'Folder, or exact file path', name: 'folder', input: where,
      help: 'A folder admits any file name in it or below it; tick the box below for one exact path.' }),
    h('p', { class: 'check' }, exact, h('label', { for: exact.id }, 'This is the exact path of the one file')),
    field({ label: 'Largest file', name: 'max_bytes', input: maxSize, help: 'e.g. 500 KB, 10 MB' }),
    field({ label: 'Smallest file (optional)', name: 'min_bytes', input: minSize }),
    field({ label: 'Allowed types (optional)', name: 'allowed_types', input: types,
      help: 'MIME types or type/*, comma-separated, decided from the file’s bytes. Empty: any type.' }),
    field({ label: 'Valid for (minutes)', name: 'expires_in', input: minutes }),
    field({ label: 'Tags to apply (optional)', name: 'tags', input: tags, help: 'Comma-separated.' }),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'sign-policy' }, 'Sign policy')));
  onSubmit(form, async () => {
    clearErrors(form);
    const list = (text) => text.split(',').map((t) => t.trim()).filter(Boolean);
    const body = exact.checked ? { path: where.value.trim() } : { folder: where.value.trim() };
    const max = parseSize(maxSize.value);
    const min = parseSize(minSize.value);
    const wrong = max.error || min.error || (max.value == null ? 'Give the largest file size.' : null);
    if (wrong) {
      showError(form, new Error(wrong));
      return;
    }
    body.max_bytes = max.value;
    if (min.value != null) body.min_bytes = min.value;
    body.allowed_types = list(types.value);
    body.expires_in = Math.round(Number(minutes.value) * 60);
    body.tags = list(tags.value);
    try {
      const { upload_policy: p } = await api('POST', `/${enc(ctx.project)}/v4/upload-policies`, body);
      result.replaceChildren(shown(p));
    } catch (e) {
      showError(form, e);
    }
  });
  return h('div', {}, form, result);
}

function shown(p) {
  const url = `${location.origin}${p.upload_url}`;
  const curl = `curl -H "${p.header}: ${p.token}" -F "file=@${p.path ? p.path.split('/').pop() : 'my-file'}" "${url}"`;
  const fetchSnippet = [
    'const form = new FormData();',
    `form.append('file', file${p.path ? `, '${p.path.split('/').pop()}'` : ''});`,
    `const answer = await fetch('${url}', {`,
    `  method: 'POST', headers: { '${p.header}': '${p.token}' }, body: form,`,
    '});'].join('\n');
  return h('section', { class: 'card', 'aria-label': 'Signed upload policy' },
    h('h3', {}, `Policy ${p.id}`),
    h('p', {}, `One upload ${p.path ? `as ${p.path}` : `into ${p.folder}`}, valid until ${new Date(p.expires_at).toLocaleString()}.`),
    h('label', { for: 'policy-token' }, 'Token'),
    h('textarea', { id: 'policy-token', readonly: true, rows: 3 }, p.token), copyButton(() => p.token, 'Copy token'),
    h('p', {}, 'curl'), h('pre', { id: 'policy-curl' }, h('code', {}, curl)), copyButton(() => curl, 'Copy curl'),
    h('p', {}, 'fetch, from any page'), h('pre', { id: 'policy-fetch' }, h('code', {}, fetchSnippet)), copyButton(() => fetchSnippet, 'Copy fetch'));
}
