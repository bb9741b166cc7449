import { api, enc } from './api.js';
import { h, s, field, timeCell, errorText, zoneName, uid } from './ui.js';

const KINDS = ['', 'request.refused', 'session', 'key', 'template', 'project', 'sass_key',
  'file', 'folder', 'label', 'share', 'approval', 'webhook'];
const SOURCES = [['', 'everything'], ['audit', 'management actions and refusals'], ['changes', 'changes to files, folders, labels…']];
/** Details longer than this are folded: the first words show, the rest opens on a click. */
const FOLD_AT = 90;

/** Filters survive re-renders of the page (not reloads): nothing about them is secret, but nothing is stored either. */
const filters = { project: '', key: '', kind: '', source: '', from: '', to: '' };
/** The top picker's project the filters last followed: picking another project there filters on it. */
let followed;

export async function render(root, ctx) {
  if (ctx.project !== followed) {
    followed = ctx.project;
    Object.assign(filters, { project: ctx.project || '', key: '' });
  }
  const names = await loadNames(ctx);
  const chartBox = h('section', { class: 'card chart', 'aria-labelledby': 'chart-title' },
    h('h2', { id: 'chart-title' }, 'Requests and refusals per minute, last hour'));
  const tableBox = h('div', { id: 'audit-results' });
  root.append(chartBox, filterForm(ctx, names, tableBox, chartBox), tableBox);
  await Promise.all([loadChart(chartBox, filters.project), loadEvents(tableBox, names, null)]);
}

/**
 * What the ids in events are called: keys by their description, templates by their name, projects
 * by theirs. A list the signed-in key may not read simply leaves its ids as they are.
 */
async function loadNames(ctx) {
  const projects = new Map(ctx.projects.map((p) => [p.token, p.name]));
  const reach = filters.project ? [filters.project] : [...projects.keys()];
  const [keys, ...templateLists] = await Promise.all([
    api('GET', '/admin/v1/keys').then((r) => r.keys, () => []),
    ...reach.map((t) => api('GET', `/admin/v1/projects/${enc(t)}/security-templates`).then((r) => r.security_templates, () => []))]);
  return {
    projects,
    keys,
    key: new Map(keys.map((k) => [k.id, k.description || '(no description)'])),
    template: new Map(templateLists.flat().map((t) => [t.id, t.description || t.name || t.id])),
  };
}

/** The keys that can act on the project: company-wide ones and those scoped to it. */
const keysOf = (keys, project) => keys.filter((k) => !project || k.company_wide || k.projects.includes(project));

function filterForm(ctx, names, tableBox, chartBox) {
  const project = h('select', {}, h('option', { value: '' }, 'all projects'),
    ctx.projects.map((p) => h('option', { value: p.token, selected: p.token === filters.project }, `${p.name} (${p.token})`)));
  const key = h('select', {});
  const fillKeys = () => key.replaceChildren(h('option', { value: '' }, 'every key'),
    ...keysOf(names.keys, project.value).map((k) => h('option', { value: k.id, selected: k.id === filters.key }, names.key.get(k.id))));
  fillKeys();
  project.addEventListener('change', fillKeys);
  const kind = h('select', {}, KINDS.map((k) => h('option', { value: k, selected: k === filters.kind }, k || 'every kind')));
  const source = h('select', {}, SOURCES.map(([v, t]) => h('option', { value: v, selected: v === filters.source }, t)));
  const from = h('input', { type: 'datetime-local', value: filters.from });
  const to = h('input', { type: 'datetime-local', value: filters.to });
  const form = h('form', { class: 'card filters', id: 'audit-filters', 'aria-label': 'Filter the audit trail' },
    h('div', { class: 'row' },
      field({ label: 'Project', name: 'project', input: project }),
      field({ label: 'Key', name: 'key', input: key }),
      field({ label: 'Show', name: 'source', input: source }),
      field({ label: 'Kind', name: 'kind', input: kind }),
      field({ label: `From (${zoneName()})`, name: 'from', input: from }),
      field({ label: `To (${zoneName()})`, name: 'to', input: to })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply filters'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { Object.keys(filters).forEach((k) => { filters[k] = ''; }); ctx.rerender(); } }, 'Clear')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Object.assign(filters, { project: project.value, key: key.value, kind: kind.value, source: source.value, from: from.value, to: to.value });
    tableBox.setAttribute('aria-busy', 'true');
    await Promise.all([loadChart(chartBox, filters.project), loadEvents(tableBox, names, null)]);
    tableBox.removeAttribute('aria-busy');
  });
  return form;
}

function query(cursor) {
  const q = new URLSearchParams();
  for (const k of ['project', 'key', 'kind', 'source']) if (filters[k]) q.set(k, filters[k]);
  if (filters.from) q.set('from', new Date(filters.from).toISOString());
  if (filters.to) q.set('to', new Date(filters.to).toISOString());
  q.set('limit', '100');
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

async function loadEvents(box, names, cursor) {
  let r;
  try {
    r = await api('GET', `/admin/v1/audit?${query(cursor)}`);
  } catch (e) {
    box.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, `The audit trail cannot be read: ${errorText(e)}`));
    return;
  }
  const rows = r.events.map((e) => h('tr', { 'data-kind': e.kind, 'data-source': e.source },
    h('td', {}, timeCell(e.at)),
    h('td', {}, h('code', {}, e.kind)),
    h('td', {}, e.project ? named(names.projects, e.project) : '—'),
    h('td', { class: 'actor' }, who(e, names)),
    h('td', {}, e.rule ? h('code', { class: 'rule' }, e.rule) : '—'),
    h('td', {}, e.ip || '—'),
    h('td', { class: 'path' }, e.method ? `${e.method} ${e.path}` : '—'),
    h('td', { class: 'detail' }, folded(e.source === 'change' ? changeText(e) : detailText(e.detail)))));
  let table = box.querySelector('tbody');
  if (!cursor || !table) {
    table = h('tbody', {});
    box.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { id: 'audit-table' },
      h('caption', {}, `Events, newest first (times in ${zoneName()})`),
      h('thead', {}, h('tr', {}, ['When', 'Kind', 'Project', 'By', 'Rule', 'IP', 'Request', 'Detail']
        .map((t) => h('th', { scope: 'col' }, t)))),
      table)));
    if (!r.events.length) box.append(h('p', { id: 'audit-empty' }, 'No event matches.'));
  }
  table.append(...rows);
  box.querySelector('.more')?.remove();
  if (r.next_cursor) {
    box.append(h('button', { type: 'button', class: 'secondary more', onclick: () => loadEvents(box, names, r.next_cursor) }, 'Load more'));
  }
}

/** A name with its id underneath (the id is what the API and logs use), or the bare id when no name is known. */
function named(map, id) {
  const name = map.get(id);
  return name ? [name, h('div', { class: 'sub' }, h('code', {}, id))] : h('code', {}, id);
}

/** Who acted: the key, or the template of a SASS key (a SASS key has no name of its own). */
function who(e, names) {
  if (e.key_id) return [h('span', { class: 'sub' }, 'key '), named(names.key, e.key_id)];
  if (e.template_id) {
    return [h('span', { class: 'sub' }, 'template '), named(names.template, e.template_id),
      e.sass_key_id ? h('div', { class: 'sub' }, 'SASS key ', h('code', {}, e.sass_key_id)) : null];
  }
  return '—';
}

/** Long text in a disclosure: the start as its summary, the whole on a click, wrapped at any character. */
function folded(text) {
  if (text.length <= FOLD_AT) return text;
  return h('details', {}, h('summary', {}, `${text.slice(0, FOLD_AT - 30).trimEnd()}…`), h('p', { class: 'full' }, text));
}

/** A change event's detail: its item by name (or path), then each field that changed, "was → now". */
function changeText(e) {
  const was = e.before || {}; const now = e.after || {};
  const name = now.name || was.name || now.path || was.path || now.label?.name || was.title || now.title;
  const item = `${e.item_type} ${name ? `“${name}”` : e.item_uuid}`;
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  const show = (v) => (v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const parts = fields.map((k) => (k in was && k in now ? `${k}: ${show(was[k])} → ${show(now[k])}`
    : `${k}: ${show(k in now ? now[k] : was[k])}`));
  return parts.length ? `${item}: ${parts.join('; ')}` : item;
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

/**
 * Requests (blue, top) and refusals (red, below) per minute, each on a scale of its own: a spike of
 * traffic never flattens the refusals. Inline SVG, no library; times in the browser's zone.
 */
function chart(minutes) {
  const W = 1000; const left = 48; const n = Math.max(1, minutes.length); const bw = (W - left - 4) / n;
  const label = (m) => new Date(m.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
  const total = (f) => minutes.reduce((a, m) => a + m[f], 0);
  const titleId = uid('chart');
  const panel = (field, top, height, name) => {
    const max = Math.max(1, ...minutes.map((m) => m[field]));
    const base = top + height;
    return s('g', { class: `panel panel-${field}` },
      s('text', { x: left + 4, y: top + 10, class: 'tick name' }, `${name} (scale 0–${max})`),
      s('line', { x1: left, y1: base, x2: W, y2: base, class: 'axis' }),
      s('line', { x1: left, y1: top, x2: left, y2: base, class: 'axis' }),
      s('text', { x: left - 6, y: top + 10, 'text-anchor': 'end', class: 'tick' }, String(max)),
      s('text', { x: left - 6, y: base, 'text-anchor': 'end', class: 'tick' }, '0'),
      minutes.map((m, i) => (m[field] ? s('rect', {
        x: left + 2 + i * bw, y: base - (height - 14) * (m[field] / max), width: Math.max(1, bw - 1),
        height: (height - 14) * (m[field] / max), class: field === 'requests' ? 'req' : 'ref', 'data-minute': m.minute,
      }, s('title', {}, `${label(m)}: ${m.requests} requests, ${m.refusals} refusals`)) : null)));
  };
  const H = 250;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, class: 'bars', id: 'audit-chart' },
    s('title', { id: titleId }, `${total('requests')} requests and ${total('refusals')} refusals in the last ${minutes.length} minutes`),
    panel('requests', 4, 130, 'requests'),
    panel('refusals', 144, 80, 'refusals'),
    minutes.length ? [[0, 'start'], [Math.floor(n / 2), 'middle'], [n - 1, 'end']].map(([i, anchor]) =>
      s('text', { x: left + 2 + i * bw + (anchor === 'end' ? bw : 0), y: H - 4, class: 'tick', 'text-anchor': anchor }, label(minutes[i]))) : null);
  return h('div', {},
    svg,
    h('p', { class: 'legend' }, h('span', { class: 'swatch req' }), ` requests (${total('requests')})  `,
      h('span', { class: 'swatch ref' }), ` refusals (${total('refusals')}), each on its own scale; times in ${zoneName()}`));
}
