// End-to-end: the console's audit trail and the whole console's look (issue 18) in headless Chromium
// against a real Assetgate server. Seeded through the API: a second project, two named keys, a spike
// of traffic with two refusals, an upload (a file change). Then driven as an admin would: names
// instead of ids, a key picker, the top project picker honoured, long details folded and wrapped,
// refusals readable next to the spike, file changes listed, times in the browser's zone (the browser
// runs in Asia/Kolkata), messages that neither cover controls nor outlive their page, the phone
// layout (cards) on the audit, keys and templates screens, a focus ring of 3:1, a dark theme
// (the system's and the toggle's), and axe-core on the audit screen in light and dark.
//
// Run: node --test e2e/console-audit.test.mjs (run.sh runs it). Screenshots: e2e/screenshots/audit-*.png.
// E2E_CLUSTER=1: the catalog in the local PostgreSQL and the counters in the local Redis (harness clusterEnv).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';
import { consoleSuite, signIn, request, requestOk, WAIT } from './console-kit.mjs';

const TOKEN = 'demo';
const OTHER = 'other';
const STEP = 90_000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const ZONE = 'Asia/Kolkata'; // UTC+05:30 all year: a fixed, non-UTC answer
const SPIKE = 240;

let server, browser, context, page, adminKey, uploader, otherBot, fileUuid;
const problems = [];
const { cleanups, screenshot, step, axe } = consoleSuite({ prefix: 'audit', page: () => page, stepTimeout: STEP, minutes: 6 });

const call = (key, method, p, body) => request(server.url, key, method, p, body, 30_000);
const api = (method, p, body) => requestOk(server.url, adminKey, method, p, body, 30_000);

async function until(what, fn) {
  const end = Date.now() + 30_000;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Waits until the console has rendered a page again after an action (main[data-ready] goes away and back). */
async function rendered(section, action) {
  await page.evaluate(() => { delete document.getElementById('main').dataset.ready; });
  await action();
  await page.waitForFunction((s) => document.getElementById('main').dataset.ready === s, section, { timeout: WAIT });
}

const open = (section, title) => rendered(section, () => page.locator('#nav').getByRole('link', { name: title, exact: true }).click());

/** Applies the audit filters and waits for the new rows. */
async function apply() {
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForFunction(() => !document.getElementById('audit-results').hasAttribute('aria-busy'), null, { timeout: WAIT });
}

/** A control of the audit page's filter form, by its label. */
const filter = (label) => page.locator('#audit-filters').getByLabel(label, { exact: true });
const column = (n) => page.locator(`#audit-table tbody tr td:nth-child(${n})`).allTextContents();

/** WCAG contrast of two CSS colours rgb(…)/rgba(…) (alpha ignored: the ring is opaque). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The focus ring of `selector` after a keyboard focus, and the colour behind the ring. */
async function ring(selector) {
  await page.keyboard.press('Shift'); // a keyboard interaction: the next focus shows :focus-visible
  return page.locator(selector).first().evaluate((el) => {
    el.focus();
    const cs = getComputedStyle(el);
    let p = el.parentElement;
    while (p && /rgba\(0, 0, 0, 0\)|transparent/.test(getComputedStyle(p).backgroundColor)) p = p.parentElement;
    return { color: cs.outlineColor, width: parseFloat(cs.outlineWidth), style: cs.outlineStyle, behind: getComputedStyle(p || document.documentElement).backgroundColor };
  });
}

async function newPage(colorScheme) {
  if (context) await context.close();
  context = await browser.newContext({ viewport: DESKTOP, timezoneId: ZONE, colorScheme });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console.error: ${m.text()}`); });
}

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  await h.ensureJar();
  const { env, schema } = await h.clusterEnv('audit', cleanups);
  server = await h.startAssetgate({ token: TOKEN, permissions: ['OBJECTS_LIST'], logFile: path.join(h.SCREENSHOTS, 'audit-server.log'), env });
  cleanups.push(server.stop);
  adminKey = (await h.run('java', ['-jar', h.JAR, 'key', 'create', '--company', '--permissions', 'all', '--description', 'audit admin',
    '--data-dir', server.dataDir], { env: h.serverEnv(env) })).trim().split('\n').pop().trim();

  await api('POST', '/admin/v1/projects', { token: OTHER, name: 'Other brand' });
  const key = async (description, permissions, project) => (await api('POST', '/admin/v1/keys',
    { description, permissions, company_wide: false, projects: [project] })).key;
  uploader = await key('Uploader bot', ['OBJECTS_LIST', 'FILE_UPLOAD'], TOKEN);
  otherBot = await key('Other bot', ['OBJECTS_LIST'], OTHER);

  // A file change by the uploader, then a spike of listings, then two refusals (no FILE_DELETE).
  const form = new FormData();
  form.append('files[]', new Blob([await h.makePng(40, 30, [10, 120, 200])], { type: 'image/png' }), 'harbour.png');
  const up = await fetch(`${server.url}/${TOKEN}/v5/files?folder=/photos`, { method: 'POST', headers: { 'X-Filerobot-Key': uploader.secret }, body: form });
  assert.equal(up.status, 200, await up.text());
  fileUuid = (await call(adminKey, 'GET', `/${TOKEN}/v5/files?folder=/photos`)).json.files[0].uuid;
  for (let i = 0; i < SPIKE; i += 20) {
    await Promise.all(Array.from({ length: 20 }, () => call(uploader.secret, 'GET', `/${TOKEN}/v5/files?folder=/`)));
  }
  for (let i = 0; i < 2; i++) assert.equal((await call(uploader.secret, 'DELETE', `/${TOKEN}/v5/files/${fileUuid}`)).status, 403);
  for (let i = 0; i < 3; i++) await call(otherBot.secret, 'GET', `/${OTHER}/v5/files?folder=/`);
  assert.equal((await call(otherBot.secret, 'DELETE', `/${OTHER}/v5/files/${fileUuid}`)).status, 403); // a refusal in the other project
  // the audit trail is written in the background: wait until the refusals and the counts are stored
  await until('the refusals in the audit trail', async () =>
    (await api('GET', `/admin/v1/audit?project=${TOKEN}&kind=request.refused`)).events.length >= 2
    && (await api('GET', `/admin/v1/audit?project=${OTHER}&kind=request.refused`)).events.length >= 1);
  await until('the per-minute counts', async () => {
    const m = (await api('GET', `/admin/v1/audit/stats?project=${TOKEN}`)).minutes;
    return m.reduce((a, x) => a + x.refusals, 0) >= 2 && m.reduce((a, x) => a + x.requests, 0) >= SPIKE;
  });

  if (schema) { // the refusals are really in PostgreSQL
    const rows = await h.run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-Atc',
      `SELECT count(*) FROM ${schema}.audit_events WHERE kind = 'request.refused'`]);
    assert.equal(Number(rows.trim()), 3);
  }

  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close(), () => context?.close());
  await newPage('light');
});

step('the top project picker filters the audit page', async () => {
  await signIn(page, server.url, adminKey);
  await rendered('projects', () => page.locator('#project-picker').selectOption(TOKEN));
  await open('audit', 'Audit trail');
  assert.equal(await filter('Project').inputValue(), TOKEN);
  const projects = await column(3);
  assert.ok(projects.length && projects.every((t) => t.startsWith(TOKEN)), `rows of other projects: ${projects}`);

  await rendered('audit', () => page.locator('#project-picker').selectOption(OTHER));
  assert.equal(await filter('Project').inputValue(), OTHER);
  const others = await column(3);
  assert.ok(others.length && others.every((t) => t.startsWith('Other brand')), `rows: ${others}`);
  assert.ok((await column(4)).some((t) => t.includes('Other bot')));
  assert.ok(!(await column(4)).some((t) => t.includes('Uploader bot')), 'a demo key in the other project\'s trail');
  await rendered('audit', () => page.locator('#project-picker').selectOption(TOKEN));
});

step('names instead of ids, and a picker of the project\'s keys', async () => {
  const refused = page.locator('#audit-table tbody tr[data-kind="request.refused"]').first();
  const by = (await refused.locator('td.actor').textContent());
  assert.ok(by.startsWith('key Uploader bot'), `the key is shown as: ${by}`);
  assert.ok(by.includes(uploader.id), 'the id stays under the name');

  const picker = filter('Key');
  const options = await picker.locator('option').allTextContents();
  assert.ok(options.includes('Uploader bot') && options.includes('audit admin'), `options: ${options}`);
  assert.ok(!options.includes('Other bot'), 'a key of another project is offered');
  await picker.selectOption({ label: 'Uploader bot' });
  await apply();
  const who = await column(4);
  assert.ok(who.length >= SPIKE / 100 && who.every((t) => t.includes('Uploader bot')), `rows of other keys: ${who.slice(0, 5)}`);
});

step('changes to files are shown, with the file\'s name', async () => {
  await filter('Show').selectOption('changes');
  await apply();
  const rows = page.locator('#audit-table tbody tr');
  assert.ok(await rows.count() >= 2);
  assert.deepEqual([...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.source)))], ['change']);
  const created = page.locator('#audit-table tbody tr[data-kind="file.created"]');
  const text = await created.locator('td.detail .full').textContent(); // folded: the whole text opens on a click
  assert.match(text, /^file “harbour\.png”: name: harbour\.png; folder: \/photos; size: \d+; mime: image\/png/);
  assert.ok((await created.locator('td.actor').textContent()).includes('Uploader bot'));
  await screenshot('changes', { fullPage: true });
});

step('long details fold and wrap inside the screen', async () => {
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.locator('#audit-table').waitFor();
  await filter('Kind').selectOption('request.refused');
  await apply();
  const detail = page.locator('#audit-table tbody tr[data-kind="request.refused"] td.detail').first();
  const summary = detail.locator('summary');
  assert.match(await summary.textContent(), /^status: 403; reason: .*…$/);
  await summary.click();
  await detail.locator('.full').waitFor();
  assert.match(await detail.locator('.full').textContent(), /message: /);
  const fits = await page.evaluate(() => {
    const wrap = document.querySelector('#audit-results .table-wrap');
    const cells = [...document.querySelectorAll('#audit-table td')].map((td) => td.getBoundingClientRect().right);
    return { scroll: wrap.scrollWidth - wrap.clientWidth, right: Math.max(...cells), page: document.documentElement.clientWidth };
  });
  assert.ok(fits.scroll <= 1, `the table scrolls sideways by ${fits.scroll}px`);
  assert.ok(fits.right <= fits.page, `a cell ends at ${fits.right}px, off the ${fits.page}px page`);
  await screenshot('details', { fullPage: true });
});

step('refusals stay readable next to a spike of traffic', async () => {
  const bars = await page.evaluate(() => ({
    req: Math.max(...[...document.querySelectorAll('#audit-chart rect.req')].map((r) => Number(r.getAttribute('height')))),
    ref: Math.max(...[...document.querySelectorAll('#audit-chart rect.ref')].map((r) => Number(r.getAttribute('height')))),
  }));
  assert.ok(bars.req > 100, `the spike is ${bars.req} high`);
  assert.ok(bars.ref >= 60, `the highest refusal bar is ${bars.ref} high: flattened by the spike`);
  assert.match(await page.locator('.chart .legend').textContent(), /refusals \(3\), each on its own scale/); // all projects (after Clear): 2 in demo, 1 in other
});

step(`one time zone, the browser's (${ZONE}), named`, async () => {
  // Chromium's ICU names Asia/Kolkata by its older canonical name, Asia/Calcutta
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.match(zone, /^Asia\/(Kolkata|Calcutta)$/);
  assert.equal(await page.locator('#time-zone').textContent(), `Times: ${zone}, UTC+05:30`);
  assert.ok((await page.locator('#audit-table caption').textContent()).includes(`${zone}, UTC+05:30`));
  assert.ok(await filter(`From (${zone}, UTC+05:30)`).isVisible());
  const time = page.locator('#audit-table tbody time').first();
  const iso = await time.getAttribute('datetime');
  const local = new Date(Date.parse(iso) + 330 * 60_000).toISOString().slice(0, 16).replace('T', ' ');
  assert.equal(await time.textContent(), local);
  const ticks = await page.locator('#audit-chart text.tick').allTextContents();
  const lastMinute = await page.evaluate(async () => (await (await fetch('/admin/v1/audit/stats?minutes=60')).json()).minutes.at(-1).minute);
  // the chart was drawn a moment before the stats were read again: a minute may have turned in between
  const tick = (minutesBack) => new Date(Date.parse(lastMinute) + (330 - minutesBack) * 60_000).toISOString().slice(11, 16);
  assert.ok([tick(0), tick(1)].includes(ticks.at(-1)), `last tick ${ticks.at(-1)}, last minute ${tick(0)} in ${ZONE}`);
});

step('a message covers no control and ends with its page', async () => {
  await open('keys', 'API keys');
  const row = page.locator(`#keys-table tr[data-key-id="${otherBot.id}"]`);
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await page.locator('#status', { hasText: 'Key deactivated.' }).waitFor();
  const covered = await page.evaluate(() => {
    const s = document.getElementById('status').getBoundingClientRect();
    return [...document.querySelectorAll('button, a, input, select, textarea, summary')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width && r.height && r.left < s.right && r.right > s.left && r.top < s.bottom && r.bottom > s.top;
    }).map((el) => el.textContent.trim() || el.id);
  });
  assert.deepEqual(covered, [], 'controls under the message');
  await open('audit', 'Audit trail');
  assert.equal(await page.locator('#status').textContent(), '', 'the message followed to another page');
});

step('phone: tables become cards, Edit and Delete in reach', async () => {
  await page.setViewportSize(PHONE);
  const fitsPhone = async (where) => {
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(over <= 1, `${where} is ${over}px wider than the phone`);
  };
  await page.locator('#audit-table').waitFor(); // still on the audit page, drawn at 1280 px: the layout follows the width
  await fitsPhone('the audit page');
  const row = page.locator('#audit-table tbody tr[data-kind="request.refused"]').first();
  assert.equal(await row.evaluate((tr) => getComputedStyle(tr).display), 'block');
  assert.equal(await row.locator('td.actor').getAttribute('data-label'), 'By');
  const box = await row.locator('td.detail').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `the detail is off screen: ${JSON.stringify(box)}`);
  await screenshot('phone-audit', { fullPage: true });

  await open('keys', 'API keys');
  await fitsPhone('the keys page');
  for (const name of ['Edit', 'Delete']) {
    const b = await page.locator(`#keys-table tr[data-key-id="${uploader.id}"]`).getByRole('button', { name, exact: true }).boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= PHONE.width, `${name} is off screen: ${JSON.stringify(b)}`);
  }
  await screenshot('phone-keys', { fullPage: true });
  await open('templates', 'Security Templates');
  await fitsPhone('the templates page');
  const edit = await page.locator('#templates-table tbody tr').first().getByRole('button', { name: 'Edit', exact: true }).boundingBox();
  assert.ok(edit.x >= 0 && edit.x + edit.width <= PHONE.width, `Edit is off screen: ${JSON.stringify(edit)}`);
  await page.setViewportSize(DESKTOP);
});

step('a focus ring of at least 3:1, and axe-core on the audit screen (light)', async () => {
  await open('audit', 'Audit trail');
  for (const sel of ['#audit-filters button[type="submit"]', '#audit-filters select', '#nav a', '#sign-out']) {
    const r = await ring(sel);
    assert.ok(r.style === 'solid' && r.width >= 2, `${sel}: ${JSON.stringify(r)}`);
    assert.ok(contrast(r.color, r.behind) >= 3, `${sel}: ring ${r.color} on ${r.behind} is ${contrast(r.color, r.behind).toFixed(2)}:1`);
  }
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await axe('Audit trail, light');
});

step('dark theme: the system\'s preference, the toggle, axe-core', async () => {
  await newPage('dark');
  await signIn(page, server.url, adminKey);
  await open('audit', 'Audit trail');
  await page.locator('#audit-table').waitFor();
  const bg = async () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.ok(contrast(await bg(), 'rgb(255, 255, 255)') > 10, `the dark page is ${await bg()}`);
  assert.equal(await page.locator('#theme-toggle').getAttribute('aria-pressed'), 'true');
  for (const sel of ['#audit-filters button[type="submit"]', '#audit-filters select', '#sign-out']) {
    const r = await ring(sel);
    assert.ok(contrast(r.color, r.behind) >= 3, `${sel}: ring ${r.color} on ${r.behind} is ${contrast(r.color, r.behind).toFixed(2)}:1`);
  }
  await page.locator('#audit-table tbody tr[data-kind="request.refused"] summary').first().click();
  await axe('Audit trail, dark');
  await screenshot('dark', { fullPage: true });

  await page.locator('#theme-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await page.locator('#theme-toggle').getAttribute('aria-pressed'), 'false');
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'audit', null, { timeout: WAIT });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light', 'the toggle was not remembered');
  assert.ok(contrast(await bg(), 'rgb(255, 255, 255)') < 1.2);
});

test('the console ran without script errors', { timeout: STEP }, () => {
  assert.deepEqual(problems, []);
});
