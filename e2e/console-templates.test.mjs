// End-to-end: the console's Security Templates and API keys screens (issue 18) in headless Chromium
// against a real Assetgate server without a GeoIP database. A template with units and several
// mistakes fixed in one submit; listing.max labelled as the lifetime count it is; the GeoIP warning;
// the rules in the list; activate/deactivate in one click; a widget snippet with apiEndpoint; "try it"
// leaves no live key on screen; a template's live keys, revoke one and revoke all; an API key's inline
// keys, revoke all; a double click on "Create key" creates one key; axe-core finds no serious issue.
//
// Run: bash e2e/run.sh   (or: node --test e2e/console-templates.test.mjs)
// Screenshots: e2e/screenshots/templates-*.png; logs: e2e/screenshots/templates-*.log.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';
import { consoleSuite, signIn, request, WAIT } from './console-kit.mjs';

const TOKEN = 'demo';
const STEP = 60_000;

let server, browser, context, page, traffic, adminKey, adminKeyId;
let templateId = null;
const problems = [];
const { cleanups, screenshot, step, axe } = consoleSuite({ prefix: 'templates', page: () => page, stepTimeout: STEP, minutes: 6 });

/** The API with an explicit key, to check the server's state apart from the console. */
const api = (key, method, p, body) => request(server.url, key, method, p, body);

/** Whether a SASS key is still accepted (key/info answers 200 only for a live key). */
const live = async (key) => (await api(null, 'GET', `/${TOKEN}/v4/key/info?key=${encodeURIComponent(key)}`)).status === 200;

async function open(section, title) {
  await page.locator('#nav').getByRole('link', { name: title, exact: true }).click();
  await page.waitForFunction((s) => document.getElementById('main').dataset.ready === s, section, { timeout: WAIT });
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

const templateRow = (id) => page.locator(`#templates-table tr[data-template-id="${id}"]`);

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  assert.ok(fs.existsSync(h.CHROMIUM), `${h.CHROMIUM} missing: apt-get install chromium (run.sh does)`);
  await h.ensureJar();
  server = await h.startAssetgate({ token: TOKEN, permissions: ['OBJECTS_LIST'], logFile: path.join(h.SCREENSHOTS, 'templates-server.log'),
    env: { ASSETGATE_KEY_EXCHANGE_PER_MINUTE: '100' } }); // the steps mint more than the default 5 keys a minute
  cleanups.push(server.stop);
  const out = await h.run('java', ['-jar', h.JAR, 'key', 'create', '--company', '--permissions', 'all', '--description', 'console admin',
    '--data-dir', server.dataDir]);
  adminKey = out.trim().split('\n').pop().trim();
  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close());
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  traffic = h.recordTraffic(page, path.join(h.SCREENSHOTS, 'templates-admin.log'), server.url);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (400|401|404)/.test(m.text())) problems.push(`console.error: ${m.text()}`); });
  cleanups.push(() => traffic.close(), () => context.close());
});

step('signs in and opens Security Templates', async () => {
  await signIn(page, server.url, adminKey);
  await page.locator('#project-picker').selectOption(TOKEN);
  adminKeyId = (await api(adminKey, 'GET', '/admin/v1/keys')).json.keys.find((k) => k.description === 'console admin').id;
  await open('templates', 'Security Templates');
});

step('listing.max is labelled as the lifetime count of listing calls it is, with the totals, and offers no page size', async () => {
  await page.getByRole('button', { name: 'New Security Template' }).click();
  const form = page.locator('#template-form');
  const listMax = form.locator('[data-field="listing.max"]');
  const id = await listMax.getAttribute('id');
  assert.equal((await form.locator(`label[for="${id}"]`).textContent()).trim(), 'Listing calls in a browser key’s lifetime');
  const help = await form.locator(`#${id}-help`).textContent();
  assert.match(help, /A count of calls, not a page size/);
  assert.match(help, /refused \(429\)/);
  // It sits with the other lifetime total (uploads), not with the listing folders.
  assert.equal(await form.locator('#group-totals [data-field="listing.max"]').count(), 1);
  assert.equal(await form.locator('#group-totals [data-field="upload.max"]').count(), 1);
  assert.equal(await form.locator('#group-listing [data-field="listing.max"]').count(), 0);
  // No label anywhere in the form speaks of files per listing or a page size.
  const labels = await form.locator('label').allTextContents();
  assert.ok(!labels.some((l) => /per listing|page size|files per/i.test(l)), `a label offers a page size: ${labels}`);
});

step('a template with units and four mistakes: all shown after one submit, nothing saved; all fixed in one submit', async () => {
  const form = page.locator('#template-form');
  await form.getByLabel('Description', { exact: true }).fill('units widget');
  await form.getByLabel('Largest file a key may upload').fill('10 MB');
  await form.getByLabel('Browser key lifetime').fill('20m');
  await form.getByLabel('Uploads per minute, per browser key', { exact: true }).fill('ten');      // page: not a number
  await form.getByLabel('New browser keys per minute, per client IP').fill('0');                  // page: out of range
  await form.getByLabel('Client IP ranges allowed').fill('not-a-range');                           // server: bad CIDR
  await form.getByLabel('Folders a key may list').fill('relative/path');                           // server: not absolute
  const posts = [];
  const onRequest = (r) => { if (r.method() === 'POST' && r.url().endsWith('/security-templates')) posts.push(r.url()); };
  page.on('request', onRequest);
  await form.getByRole('button', { name: 'Create template' }).click();
  for (const name of ['upload.limit_per_min', 'exchange.limit_per_source_ip', 'restrictions.whitelist_ip_ranges', 'listing.dir_scope']) {
    await form.locator(`[data-error-for="${name}"]`).filter({ hasText: /\S/ }).waitFor();
    assert.equal(await form.locator(`[data-field="${name}"]`).getAttribute('aria-invalid'), 'true', name);
  }
  assert.match(await form.locator('[data-error-for="upload.limit_per_min"]').textContent(), /not a whole number/);
  assert.match(await form.locator('.form-error').textContent(), /4 field\(s\) to fix/);
  page.off('request', onRequest);
  assert.equal(posts.length, 1, 'one submit, one request');
  assert.equal((await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/security-templates`)).json.security_templates.length, 1,
    'a refused template was stored');
  await screenshot('template-errors');
  await axe('the template form with errors');

  await form.getByLabel('Uploads per minute, per browser key', { exact: true }).fill('10');
  await form.getByLabel('New browser keys per minute, per client IP').fill('');
  await form.getByLabel('Client IP ranges allowed').fill('127.0.0.0/8');
  await form.getByLabel('Folders a key may list').fill('/');
  await form.getByLabel('Bytes per period, per browser key').fill('500 MB');
  await form.getByLabel('Period of the byte quota').fill('1d');
  await form.getByLabel('Bytes in a browser key’s lifetime').fill('2 GB');
  await form.getByRole('button', { name: 'Create template' }).click();
  await page.locator('#template-id').waitFor();
  templateId = (await page.locator('#template-id').textContent()).trim();
  const stored = (await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/security-templates/${templateId}`)).json.security_template;
  assert.equal(stored.upload.max_file_size, 10 * 1024 * 1024);
  assert.equal(stored.key_validity.expire_duration, 1200);
  assert.equal(stored.upload.limit_per_min, 10);
  assert.equal(stored.exchange.limit_per_source_ip, null);
  assert.equal(stored.upload.bytes_per_period, 500 * 1024 * 1024);
  assert.equal(stored.upload.bytes_period, 86400);
  assert.equal(stored.upload.max_bytes, 2 * 1024 ** 3);
});

step('the list sums up each template’s rules in words and units', async () => {
  const rules = await templateRow(templateId).locator('td.rules').textContent();
  for (const part of ['files up to 10 MB', '10 uploads/min per key', 'lists /', 'from 127.0.0.0/8', 'keys live 20m',
    '500 MB per key per 1d', '2 GB per key in all']) {
    assert.ok(rules.includes(part), `"${part}" missing from the rules: ${rules}`);
  }
});

step('the widget snippet carries apiEndpoint: this server', async () => {
  const snippet = await page.locator('#widget-snippet').textContent();
  assert.match(snippet, new RegExp(`securityTemplateId: '${templateId}'`));
  assert.match(snippet, new RegExp(`apiEndpoint: '${server.url.replace(/[.]/g, '\\.')}'`));
  assert.match(snippet, new RegExp(`container: '${TOKEN}'`));
});

step('"try it" shows the key only until "Done", which revokes it', async () => {
  await page.getByRole('button', { name: 'Try it: mint a SASS key' }).click();
  await page.locator('#sass-claims').waitFor();
  const key = (await page.locator('#sass-key').textContent()).trim();
  assert.match(key, /^SASS__/);
  assert.ok(await live(key));
  await page.getByRole('button', { name: 'Done: revoke this key' }).click();
  await page.locator('#try-result', { hasText: 'revoked' }).waitFor();
  assert.equal(await page.locator('#sass-key').count(), 0);
  assert.ok(!(await page.content()).includes(key.slice(6, 40)), 'the key is still in the page');
  assert.ok(!(await live(key)), 'the key "Done" revoked still works');
});

step('countries on a server without GeoIP: warned in the form, confirmed before saving, flagged in the list', async () => {
  await page.getByRole('button', { name: 'New Security Template' }).click();
  const form = page.locator('#template-form');
  await form.locator('#geoip-warning', { hasText: 'no GeoIP database' }).waitFor();
  await form.getByLabel('Description', { exact: true }).fill('country widget');
  await form.getByLabel('Client countries allowed').fill('DE');
  await form.getByRole('button', { name: 'Create template' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.filter({ hasText: 'no GeoIP database' }).waitFor();
  await dialog.getByRole('button', { name: 'Save anyway' }).click();
  await page.locator('#template-id').waitFor();
  const id = (await page.locator('#template-id').textContent()).trim();
  assert.match(await templateRow(id).locator('td.rules').textContent(), /from DE \(no GeoIP database: every request refused\)/);
});

step('a per-user template: {sub} in a scope is saved as typed and the list says only a backend mints its keys', async () => {
  await page.getByRole('button', { name: 'New Security Template' }).click();
  const form = page.locator('#template-form');
  await form.getByLabel('Description', { exact: true }).fill('per-user uploads');
  await form.getByLabel('Folders a key may upload into').fill('/users/{sub}/*');
  await form.getByRole('button', { name: 'Create template' }).click();
  await page.locator('#template-id').waitFor();
  const id = (await page.locator('#template-id').textContent()).trim();
  const stored = (await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/security-templates/${id}`)).json.security_template;
  assert.deepEqual(stored.upload.dir_scope, ['/users/{sub}/*']);
  assert.match(await templateRow(id).locator('td.rules').textContent(), /per-user keys only: minted by a backend/);
  assert.equal((await api(null, 'GET', `/${TOKEN}/key/${id}`)).status, 403, 'the anonymous exchange minted a per-user key');
});

step('a template’s live keys: listed, one revoked, then all revoked', async () => {
  const a = (await api(null, 'GET', `/${TOKEN}/key/${templateId}`)).json;
  const b = (await api(null, 'GET', `/${TOKEN}/key/${templateId}`)).json;
  assert.ok(await live(a.key) && await live(b.key));
  await templateRow(templateId).getByRole('button', { name: 'Live keys' }).click();
  const rowA = page.locator(`#live-keys-table tr[data-sass-key-id="${a.key_id}"]`);
  const rowB = page.locator(`#live-keys-table tr[data-sass-key-id="${b.key_id}"]`);
  await rowA.waitFor();
  await rowB.waitFor();
  assert.ok(!(await page.content()).includes(a.key.slice(6, 40)), 'a key itself is shown');
  await axe('the live keys of a template');
  await screenshot('live-keys');
  await rowA.getByRole('button', { name: `Revoke ${a.key_id}` }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
  await rowA.locator('strong', { hasText: 'revoked' }).waitFor();
  assert.ok(!(await live(a.key)), 'the revoked key still works');
  assert.ok(await live(b.key), 'revoking one key ended another');
  await page.locator('#live-keys').getByRole('button', { name: 'Revoke all keys' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke all' }).click();
  await rowB.locator('strong', { hasText: 'revoked' }).waitFor();
  assert.ok(!(await live(b.key)), 'a key still works after "Revoke all keys"');
  assert.equal((await api(null, 'GET', `/${TOKEN}/key/${templateId}`)).status, 200, 'the template stopped minting new keys');
});

step('activate and deactivate a template from the list in one click', async () => {
  const key = (await api(null, 'GET', `/${TOKEN}/key/${templateId}`)).json.key;
  await templateRow(templateId).getByRole('button', { name: 'Deactivate units widget', exact: true }).click();
  await templateRow(templateId).getByRole('button', { name: 'Activate units widget', exact: true }).waitFor();
  assert.equal((await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/security-templates/${templateId}`)).json.security_template.active, false);
  assert.equal((await api(null, 'GET', `/${TOKEN}/key/${templateId}`)).status, 403);
  assert.ok(!(await live(key)), 'a key of a deactivated template still works');
  await templateRow(templateId).getByRole('button', { name: 'Activate units widget', exact: true }).click();
  await templateRow(templateId).getByRole('button', { name: 'Deactivate units widget', exact: true }).waitFor();
  assert.equal((await api(null, 'GET', `/${TOKEN}/key/${templateId}`)).status, 200);
  await axe('the Security Templates list');
});

step('at phone width the list and the form fit the screen (the table scrolls in its own box)', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await templateRow(templateId).getByRole('button', { name: 'Edit' }).click();
  await page.locator('#template-form').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the Security Templates page is ${overflow}px wider than the phone screen`);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.setViewportSize({ width: 1280, height: 900 });
});

step('a double click on "Create key" creates exactly one key', async () => {
  await open('keys', 'API keys');
  await page.getByRole('button', { name: 'New API key' }).click();
  const form = page.locator('#key-form');
  await form.getByLabel('Description').fill('double click');
  await form.locator('[data-permission="OBJECTS_LIST"]').check();
  await form.getByRole('button', { name: 'Create key' }).dblclick();
  await page.locator('#new-key-secret').waitFor();
  await page.waitForTimeout(1000); // a second request, if one went out, has landed by now
  const keys = (await api(adminKey, 'GET', '/admin/v1/keys')).json.keys.filter((k) => k.description === 'double click');
  assert.equal(keys.length, 1, `keys created: ${keys.length}`);
  await page.getByRole('button', { name: 'Done, I stored it' }).click();
});

step('Keys: last used shown; the keys an API key minted inline listed, and all revoked at once', async () => {
  const a = (await api(adminKey, 'POST', `/${TOKEN}/key`, { permissions: ['OBJECTS_LIST'] })).json;
  const b = (await api(adminKey, 'POST', `/${TOKEN}/key`, { permissions: ['OBJECTS_LIST'] })).json;
  assert.ok(await live(a.key) && await live(b.key));
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'keys', null, { timeout: WAIT });
  const mine = page.locator(`#keys-table tr[data-key-id="${adminKeyId}"]`);
  const lastUsedColumn = (await page.locator('#keys-table thead th').allTextContents()).indexOf('Last used');
  assert.ok(lastUsedColumn > 0);
  assert.match(await mine.locator('th, td').nth(lastUsedColumn).textContent(), /\d{4}-\d\d-\d\d \d\d:\d\d/ /* the browser's zone, named in the top bar */);
  await mine.getByRole('button', { name: 'SASS keys' }).click();
  await page.locator(`#minted-keys-table tr[data-sass-key-id="${a.key_id}"]`).waitFor();
  await page.locator(`#minted-keys-table tr[data-sass-key-id="${b.key_id}"]`).waitFor();
  await axe('the API keys page with inline keys');
  await page.getByRole('button', { name: 'Revoke all 2 live' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke all' }).click();
  await page.locator(`#minted-keys-table tr[data-sass-key-id="${b.key_id}"] strong`, { hasText: 'revoked' }).waitFor();
  assert.ok(!(await live(a.key)) && !(await live(b.key)), 'an inline key still works after "Revoke all"');
  await screenshot('inline-keys');
});

test('the screens ran without script errors', { timeout: STEP }, () => {
  assert.deepEqual(problems, []);
});
