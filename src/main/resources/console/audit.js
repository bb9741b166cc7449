import { api, enc } from './api.js';
import { h, s, field, timeCell, errorText, uid } from './ui.js';

const KINDS = ['', 'request.refused', 'session', 'key', 'template', 'project', 'sass_key',
  'file', 'folder', 'label', 'share', 'approval', 'webhook'];

/** Filters survive re-renders of the page (not reloads): nothing about them is secret, but nothing is stored either. */
const filters = { project: '', key: '', kind: '', from: '', to: '' };

export async function render(root, ctx) {
  const chartBox = h('section', { class: 'card chart', 'aria-labelledby': 'chart-title' },
    h('h2', { id: 'chart-title' }, 'Requests and refusals per minute, last hour'));
  const tableBox = h('div', { id: 'audit-results' });
  root.append(chartBox, filterForm(ctx, tableBox, chartBox), tableBox);
  await Promise.all([loadChart(chartBox, filters.project), loadEvents(tableBox, ctx, null)]);
}

function filterForm(ctx, tableBox, chartBox) {
  const project = h('select', {}, h('option', { value: '' }, 'all projects'),
    ctx.projects.map((p) => h('option', { value: p.token, selected: p.token === filters.project }, p.token)));
  const key = h('input', { type: 'text', value: filters.key, autocomplete: 'off', placeholder: 'key id' });
  const kind = h('select', {}, KINDS.map((k) => h('option', { value: k, selected: k === filters.kind }, k || 'every kind')));
  const from = h('input', { type: 'datetime-local', value: filters.from });
  const to = h('input', { type: 'datetime-local', value: filters.to });
  const form = h('form', { class: 'card filters', id: 'audit-filters', 'aria-label': 'Filter the audit trail' },
    h('div', { class: 'row' },
      field({ label: 'Project', name: 'project', input: project }),
      field({ label: 'Key id', name: 'key', input: key }),
      field({ label: 'Kind', name: 'kind', input: kind }),
      field({ label: 'From (local time)', name: 'from', input: from }),
      field({ label: 'To (local time)', name: 'to', input: to })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply filters'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { Object.keys(filters).forEach((k) => { filters[k] = ''; }); ctx.rerender(); } }, 'Clear')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Object.assign(filters, { project: project.value, key: key.value.trim(), kind: kind.value, from: from.value, to: to.value });
    await Promise.all([loadChart(chartBox, filters.project), loadEvents(tableBox, ctx, null)]);
  });
  return form;
}

function query(cursor) {
  const q = new URLSearchParams();
  if (filters.project) q.set('project', filters.project);
  if (filters.key) q.set('key', filters.key);
  if (filters.kind) q.set('kind', filters.kind);
  if (filters.from) q.set('from', new Date(filters.from).toISOString());
  if (filters.to) q.set('to', new Date(filters.to).toISOString());
  q.set('limit', '100');
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

async function loadEvents(box, ctx, cursor) {
  let r;
  try {
    r = await api('GET', `/admin/v1/audit?${query(cursor)}`);
  } catch (e) {
    box.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, `The audit trail cannot be read: ${errorText(e)}`));
    return;
  }
  const rows = r.events.map((e) => h('tr', { 'data-kind': e.kind },
    h('td', {}, timeCell(e.at)),
    h('td', {}, h('code', {}, e.kind)),
    h('td', {}, e.project || '—'),
    h('td', {}, e.key_id ? h('code', {}, e.key_id) : (e.template_id ? h('code', {}, e.template_id) : '—'),
      e.sass_key_id ? h('div', { class: 'sub' }, 'SASS ', h('code', {}, e.sass_key_id)) : null),
    h('td', {}, e.rule ? h('code', { class: 'rule' }, e.rule) : '—'),
    h('td', {}, e.ip || '—'),
    h('td', { class: 'path' }, e.method ? `${e.method} ${e.path}` : '—'),
    h('td', {}, e.source === 'change' ? changeText(e) : detailText(e.detail))));
  let table = box.querySelector('tbody');
  if (!cursor || !table) {
    table = h('tbody', {});
    box.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { id: 'audit-table' },
      h('caption', {}, 'Events, newest first'),
      h('thead', {}, h('tr', {}, ['When', 'Kind', 'Project', 'Key / template', 'Rule', 'IP', 'Request', 'Detail']
        .map((t) => h('th', { scope: 'col' }, t)))),
      table)));
    if (!r.events.length) box.append(h('p', { id: 'audit-empty' }, 'No event matches.'));
  }
  table.append(...rows);
  box.querySelector('.more')?.remove();
  if (r.next_cursor) {
    box.append(h('button', { type: 'button', class: 'secondary more', onclick: () => loadEvents(box, ctx, r.next_cursor) }, 'Load more'));
  }
}

/** A change event's detail: its item, then what it was and what it became. */
function changeText(e) {
  const part = (v) => (v && Object.keys(v).length ? JSON.stringify(v) : '');
  const was = part(e.before); const now = part(e.after);
  return `${e.item_type} ${e.item_uuid}${was || now ? `: ${was || '—'} → ${now || '—'}` : ''}`;
}

function detailText(d) {
  if (!d || typeof d !== 'object' || !Object.keys(d).length) return '';
  return Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ');
}

async function loadChart(box, project) {
  const old = box.querySelector('.chart-body');
  const body = h('div', { class: 'chart-body' });
  if (old) old.replaceWith(body); else box.append(body);
  let minutes;
  try {
    minutes = (await api('GET', `/admin/v1/audit/stats?minutes=60${project ? `&project=${enc(project)}` : ''}`)).minutes;
  } catch (e) {
    body.append(h('p', { class: 'form-error' }, `No statistics: ${errorText(e)}`));
    return;
  }
  body.append(chart(minutes));
}

/** Bars per minute: requests (blue) with refusals (red) drawn over them; inline SVG, no library. */
function chart(minutes) {
  const W = 1000; const H = 220; const left = 40; const bottom = 24; const top = 10;
  const max = Math.max(1, ...minutes.map((m) => m.requests), ...minutes.map((m) => m.refusals));
  const n = Math.max(1, minutes.length);
  const bw = (W - left - 4) / n;
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const totalReq = minutes.reduce((a, m) => a + m.requests, 0);
  const totalRef = minutes.reduce((a, m) => a + m.refusals, 0);
  const titleId = uid('chart');
  const label = (m) => new Date(m.minute).toISOString().slice(11, 16);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, class: 'bars', id: 'audit-chart' },
  s('title', { id: titleId }, `${totalReq} requests and ${totalRef} refusals in the last ${minutes.length} minutes`),
  s('line', { x1: left, y1: H - bottom, x2: W, y2: H - bottom, class: 'axis' }),
  s('line', { x1: left, y1: top, x2: left, y2: H - bottom, class: 'axis' }),
  s('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', class: 'tick' }, String(max)),
  s('text', { x: left - 6, y: H - bottom, 'text-anchor': 'end', class: 'tick' }, '0'),
  minutes.map((m, i) => {
    const x = left + 2 + i * bw;
    return s('g', {},
      s('rect', { x, y: y(m.requests), width: Math.max(1, bw - 1), height: H - bottom - y(m.requests), class: 'req' },
        s('title', {}, `${label(m)}: ${m.requests} requests, ${m.refusals} refusals`)),
      m.refusals ? s('rect', { x, y: y(m.refusals), width: Math.max(1, bw - 1), height: H - bottom - y(m.refusals), class: 'ref' }) : null);
  }),
  minutes.length ? [[0, 'start'], [Math.floor(n / 2), 'middle'], [n - 1, 'end']].map(([i, anchor]) =>
    s('text', { x: left + 2 + i * bw + (anchor === 'end' ? bw : 0), y: H - 6, class: 'tick', 'text-anchor': anchor }, label(minutes[i]))) : null);
  return h('div', {},
    svg,
    h('p', { class: 'legend' }, h('span', { class: 'swatch req' }), ` requests (${totalReq})  `,
      h('span', { class: 'swatch ref' }), ` refusals (${totalRef})`));
}
