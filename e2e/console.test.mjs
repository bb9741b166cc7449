// End-to-end: the web console (/console) in headless Chromium against a real Assetgate server, same
// origin, signed in with a session cookie. Run 1 (a company-wide key holding everything): sign in,
// create a project, create an API key and read its secret once, create a Security Template (with a
// field-level validation message first), mint a SASS key with "try it", upload a file and see it
// listed, see the refusal of an out-of-scope request in the audit view, revoke the template's keys and
// an inline key from the keys page; create a webhook to a receiver on 127.0.0.1 (its secret once), see
// the upload's delivery in the log and a signed request at the receiver, redeliver it; set the same-name
// rule in the storage form; sign out. Run 2: a key holding only CONFIG_LIST sees a read-only console
// (no write control on any page).
//
// Run: bash e2e/run.sh   (or: node --test e2e/console.test.mjs)
// Screenshots: e2e/screenshots/console-*.png; logs: e2e/screenshots/console-*.log.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';
import { consoleSuite, signIn, request, WAIT } from './console-kit.mjs';

const TOKEN = 'demo';
const NEW_PROJECT = 'shop';
const UPLOAD_NAME = 'console-e2e.png';
const STEP = 60_000;             // bound for each test
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let server, browser, context, page, traffic, adminKey, readerKey, workDir;
let createdSecret = null;
let templateId = null;
let sassKey = null;
let receiver = null;     // the webhook receiver: { url, requests: [{ headers, body }] }
let webhookSecret = null;
let webhookUuid = null;
const problems = []; // page errors and CSP violations: the console must run without any
// Hard stop: whatever happens, the run ends (and the server and browser go away) within 5 minutes.
const { cleanups, screenshot, step, failedStep, axe } = consoleSuite({ prefix: 'console', page: () => page, stepTimeout: STEP, minutes: 5 });

/** The API with an explicit key, to check the server's state apart from the console. */
const api = (key, method, p, body) => request(server.url, key, method, p, body);

async function newPage(viewport, logName) {
  context = await browser.newContext({ viewport, acceptDownloads: false });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.setDefaultNavigationTimeout(30_000);
  traffic = h.recordTraffic(page, path.join(h.SCREENSHOTS, `console-${logName}.log`), server.url);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  cleanups.push(() => traffic.close(), () => context.close());
}

/** A tiny webhook receiver on 127.0.0.1 that records each request (headers and the raw body) and answers 204. */
function startReceiver() {
  const requests = [];
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${srv.address().port}/hooks/assetgate`,
    requests,
    stop: () => new Promise((r) => { srv.closeAllConnections?.(); srv.close(() => r()); }),
  })));
}

/** The receiver's check from docs/webhooks.md: v1 = HMAC-SHA256(secret, t + "." + raw body), t recent. */
function signatureValid(secret, header, body) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2)));
  if (Math.abs(Date.now() / 1000 - Number(parts.t)) > 300) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.`).update(body).digest('hex');
  return expected.length === parts.v1.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}

async function until(what, fn, ms = WAIT) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Navigates with the console's menu and waits until the page has rendered (main[data-ready]). */
async function open(section, title) {
  await page.locator('#nav').getByRole('link', { name: title, exact: true }).click();
  await page.waitForFunction((s) => document.getElementById('main').dataset.ready === s, section, { timeout: WAIT });
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(h.SCREENSHOTS)) if (f.startsWith('console-')) fs.rmSync(path.join(h.SCREENSHOTS, f), { force: true });
  assert.ok(fs.existsSync(h.CHROMIUM), `${h.CHROMIUM} missing: apt-get install chromium (run.sh does)`);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-console-e2e-'));
  cleanups.push(async () => fs.rmSync(workDir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(workDir, UPLOAD_NAME), await h.makePng(80, 60, [200, 90, 40]));

  await h.ensureJar();
  receiver = await startReceiver();
  cleanups.push(receiver.stop);
  // The receiver is on loopback, which webhooks refuse unless the operator allows it (docs/webhooks.md).
  server = await h.startAssetgate({ token: TOKEN, permissions: ['OBJECTS_LIST'], logFile: path.join(h.SCREENSHOTS, 'console-server.log'),
    env: { ASSETGATE_WEBHOOK_ALLOW: '127.0.0.1/32', ASSETGATE_WEBHOOK_POLL_MILLIS: '200' } });
  cleanups.push(server.stop);
  const cliKey = async (...args) => (await h.run('java', ['-jar', h.JAR, 'key', 'create', ...args, '--data-dir', server.dataDir]))
    .trim().split('\n').pop().trim();
  adminKey = await cliKey('--company', '--permissions', 'all', '--description', 'console admin');
  readerKey = await cliKey('--company', '--permissions', 'CONFIG_LIST', '--description', 'auditor (read-only)');

  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close());
  await newPage(DESKTOP, 'admin');
});

// ------------------------------------------------------------------ run 1: a key that may change everything

step('signs in: the key becomes an HttpOnly session cookie and leaves the page', async () => {
  await page.goto(`${server.url}/console`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('API secret key').waitFor();
  await screenshot('signin');
  await axe('Sign in');
  await signIn(page, server.url, adminKey);
  assert.equal(await page.locator('#signin-key').count(), 0, 'the sign-in form is still there');
  const cookies = await context.cookies(server.url);
  const session = cookies.find((c) => c.name === 'assetgate_session');
  assert.ok(session, `no session cookie: ${JSON.stringify(cookies.map((c) => c.name))}`);
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.ok(!stored.includes(adminKey.slice(5, 25)), 'the key is kept in the browser');
  assert.ok(!(await page.content()).includes(adminKey.slice(5, 25)), 'the key is still in the page');
  await page.locator('#sign-out').waitFor();
});

step('Projects: lists and creates a project', async () => {
  await page.locator(`#projects-table tr[data-token="${TOKEN}"]`).waitFor();
  const form = page.locator('#project-form'); // the storage form below has "Same name …" labels too
  await form.getByLabel('Token').fill(NEW_PROJECT);
  await form.getByLabel('Name', { exact: true }).fill('Shop');
  await form.getByRole('button', { name: 'Create project' }).click();
  await page.locator(`#projects-table tr[data-token="${NEW_PROJECT}"]`).waitFor();
  const listed = await api(adminKey, 'GET', `/admin/v1/projects/${NEW_PROJECT}`);
  assert.equal(listed.status, 200, JSON.stringify(listed.json));
  assert.equal(listed.json.project.name, 'Shop');
  await screenshot('projects');
});

step('API keys: creates a key with grouped permissions and shows its secret once', async () => {
  await page.locator('#project-picker').selectOption(TOKEN);
  await open('keys', 'API keys');
  await page.locator('#keys-table').waitFor();
  for (const col of ['Description', 'Permissions', 'Projects', 'Active', 'Created', 'Last used', 'Expires']) {
    await page.locator('#keys-table thead').getByText(col, { exact: true }).waitFor();
  }
  await page.getByRole('button', { name: 'New API key' }).click();
  const form = page.locator('#key-form');
  for (const group of ['Assets', 'Folders', 'Metadata', 'Labels and collections', 'Sharing and approvals', 'Configuration and access']) {
    await form.locator('legend', { hasText: new RegExp(`^${group}$`) }).waitFor();
  }
  await form.getByLabel('Description').fill('ci uploader');
  await form.locator('[data-permission="OBJECTS_LIST"]').check();
  await form.locator('[data-permission="FILE_UPLOAD"]').check();
  await form.getByRole('button', { name: 'Create key' }).click();
  const secret = page.locator('#new-key-secret');
  await secret.waitFor();
  createdSecret = (await secret.textContent()).trim();
  assert.match(createdSecret, /^agsk_[0-9a-f]{40,}$/);
  await page.getByRole('button', { name: 'Copy secret' }).waitFor();
  await screenshot('keys');
  // The secret works, only in its project, with only its permissions.
  assert.equal((await api(createdSecret, 'GET', `/${TOKEN}/v5/files?folder=/`)).status, 200);
  assert.equal((await api(createdSecret, 'GET', `/${TOKEN}/v5/labels`)).status, 403);
  // Shown once: after "Done" and a reload, it is nowhere in the page.
  await page.getByRole('button', { name: 'Done, I stored it' }).click();
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'keys', null, { timeout: WAIT });
  const row = page.locator('#keys-table tbody tr', { hasText: 'ci uploader' });
  await row.waitFor();
  assert.ok(!(await page.content()).includes(createdSecret.slice(5)), 'the secret is shown again');
  assert.match(await row.textContent(), new RegExp(TOKEN));
});

step('Security Templates: a bad field gets its message, then the template is created', async () => {
  await open('templates', 'Security Templates');
  await page.getByRole('button', { name: 'New Security Template' }).click();
  const form = page.locator('#template-form');
  for (const group of ['Uploads', 'Totals over a key’s lifetime', 'Where keys may be used from', 'Key validity', 'Listing']) {
    await form.locator('legend', { hasText: group }).waitFor();
  }
  await form.getByLabel('Description', { exact: true }).fill('console widget');
  await form.getByLabel('Folders a key may upload into').fill('/uploads');
  await form.getByLabel('Client IP ranges allowed').fill('not-a-range');
  await form.getByRole('button', { name: 'Create template' }).click();
  const error = form.locator('[data-error-for="restrictions.whitelist_ip_ranges"]');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /whitelist_ip_ranges/);
  assert.equal(await form.getByLabel('Client IP ranges allowed').getAttribute('aria-invalid'), 'true');
  await screenshot('template-validation');
  await form.getByLabel('Client IP ranges allowed').fill('127.0.0.0/8');
  await form.getByLabel('Browser key lifetime').fill('10m');
  await form.getByRole('button', { name: 'Create template' }).click();
  const id = page.locator('#template-id');
  await id.waitFor();
  templateId = (await id.textContent()).trim();
  assert.match(templateId, /^SECU_[0-9A-F]+$/);
  assert.match(await page.locator('#curl-snippet').textContent(), new RegExp(`/${TOKEN}/key/${templateId}`));
  assert.match(await page.locator('#widget-snippet').textContent(), new RegExp(`securityTemplateId: '${templateId}'`));
  await page.locator(`#templates-table tr[data-template-id="${templateId}"]`).waitFor();
  const onServer = await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/security-templates/${templateId}`);
  assert.deepEqual(onServer.json.security_template.upload.dir_scope, ['/uploads']);
  assert.equal(onServer.json.security_template.key_validity.expire_duration, 600);
});

step('Security Templates: "try it" mints a SASS key and shows its claims and expiry', async () => {
  await page.getByRole('button', { name: 'Try it: mint a SASS key' }).click();
  const claims = page.locator('#sass-claims');
  await claims.waitFor();
  sassKey = (await page.locator('#sass-key').textContent()).trim();
  assert.match(sassKey, /^SASS__/);
  const text = await claims.textContent();
  assert.match(text, /Expires at/);
  assert.match(text, /\/uploads/);
  assert.match(text, /FILE_UPLOAD/);
  await screenshot('templates');
});

step('Security Templates: the content, origin, HTTPS and start rules are set in the form', async () => {
  await page.getByRole('button', { name: 'New Security Template' }).click();
  const form = page.locator('#template-form');
  await form.getByLabel('Description', { exact: true }).fill('shop photos');
  await form.getByLabel('File types a key may upload').fill('image/*\napplication/pdf');
  await form.getByLabel('Most pixels per uploaded image').fill('40000000');
  await form.getByLabel('Widest uploaded image (pixels)').fill('10000');
  await form.getByLabel('Tallest uploaded image (pixels)').fill('8000');
  await form.getByLabel('Pages allowed to use the keys').fill('shop.example.com'); // no scheme: refused, named at the field
  await form.getByLabel('HTTPS only').check();
  await form.getByLabel('Keys valid from').fill('2026-12-24T08:00:00Z');
  await form.getByRole('button', { name: 'Create template' }).click();
  const error = form.locator('[data-error-for="restrictions.allowed_origins"]');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /allowed_origins\[0\]/);
  await form.getByLabel('Pages allowed to use the keys').fill('https://shop.example.com\nhttps://*.shop.example.com');
  await form.getByRole('button', { name: 'Create template' }).click();
  const id = page.locator('#template-id');
  await page.waitForFunction((first) => document.querySelector('#template-id')?.textContent.trim() !== first, templateId);
  const created = (await id.textContent()).trim();
  const t = (await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/security-templates/${created}`)).json.security_template;
  assert.deepEqual(t.upload.allowed_types, ['image/*', 'application/pdf']);
  assert.equal(t.upload.max_pixels, 40000000);
  assert.equal(t.upload.max_width, 10000);
  assert.equal(t.upload.max_height, 8000);
  assert.deepEqual(t.restrictions.allowed_origins, ['https://shop.example.com', 'https://*.shop.example.com']);
  assert.equal(t.restrictions.https_only, true);
  assert.equal(t.key_validity.starts_at, '2026-12-24T08:00:00Z');
  // the page is plain HTTP: this template's keys are refused here, by name
  const refused = await api(null, 'GET', `/${TOKEN}/key/${created}`);
  assert.equal(refused.status, 403);
  assert.ok(['HTTPS_REQUIRED', 'KEY_NOT_YET_VALID'].includes(refused.json.code), JSON.stringify(refused.json));
  await screenshot('template-rules');
});

step('Webhooks: a refused URL gets its message at the field, then an endpoint is created and its secret shown once', async () => {
  await open('webhooks', 'Webhooks');
  await page.locator('#no-webhooks').waitFor();
  await page.getByRole('button', { name: 'New webhook' }).click();
  const form = page.locator('#webhook-form');
  await form.getByLabel('Endpoint URL').fill('http://10.1.2.3/hook'); // private: refused (not in webhook-allow)
  await form.getByLabel('Events').fill('file');
  await form.getByRole('button', { name: 'Create webhook' }).click();
  const error = form.locator('[data-error-for="url"]');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /WEBHOOK_URL_REFUSED/);
  assert.equal(await form.getByLabel('Endpoint URL').getAttribute('aria-invalid'), 'true');
  assert.equal((await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/webhooks`)).json.webhooks.length, 0, 'a refused webhook was stored');
  await screenshot('webhook-validation');
  await form.getByLabel('Endpoint URL').fill(receiver.url);
  await form.getByLabel('Description (optional)').fill('e2e receiver');
  await form.getByRole('button', { name: 'Create webhook' }).click();
  const secret = page.locator('#webhook-secret');
  await secret.waitFor();
  webhookSecret = (await secret.textContent()).trim();
  assert.match(webhookSecret, /^whsec_/);
  const row = page.locator('#webhooks-table tbody tr', { hasText: receiver.url });
  await row.waitFor();
  webhookUuid = await row.getAttribute('data-webhook-uuid');
  const stored = await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/webhooks/${webhookUuid}`);
  assert.equal(stored.status, 200, JSON.stringify(stored.json));
  assert.deepEqual(stored.json.webhook.events, ['file']);
  assert.equal(stored.json.webhook.active, true);
  await screenshot('webhook-secret');
  // Shown once: after "Done" and a reload it is nowhere in the page.
  await page.getByRole('button', { name: 'Done, I stored it' }).click();
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'webhooks', null, { timeout: WAIT });
  await row.waitFor();
  assert.ok(!(await page.content()).includes(webhookSecret.slice(6)), 'the webhook secret is shown again');
});

step('Assets: uploads a file with a progress bar and sees it listed with a thumbnail and details', async () => {
  await open('assets', 'Assets');
  await page.locator('#upload-input').setInputFiles(path.join(workDir, UPLOAD_NAME)); // picking the file uploads it
  const item = page.locator(`#file-list li[data-name="${UPLOAD_NAME}"]`);
  await item.waitFor();
  // The thumbnail is the private permalink, loaded with the session cookie.
  await page.waitForFunction((n) => {
    const img = document.querySelector(`#file-list li[data-name="${n}"] img`);
    return img && img.complete && img.naturalWidth === 80;
  }, UPLOAD_NAME, { timeout: WAIT });
  await item.getByRole('button', { name: `Details of ${UPLOAD_NAME}` }).click();
  const sha1 = page.locator('#file-sha1');
  await sha1.waitFor();
  assert.match(await sha1.textContent(), /^[0-9a-f]{40}$/);
  await screenshot('assets');
  const listed = await api(adminKey, 'GET', `/${TOKEN}/v5/files?folder=/`);
  assert.ok(listed.json.files.some((f) => f.name === UPLOAD_NAME), 'upload not stored on the server');
});

step('Webhooks: the upload is delivered signed, shows in the log, and Redeliver sends it again', async () => {
  const created = (r) => r.headers['x-assetgate-event'] === 'file.created';
  const first = await until('the file.created delivery at the receiver', () => receiver.requests.find(created));
  assert.equal(first.method, 'POST');
  assert.ok(signatureValid(webhookSecret, first.headers['x-assetgate-signature'], first.body),
    `bad signature ${first.headers['x-assetgate-signature']}`);
  assert.ok(!signatureValid('whsec_not-the-secret', first.headers['x-assetgate-signature'], first.body), 'any secret verifies');
  const event = JSON.parse(first.body.toString('utf8'));
  assert.equal(event.kind, 'file.created');
  assert.equal(event.after.name, UPLOAD_NAME);
  assert.equal(first.headers['x-assetgate-event-id'], event.id);

  await open('webhooks', 'Webhooks');
  await page.locator(`#webhooks-table tr[data-webhook-uuid="${webhookUuid}"]`).getByRole('button', { name: 'Deliveries' }).click();
  const deliveryId = first.headers['x-assetgate-delivery'];
  const row = page.locator(`#deliveries-table tr[data-delivery-id="${deliveryId}"]`);
  await until('the delivery shown as delivered', async () => {
    if (await row.count() && await row.getAttribute('data-status') === 'delivered') return true;
    await page.locator('#refresh-deliveries').click();
    return false;
  });
  assert.match(await row.textContent(), /file\.created/);
  assert.equal((await row.locator('.delivery-status').textContent()).trim(), 'delivered');
  await screenshot('webhook-deliveries');

  const before = receiver.requests.filter(created).length;
  await row.getByRole('button', { name: 'Redeliver' }).click();
  const again = await until('the redelivery at the receiver', () => receiver.requests.filter(created).length > before
    && receiver.requests.filter(created).at(-1));
  assert.equal(again.headers['x-assetgate-event-id'], event.id, 'the redelivery is the same event');
  assert.ok(signatureValid(webhookSecret, again.headers['x-assetgate-signature'], again.body));
  await until('the redelivery shown as delivered', async () => {
    await page.locator('#refresh-deliveries').click();
    await row.waitFor();
    return (await row.getAttribute('data-status')) === 'delivered' && Number((await row.locator('td').nth(2).textContent()).trim()) >= 1;
  });
  const log = await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}/webhooks/${webhookUuid}/deliveries`);
  assert.equal(log.json.deliveries.find((d) => String(d.id) === deliveryId).status, 'delivered');
});

step('Webhooks: edits the events, rotates the secret (shown once more) and pauses the endpoint', async () => {
  const row = page.locator(`#webhooks-table tr[data-webhook-uuid="${webhookUuid}"]`);
  await row.getByRole('button', { name: 'Edit' }).click();
  const form = page.locator('#webhook-form');
  assert.equal(await form.getByLabel('Events').inputValue(), 'file');
  await form.getByLabel('Events').fill('file, folder.deleted');
  await form.getByRole('button', { name: 'Save webhook' }).click();
  await row.getByText('folder.deleted').waitFor();
  const url = `/admin/v1/projects/${TOKEN}/webhooks/${webhookUuid}`;
  assert.deepEqual((await api(adminKey, 'GET', url)).json.webhook.events, ['file', 'folder.deleted']);

  await row.getByRole('button', { name: 'Rotate secret' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Rotate secret' }).click();
  const secret = page.locator('#webhook-secret');
  await secret.waitFor();
  const rotated = (await secret.textContent()).trim();
  assert.match(rotated, /^whsec_/);
  assert.notEqual(rotated, webhookSecret, 'the secret did not change');
  await page.getByRole('button', { name: 'Done, I stored it' }).click();

  await row.getByRole('button', { name: 'Deactivate' }).click();
  await row.getByText('no (paused)').waitFor();
  assert.equal((await api(adminKey, 'GET', url)).json.webhook.active, false);
  await axe('Webhooks, with the delivery log');
});

step('Projects: the storage form refuses an empty number at its field, then sets the same-name rule', async () => {
  await open('projects', 'Projects');
  const form = page.locator('#storage-form');
  await form.waitFor();
  assert.match(await form.locator('h2').textContent(), new RegExp(TOKEN));
  await form.getByLabel('Same name in a folder').selectOption('version');
  await form.getByLabel('Earlier versions kept per file').fill('');
  await form.getByRole('button', { name: 'Save storage settings' }).click();
  const error = form.locator('[data-error-for="storage.versions_kept"]');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /versions_kept/);
  assert.equal((await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}`)).json.project.storage.same_name, 'refuse', 'a refused change took');
  await form.getByLabel('Earlier versions kept per file').fill('3');
  await form.getByRole('button', { name: 'Save storage settings' }).click();
  await page.waitForFunction(() => /Storage settings of/.test(document.getElementById('status')?.textContent || ''), null, { timeout: WAIT });
  const stored = (await api(adminKey, 'GET', `/admin/v1/projects/${TOKEN}`)).json.project.storage;
  assert.deepEqual(stored, { same_name: 'version', same_content: 'accept', versions_kept: 3, versions_days: 0 });
  await page.locator(`#projects-table tr[data-token="${TOKEN}"]`, { hasText: 'version / accept' }).waitFor();
  assert.equal(await page.locator('#storage-form').getByLabel('Same name in a folder').inputValue(), 'version');
  await screenshot('storage-settings');
  await axe('Projects, with the storage form');
});

step('Audit: an out-of-scope request shows up as a refusal', async () => {
  // The SASS key may upload into /uploads only: /private is refused (FOLDER_NOT_ALLOWED).
  const form = new FormData();
  form.append('files[]', new Blob(['nope'], { type: 'text/plain' }), 'nope.txt');
  const refused = await fetch(`${server.url}/${TOKEN}/v4/files?folder=%2Fprivate`, {
    method: 'POST', headers: { 'X-Filerobot-Key': sassKey }, body: form, signal: AbortSignal.timeout(10_000) });
  const refusal = await refused.json();
  assert.equal(refused.status, 403, JSON.stringify(refusal));
  await open('audit', 'Audit trail');
  await page.locator('#audit-chart').waitFor();
  await page.getByLabel('Kind').selectOption('request.refused');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const row = page.locator('#audit-table tbody tr[data-kind="request.refused"]', { hasText: refusal.code });
  await row.first().waitFor();
  assert.match(await row.first().textContent(), /\/private|\/demo\/v4\/files/);
  await screenshot('audit', { fullPage: true }); // 1280 wide; the whole page, so the chart and the rows show
});

step('Keys: revokes every key of a template, and one key that the session key minted inline', async () => {
  const stillWorks = async (key) => (await api(null, 'GET', `/${TOKEN}/v4/key/info?key=${encodeURIComponent(key)}`)).status === 200;
  assert.ok(await stillWorks(sassKey), 'the template key should work before the revocation');
  await open('templates', 'Security Templates');
  await page.locator(`#templates-table tr[data-template-id="${templateId}"]`).getByRole('button', { name: 'Live keys' }).click();
  await page.locator('#live-keys').getByRole('button', { name: 'Revoke all keys' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke all' }).click();
  await page.waitForFunction(() => /revoked/.test(document.getElementById('status')?.textContent || ''), null, { timeout: WAIT });
  assert.ok(!(await stillWorks(sassKey)), 'a revoked template key still works');

  const minted = await api(adminKey, 'POST', `/${TOKEN}/key`, { permissions: ['OBJECTS_LIST'] });
  assert.equal(minted.status, 200, JSON.stringify(minted.json));
  assert.ok(await stillWorks(minted.json.key));
  await open('keys', 'API keys');
  const mine = page.locator('#keys-table tbody tr', { has: page.locator('.badge', { hasText: 'this session' }) });
  await mine.getByRole('button', { name: 'SASS keys' }).click();
  const row = page.locator(`#minted-keys-table tr[data-sass-key-id="${minted.json.key_id}"]`);
  await row.waitFor();
  assert.ok(!(await page.content()).includes(minted.json.key), 'the SASS key itself is shown');
  await screenshot('minted-keys');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
  await row.getByText('revoked', { exact: true }).waitFor();
  assert.ok(!(await stillWorks(minted.json.key)), 'a revoked inline key still works');
});

step('is usable at phone width', async () => {
  await page.setViewportSize(PHONE);
  await open('assets', 'Assets');
  await page.locator(`#file-list li[data-name="${UPLOAD_NAME}"]`).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone screen`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot('assets-phone');
  await open('webhooks', 'Webhooks');
  await page.locator(`#webhooks-table tr[data-webhook-uuid="${webhookUuid}"]`).waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 1, `the Webhooks page is ${wide}px wider than the phone screen`);
  await screenshot('webhooks-phone');
  await page.setViewportSize(DESKTOP);
});

step('signs out: the session ends on the server', async () => {
  const cookie = (await context.cookies(server.url)).find((c) => c.name === 'assetgate_session');
  await page.locator('#sign-out').click();
  await page.getByLabel('API secret key').waitFor();
  const after = await fetch(`${server.url}/admin/v1/session`, { headers: { Cookie: `assetgate_session=${cookie.value}` } });
  assert.equal(after.status, 401, 'the ended session still works');
  await screenshot('signed-out');
});

// ------------------------------------------------------------------ run 2: a key holding only CONFIG_LIST

step('a CONFIG_LIST-only key sees a read-only console: no write control on any page', async () => {
  await newPage(DESKTOP, 'reader');
  await signIn(page, server.url, readerKey);
  await page.locator('#read-only-badge').waitFor();
  await page.locator('#project-picker').selectOption(TOKEN);
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'projects', null, { timeout: WAIT });
  const pages = [['projects', 'Projects'], ['keys', 'API keys'], ['templates', 'Security Templates'], ['assets', 'Assets'],
    ['webhooks', 'Webhooks'], ['audit', 'Audit trail']];
  for (const [section, title] of pages) {
    if (section !== 'projects') await open(section, title);
    assert.equal(await page.locator('main .write').count(), 0, `write controls on ${title}`);
    for (const label of ['Create project', 'New API key', 'New Security Template', 'Upload', 'New folder', 'Edit', 'Delete', 'Deactivate',
      'New webhook', 'Rotate secret', 'Redeliver', 'Save storage settings']) {
      assert.equal(await page.getByRole('button', { name: label, exact: true }).count(), 0, `"${label}" offered on ${title}`);
    }
    if (section === 'keys') await screenshot('readonly-keys');
    if (section === 'projects') await page.locator('#storage-summary', { hasText: 'version' }).waitFor();
    if (section === 'webhooks') {
      // The reader sees the endpoints and their delivery log, without Redeliver.
      await page.locator(`#webhooks-table tr[data-webhook-uuid="${webhookUuid}"]`).getByRole('button', { name: 'Deliveries' }).click();
      await page.locator('#deliveries-table tbody tr').first().waitFor();
      assert.equal(await page.locator('main .write').count(), 0, 'write controls in the delivery log');
      assert.equal(await page.getByRole('button', { name: 'Redeliver' }).count(), 0, 'Redeliver offered to a reader');
    }
  }
  await page.locator('#sign-out').click();
  await page.getByLabel('API secret key').waitFor();
});

test('the console ran without script errors or CSP violations', { timeout: STEP }, (t) => {
  if (failedStep()) { t.skip(`earlier step failed: ${failedStep()}`); return; }
  // Chromium logs every error answer the console expects: 401 for "no session yet", the template's and the storage
  // form's 400 (field messages), the refused webhook URL's 422 and, for the read-only key lacking OBJECTS_LIST, the
  // Assets page's 403.
  const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of (40[013]|422)/.test(p));
  assert.deepEqual(unexpected, []);
});
