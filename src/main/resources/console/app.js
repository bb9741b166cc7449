// The console shell: session, navigation (hash routes #/projects …), project picker, read-only mode.
import { api, setCsrf, onSessionLost } from './api.js';
import { h, notify, errorText, clearNotice, labelCells, applyTheme, themeToggle, zoneName } from './ui.js';
import { renderSignIn } from './signin.js';
import * as projects from './projects.js';
import * as keys from './keys.js';
import * as templates from './templates.js';
import * as assets from './assets.js';
import * as audit from './audit.js';
import * as webhooks from './webhooks.js';
import * as settings from './settings.js';
import * as library from './library.js';
import * as shares from './shares.js';
import * as airboxes from './airboxes.js';
import * as metadata from './metadata.js';
import * as approvals from './approvals.js';

const PAGES = [
  { path: 'projects', title: 'Projects', page: projects },
  { path: 'keys', title: 'API keys', page: keys },
  { path: 'templates', title: 'Security Templates', page: templates, perProject: true },
  { path: 'assets', title: 'Assets', page: assets, perProject: true },
  { path: 'webhooks', title: 'Webhooks', page: webhooks, perProject: true },
  { path: 'settings', title: 'Settings', page: settings, perProject: true },
  { path: 'library', title: 'Labels and collections', page: library, perProject: true },
  { path: 'shares', title: 'Shares', page: shares, perProject: true },
  { path: 'airboxes', title: 'Airboxes', page: airboxes, perProject: true },
  { path: 'metadata', title: 'Metadata', page: metadata, perProject: true },
  { path: 'approvals', title: 'Approvals', page: approvals, perProject: true },
  { path: 'audit', title: 'Audit trail', page: audit },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const topbar = document.getElementById('topbar');
let ctx = null;
let rendering = 0;
let shownPath = null; // the page on screen: a message of another page is cleared when it opens

function currentPage() {
  const m = /^#\/([a-z]+)/.exec(location.hash);
  return PAGES.find((p) => p.path === m?.[1]) || PAGES[0];
}

async function loadProjects() {
  try {
    ctx.projects = (await api('GET', '/admin/v1/projects')).projects;
  } catch (e) {
    ctx.projects = [];
    notify(errorText(e), 'error');
  }
  const tokens = ctx.projects.map((p) => p.token);
  if (!tokens.includes(ctx.project)) ctx.project = tokens[0] || null;
  renderTopbar();
}

function renderTopbar() {
  const brand = topbar.querySelector('.brand');
  const look = h('div', { class: 'look' }, h('span', { class: 'zone', id: 'time-zone' }, `Times: ${zoneName()}`), themeToggle());
  if (!ctx) { topbar.replaceChildren(brand, look); return; }
  const picker = h('select', { id: 'project-picker', onchange: (ev) => { ctx.project = ev.target.value; render(); } },
    ctx.projects.map((p) => h('option', { value: p.token, selected: p.token === ctx.project }, `${p.name} (${p.token})`)));
  if (!ctx.projects.length) picker.append(h('option', { value: '' }, 'no project yet'));
  const key = ctx.session.key;
  topbar.replaceChildren(brand,
    h('div', { class: 'project-pick' }, h('label', { for: 'project-picker' }, 'Project'), picker),
    h('div', { class: 'who' },
      h('span', { class: 'who-key', title: `key ${key.id}` }, key.description || key.id),
      ctx.readOnly ? h('span', { class: 'badge', id: 'read-only-badge' }, 'read-only') : null,
      h('button', { type: 'button', class: 'secondary small', id: 'sign-out', onclick: signOut }, 'Sign out')), look);
}

function renderNav() {
  if (!ctx) { nav.hidden = true; nav.replaceChildren(); return; }
  const here = currentPage();
  nav.hidden = false;
  nav.replaceChildren(h('ul', {}, PAGES.map((p) => h('li', {},
    h('a', { href: `#/${p.path}`, 'aria-current': p === here ? 'page' : null }, p.title))),
  // the whole HTTP API as an OpenAPI 3.1 document, served by the same origin (no CSP change needed)
  h('li', {}, h('a', { href: '/openapi.json', target: '_blank', rel: 'noopener', id: 'api-reference' }, 'API reference'))));
}

async function render({ focus = false } = {}) {
  if (!ctx) return;
  const mine = ++rendering;
  const page = currentPage();
  if (page.path !== shownPath) clearNotice();
  shownPath = page.path;
  renderNav();
  document.title = `${page.title} · Assetgate console`;
  const heading = h('h1', { tabindex: '-1' }, page.title);
  const body = h('div', { class: 'page', id: `page-${page.path}` });
  main.replaceChildren(heading, body);
  document.body.dataset.page = page.path;
  if (focus) heading.focus();
  if (page.perProject && !ctx.project) {
    body.append(h('p', {}, 'There is no project yet. ', h('a', { href: '#/projects' }, 'Create one first.')));
    return;
  }
  body.setAttribute('aria-busy', 'true');
  try {
    await page.page.render(body, ctx);
  } catch (e) {
    if (mine === rendering) body.append(h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
  } finally {
    body.removeAttribute('aria-busy');
    if (mine === rendering) main.dataset.ready = page.path;
  }
}

async function signedIn(session) {
  setCsrf(session.csrf_token);
  ctx = {
    session,
    readOnly: session.read_only === true,
    project: ctx?.project || null,
    projects: [],
    reloadProjects: loadProjects,
    rerender: () => render(),
  };
  document.body.classList.toggle('read-only', ctx.readOnly);
  await loadProjects();
  if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/projects');
  await render({ focus: true });
}

function showSignIn(message) {
  ctx = null;
  setCsrf(null);
  delete main.dataset.ready;
  document.body.dataset.page = 'signin';
  document.title = 'Sign in · Assetgate console';
  shownPath = null;
  renderTopbar();
  renderNav();
  renderSignIn(main, { onSignedIn: signedIn, message });
  main.dataset.ready = 'signin';
}

async function signOut() {
  try {
    await api('DELETE', '/admin/v1/session');
    showSignIn();
    notify('Signed out.');
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

onSessionLost((code) => {
  if (ctx) showSignIn(code === 'SESSION_EXPIRED' ? 'Your session has expired. Sign in again.' : 'Your session has ended. Sign in again.');
});

// Tables drawn at any time (a page, "Load more", a refresh) get their column names on each cell: the phone layout's cards.
new MutationObserver(() => labelCells(main)).observe(main, { childList: true, subtree: true });
applyTheme();

window.addEventListener('hashchange', () => { if (location.hash.startsWith('#/')) render({ focus: true }); });
document.getElementById('skip-link').addEventListener('click', (ev) => { ev.preventDefault(); main.focus(); });

(async () => {
  try {
    const r = await api('GET', '/admin/v1/session', undefined, { session: false });
    await signedIn(r.session);
  } catch {
    showSignIn();
  }
})();
