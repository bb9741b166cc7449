// Webhooks of the picked project (docs/webhooks.md): the endpoints, their signing secret shown once,
// and each endpoint's delivery log with Redeliver. A CONFIG_LIST-only session sees the lists only.
import { api, enc } from './api.js';
import { h, field, clearErrors, showError, notify, timeCell, copyButton, confirmAction, errorText, busy } from './ui.js';

const base = (ctx) => `/admin/v1/projects/${enc(ctx.project)}/webhooks`;

export async function render(root, ctx) {
  const { webhooks } = await api('GET', base(ctx));
  const secretBox = h('div', { id: 'webhook-secret-box' });
  const formBox = h('div', { id: 'webhook-form-box' });
  const deliveriesBox = h('div', { id: 'deliveries-box' });
  if (!ctx.readOnly) {
    root.append(h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'write', id: 'new-webhook', onclick: () => openForm(formBox, secretBox, ctx, null) }, 'New webhook')));
  }
  root.append(h('p', { class: 'help' }, 'Every change in this project is sent as a signed POST to the endpoints that want its kind. ',
    'Receivers check X-Assetgate-Signature with the endpoint’s secret (see docs/webhooks.md).'));
  root.append(secretBox, formBox, table(webhooks, ctx, formBox, secretBox, deliveriesBox), deliveriesBox);
}

function table(webhooks, ctx, formBox, secretBox, deliveriesBox) {
  if (!webhooks.length) return h('p', { id: 'no-webhooks' }, 'No webhook in this project yet.');
  const rows = webhooks.map((w) => {
    const actions = h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'secondary small', onclick: () => showDeliveries(deliveriesBox, w, ctx) }, 'Deliveries'),
      ctx.readOnly ? null : [
        h('button', { type: 'button', class: 'secondary small write', onclick: () => openForm(formBox, secretBox, ctx, w) }, 'Edit'),
        h('button', { type: 'button', class: 'secondary small write', onclick: (ev) => busy(ev.currentTarget, () => setActive(w, !w.active, ctx)) },
          w.active ? 'Deactivate' : 'Activate'),
        h('button', { type: 'button', class: 'secondary small write', onclick: (ev) => busy(ev.currentTarget, () => rotate(w, ctx)) }, 'Rotate secret'),
        h('button', { type: 'button', class: 'danger small write', onclick: () => remove(w, ctx) }, 'Delete')]);
    return h('tr', { 'data-webhook-uuid': w.uuid },
      h('th', { scope: 'row' }, h('code', { class: 'url' }, w.url), w.description ? h('div', { class: 'sub' }, w.description) : null),
      h('td', {}, h('ul', { class: 'plain' }, w.events.map((e) => h('li', {}, h('code', {}, e))))),
      h('td', { class: 'active' }, w.active ? 'yes' : h('strong', {}, 'no (paused)')),
      h('td', {}, timeCell(w.created_at)),
      h('td', {}, actions));
  });
  return h('div', { class: 'table-wrap' }, h('table', { id: 'webhooks-table' },
    h('caption', {}, `${webhooks.length} webhook endpoint(s) of ${ctx.project}`),
    h('thead', {}, h('tr', {}, ['URL', 'Events', 'Active', 'Created', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

/** Which field a webhook error belongs to: the server's messages name the URL by its value, not by "url". */
function fieldOf(e) {
  if (e.code === 'WEBHOOK_URL_REFUSED' || /^url\b/.test(e.message)) return 'url';
  if (/\bevents?\b/.test(e.message)) return 'events';
  if (/^description\b/.test(e.message)) return 'description';
  return null;
}

function openForm(box, secretBox, ctx, webhook) {
  const editing = webhook !== null;
  const url = h('input', { type: 'url', required: true, value: webhook?.url || '', autocomplete: 'off', placeholder: 'https://cms.example.com/hooks/assetgate' });
  const events = h('input', { type: 'text', required: true, value: webhook ? webhook.events.join(', ') : 'file', autocomplete: 'off' });
  const description = h('input', { type: 'text', value: webhook?.description || '', autocomplete: 'off' });
  const title = editing ? 'Edit webhook' : 'New webhook';
  const submit = h('button', { type: 'submit' }, editing ? 'Save webhook' : 'Create webhook');
  const form = h('form', { class: 'card write', id: 'webhook-form', 'aria-label': title, novalidate: true },
    h('h2', {}, title),
    field({ label: 'Endpoint URL', name: 'url', input: url, help: 'http or https, on a public address (an operator allows private ranges with webhook-allow).' }),
    field({ label: 'Events', name: 'events', input: events,
      help: 'Comma-separated: event kinds (file.created), item types (file: every file.*) or * for all.' }),
    field({ label: 'Description (optional)', name: 'description', input: description }),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' }, submit,
      h('button', { type: 'button', class: 'secondary', onclick: () => box.replaceChildren() }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, async () => {
      clearErrors(form);
      const body = {
        url: url.value.trim(),
        events: events.value.split(',').map((e) => e.trim()).filter(Boolean),
        description: description.value.trim() || null,
      };
      try {
        if (editing) {
          await api('PATCH', `${base(ctx)}/${enc(webhook.uuid)}`, body);
          notify('Webhook saved.');
          box.replaceChildren();
          await ctx.rerender();
        } else {
          const r = await api('POST', base(ctx), body);
          await ctx.rerender();
          showSecret(document.getElementById('webhook-secret-box'), r.webhook, r.secret, 'created');
        }
      } catch (e) {
        showFieldError(form, e);
      }
    });
  });
  secretBox.replaceChildren();
  box.replaceChildren(form);
  url.focus();
}

function showFieldError(form, e) {
  const name = fieldOf(e);
  const slot = name && form.querySelector(`[data-error-for="${name}"]`);
  if (!slot) { showError(form, e); return; }
  slot.textContent = errorText(e);
  const input = form.querySelector(`[data-field="${name}"]`);
  input.setAttribute('aria-invalid', 'true');
  input.focus();
}

/** The signing secret exists only here until "Done": the server never answers it again (rotate for a new one). */
function showSecret(box, webhook, secret, what) {
  if (!box) return;
  const panel = h('section', { class: 'card secret-panel', 'aria-labelledby': 'webhook-secret-title', tabindex: '-1' },
    h('h2', { id: 'webhook-secret-title' }, `Webhook ${what}: ${webhook.url}`),
    h('p', {}, h('strong', {}, 'Copy the signing secret now: it is shown only once.'),
      ' Receivers verify X-Assetgate-Signature with it.'),
    h('p', { class: 'secret-line' }, h('code', { id: 'webhook-secret', class: 'secret' }, secret), copyButton(() => secret, 'Copy secret')),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => box.replaceChildren() }, 'Done, I stored it')));
  box.replaceChildren(panel);
  panel.focus();
}

async function setActive(w, active, ctx) {
  try {
    await api('PATCH', `${base(ctx)}/${enc(w.uuid)}`, { active });
    notify(active ? 'Webhook active again.' : 'Webhook paused: it gets nothing until it is activated.');
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

async function rotate(w, ctx) {
  if (!(await confirmAction(`Give ${w.url} a new signing secret? Signatures with the old one stop at once.`, 'Rotate secret'))) return;
  try {
    const r = await api('PATCH', `${base(ctx)}/${enc(w.uuid)}`, { rotate_secret: true });
    await ctx.rerender();
    showSecret(document.getElementById('webhook-secret-box'), r.webhook, r.secret, 'secret rotated');
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

async function remove(w, ctx) {
  if (!(await confirmAction(`Delete the webhook ${w.url} and its delivery log?`))) return;
  try {
    await api('DELETE', `${base(ctx)}/${enc(w.uuid)}`);
    notify('Webhook deleted.');
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

/** The endpoint's delivery log, newest first (the last 100), with Redeliver on each and a Refresh. */
async function showDeliveries(box, w, ctx) {
  let deliveries;
  try {
    ({ deliveries } = await api('GET', `${base(ctx)}/${enc(w.uuid)}/deliveries?limit=100`));
  } catch (e) {
    notify(errorText(e), 'error');
    return;
  }
  const rows = deliveries.map((d) => h('tr', { 'data-delivery-id': String(d.id), 'data-status': d.status },
    h('th', { scope: 'row' }, String(d.id)),
    h('td', {}, h('code', {}, d.kind), h('div', { class: 'sub' }, d.item_uuid || '')),
    h('td', { class: 'delivery-status' }, d.status),
    h('td', {}, String(d.attempts)),
    h('td', {}, d.last_status === null ? '—' : String(d.last_status)),
    h('td', { class: 'last-error' }, d.last_error || '—'),
    h('td', {}, timeCell(d.next_attempt_at)),
    h('td', {}, timeCell(d.delivered_at)),
    ctx.readOnly ? null : h('td', {}, h('button', { type: 'button', class: 'secondary small write',
      onclick: (ev) => busy(ev.currentTarget, () => redeliver(box, w, d, ctx)) }, 'Redeliver'))));
  const heads = ['#', 'Event', 'Status', 'Attempts', 'Last answer', 'Last error', 'Next attempt', 'Delivered', ctx.readOnly ? null : '']
    .filter((t) => t !== null);
  const panel = h('section', { class: 'card', id: 'deliveries', 'aria-labelledby': 'deliveries-title', tabindex: '-1', 'data-webhook-uuid': w.uuid },
    h('h2', { id: 'deliveries-title' }, `Deliveries to ${w.url}`),
    deliveries.length
      ? h('div', { class: 'table-wrap' }, h('table', { id: 'deliveries-table' },
        h('caption', {}, `${deliveries.length} most recent delivery(ies), newest first`),
        h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows)))
      : h('p', {}, 'Nothing sent yet: deliveries appear here a moment after a change.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'refresh-deliveries', onclick: (ev) => busy(ev.currentTarget, () => showDeliveries(box, w, ctx)) }, 'Refresh'),
      h('button', { type: 'button', class: 'secondary', onclick: () => box.replaceChildren() }, 'Close')));
  box.replaceChildren(panel);
  panel.focus();
}

async function redeliver(box, w, d, ctx) {
  try {
    await api('POST', `${base(ctx)}/${enc(w.uuid)}/deliveries/${enc(String(d.id))}/redeliver`);
    notify(`Delivery ${d.id} queued again.`);
    await showDeliveries(box, w, ctx);
  } catch (e) {
    notify(errorText(e), 'error');
  }
}
