// End-to-end: the unmodified Filerobot widget (@filerobot/core + explorer + xhr-upload 3.114.5, bundled
// by bundle.mjs) in headless Chromium against a real Assetgate server, in Security Template mode.
// The page is served from another origin than the API, so every call goes through CORS.
//
// Run: bash e2e/run.sh   (or, after install + bundle: node --test e2e/widget.test.mjs)
// Screenshots of each step, the browser's traffic/console log and the server log go to e2e/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';

const TOKEN = 'demo';
const PERMISSIONS = ['OBJECTS_LIST', 'OBJECTS_FETCH', 'FILE_UPLOAD', 'FILE_RENAME', 'FILE_MOVE', 'FILE_DELETE',
  'DIR_CREATE', 'DIR_RENAME', 'DIR_MOVE', 'DIR_DELETE', 'FILE_META_CHANGE', 'LABELS_LIST', 'OBJECTS_SHARE_MANAGE'];
const UPLOAD_NAME = 'hello-e2e.png';
const RENAMED = 'renamed-e2e.png';
const SEED_FOLDER = 'archive';   // created before the widget starts; the move target
const SEED_FILE = 'seed.txt';    // present in the root listing from the start
const ZIPPED_FILE = 'inside.png'; // put in /archive before the folder is downloaded as a zip
const BROWSER_ZONE = 'Europe/Paris';
const WAIT = 20_000;             // bound for each single wait on the page
const STEP = 60_000;             // bound for each test
// API answers ≥ 400 that the widget survives and that the server does not serve yet, as
// { re: /path regex/, why: '...' }: each a known gap to be closed. Anything else failing fails the last test.
const KNOWN_GAPS = [];

// Hard stop: whatever happens, the run ends (and the server and browser go away) within 6 minutes.
const watchdog = setTimeout(async () => {
  console.error('e2e watchdog: the run took more than 6 minutes; stopping');
  await cleanup().catch(() => {});
  process.exit(1);
}, 6 * 60_000);
watchdog.unref();

let server, web, browser, page, traffic, apiKey, deadUrl, workDir;
let sassKey = null;      // the SASS key of the current page load (each load exchanges the template again)
const minted = [];       // every key the exchange answered, in order
let rootListing = null; // the widget's first GET files?folder=/, watched from before the page loads
let uploadedUuid = null;
let failedStep = null;
let shot = 0;
const cleanups = [];

async function cleanup() {
  while (cleanups.length) await cleanups.pop()().catch((e) => console.error('cleanup:', e.message));
}

async function screenshot(name) {
  shot += 1;
  const file = path.join(h.SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false, timeout: WAIT }).catch((e) => console.error('screenshot:', e.message));
  return file;
}

/** One scenario step: skipped when an earlier one failed; a failure leaves a screenshot. */
function step(name, fn) {
  test(name, { timeout: STEP }, async (t) => {
    if (failedStep) { t.skip(`earlier step failed: ${failedStep}`); return; }
    try {
      await fn(t);
    } catch (e) {
      failedStep = name;
      await screenshot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
      throw e;
    }
  });
}

/** The Assetgate API with the seeding API key (to check the server's state independently of the UI). */
async function api(method, p, body) {
  const r = await fetch(`${server.url}/${TOKEN}${p}`, {
    method,
    headers: { 'X-Filerobot-Key': apiKey, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const json = await r.json();
  return { status: r.status, json };
}

async function filesIn(folder) {
  const r = await api('GET', `/v5/files?folder=${encodeURIComponent(folder)}&limit=100`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.files;
}

const isApi = (res, method, re) => res.url().startsWith(`${server.url}/${TOKEN}/`) && res.request().method() === method
  && re.test(new URL(res.url()).pathname);

/** Runs action and waits (bounded) for the API response it must cause; asserts it succeeded. */
async function expectCall(method, re, action, what) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => isApi(r, method, re), { timeout: WAIT }).catch(() => {
      throw new Error(`the widget sent no ${method} ${re} within ${WAIT / 1000} s (${what})`);
    }),
    action(),
  ]);
  const body = await res.json().catch(() => null);
  assert.ok(res.ok(), `${what}: ${method} ${res.url()} answered ${res.status()} ${JSON.stringify(body)}`);
  assert.equal(body?.status, 'success', `${what}: body without status success: ${JSON.stringify(body)}`);
  return { res, body };
}

const fileCard = (name) => page.locator('[role=option]').filter({ has: page.getByText(name, { exact: true }) });
const folderCard = (name) => page.locator('.item-folder').filter({ has: page.getByText(name, { exact: true }) });
const openModal = () => page.locator('.SfxModal-Container[open]');

/** Opens a card's context menu and picks an entry. Selected cards carry aria-disabled, hence force. */
async function contextMenu(card, entry) {
  await card.waitFor({ state: 'visible', timeout: WAIT });
  await card.click({ button: 'right', force: true, timeout: WAIT });
  await page.getByText(entry, { exact: true }).click({ timeout: WAIT });
}

function pageUrl(webUrl) {
  const q = new URLSearchParams({ api: server.url, dead: deadUrl, token: TOKEN, template: server.templateId });
  return `${webUrl}/?${q}`;
}

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(h.SCREENSHOTS)) fs.rmSync(path.join(h.SCREENSHOTS, f), { force: true });
  assert.ok(fs.existsSync(path.join(h.E2E_DIR, 'build', 'widget.js')), 'e2e/build/widget.js missing: run node e2e/bundle.mjs (run.sh does)');
  assert.ok(fs.existsSync(h.CHROMIUM), `${h.CHROMIUM} missing: apt-get install chromium (run.sh does)`);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-e2e-files-'));
  cleanups.push(async () => fs.rmSync(workDir, { recursive: true, force: true }));

  await h.ensureJar();
  server = await h.startAssetgate({ token: TOKEN, permissions: PERMISSIONS, logFile: path.join(h.SCREENSHOTS, 'server.log') });
  cleanups.push(server.stop);

  // Seed through the API with an API secret key (made by the CLI): a folder and a file in the root.
  const keyOut = await h.run('java', ['-jar', h.JAR, 'key', 'create', '--projects', TOKEN, '--permissions', 'all',
    '--description', 'e2e seeding and checks', '--data-dir', server.dataDir]);
  apiKey = keyOut.trim().split('\n').pop().trim();
  const folder = await api('POST', '/v5/folders', { name: `/${SEED_FOLDER}` });
  assert.equal(folder.status, 200, JSON.stringify(folder.json));
  const form = new FormData();
  form.append('files[]', new Blob(['seeded by the e2e test\n'], { type: 'text/plain' }), SEED_FILE);
  const seeded = await fetch(`${server.url}/${TOKEN}/v4/files?folder=%2F`, {
    method: 'POST', headers: { 'X-Filerobot-Key': apiKey }, body: form, signal: AbortSignal.timeout(10_000) });
  assert.equal(seeded.status, 200, await seeded.text());

  web = await h.startStatic();
  cleanups.push(web.stop);
  deadUrl = `http://127.0.0.1:${await h.freePort()}`; // nobody listens: vendor-only services fail fast

  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close());
  // a zone away from UTC, so the share dialog's zone-less dates have to be read in their zone
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, timezoneId: BROWSER_ZONE });
  page.setDefaultTimeout(WAIT);
  page.setDefaultNavigationTimeout(30_000);
  traffic = h.recordTraffic(page, path.join(h.SCREENSHOTS, 'traffic.log'), server.url);
  page.on('response', async (r) => {
    if (!isApi(r, 'GET', new RegExp(`^/${TOKEN}(/v[45])?/key/SECU_`)) || !r.ok()) return;
    const key = (await r.json().catch(() => ({}))).key;
    if (key) { minted.push(key); sassKey = key; }
  });
  cleanups.push(() => traffic.close());
  fs.writeFileSync(path.join(workDir, UPLOAD_NAME), await h.makePng(64, 48, [30, 120, 200]));
});

after(async () => {
  clearTimeout(watchdog);
  await cleanup();
});

step('obtains a SASS key from the Security Template (securityTemplateId)', async (t) => {
  const exchange = page.waitForResponse((r) => isApi(r, 'GET', new RegExp(`^/${TOKEN}(/v[45])?/key/${server.templateId}$`)), { timeout: 30_000 });
  const info = page.waitForResponse((r) => isApi(r, 'GET', /\/v4\/key\/info$/), { timeout: 30_000 });
  rootListing = page.waitForResponse((r) => isApi(r, 'GET', /^\/demo\/v5\/files$/)
    && new URL(r.url()).searchParams.get('folder') === '/', { timeout: 30_000 });
  rootListing.catch(() => {}); // awaited by the next step
  await page.goto(pageUrl(web.url), { waitUntil: 'domcontentloaded' });
  const ex = await exchange;
  const exBody = await ex.json();
  assert.equal(ex.status(), 200, JSON.stringify(exBody));
  assert.equal(exBody.status, 'success');
  assert.match(exBody.key, /^SASS__/);
  sassKey = exBody.key;
  const inf = await info;
  const infBody = await inf.json();
  assert.equal(inf.status(), 200, JSON.stringify(infBody));
  assert.equal(new URL(inf.url()).searchParams.get('key'), sassKey, 'key/info asked about another key');
  assert.equal(infBody.is_validate, true);
  assert.deepEqual([...infBody.permissions].sort(), [...PERMISSIONS].sort());
  t.diagnostic(`template ${server.templateId} -> ${sassKey.slice(0, 24)}…`);
  await screenshot('key-exchanged');
});

step('lists the root folder with the SASS key', async () => {
  const listing = await rootListing.catch(() => { throw new Error('the widget did not list the root folder within 30 s'); });
  assert.equal(listing.request().headers()['x-filerobot-key'], sassKey, 'the listing was not sent with the SASS key');
  const body = await listing.json();
  assert.equal(listing.status(), 200, `GET /v5/files?folder=/ with the SASS key answered ${listing.status()} ${JSON.stringify(body)}`);
  assert.deepEqual(body.files.map((f) => f.name), [SEED_FILE]);
  await folderCard(SEED_FOLDER).waitFor({ state: 'visible' });
  await fileCard(SEED_FILE).waitFor({ state: 'visible' });
  await screenshot('root-listed');
});

step('uploads a file through the widget UI', async () => {
  await page.getByRole('button', { name: 'Upload', exact: true }).first().click();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: WAIT }),
    page.getByText('browse', { exact: true }).click(),
  ]);
  await chooser.setFiles(path.join(workDir, UPLOAD_NAME));
  await page.getByText(UPLOAD_NAME).first().waitFor({ state: 'visible' });
  await screenshot('upload-selected');
  const { res, body } = await expectCall('POST', /^\/demo\/v4\/files$/,
    () => page.getByRole('button', { name: 'Upload', exact: true }).last().click(), 'upload');
  assert.equal(res.request().headers()['x-filerobot-key'], sassKey, 'the upload was not sent with the SASS key');
  assert.equal(body.file.name, UPLOAD_NAME);
  assert.equal(body.file.folder?.name, '/');
  uploadedUuid = body.file.uuid;
  await fileCard(UPLOAD_NAME).waitFor({ state: 'visible' });
  await screenshot('uploaded');
  const onServer = await filesIn('/');
  assert.ok(onServer.some((f) => f.uuid === uploadedUuid && f.name === UPLOAD_NAME), 'upload not stored on the server');
});

step('lists the uploaded file after a page reload', async () => {
  const listing = page.waitForResponse((r) => isApi(r, 'GET', /^\/demo\/v5\/files$/), { timeout: 30_000 });
  await page.reload({ waitUntil: 'domcontentloaded' });
  const res = await listing;
  const body = await res.json();
  assert.equal(res.status(), 200, JSON.stringify(body));
  assert.equal(minted.length, 2, 'the reload should have exchanged the template for a new key');
  assert.equal(res.request().headers()['x-filerobot-key'], minted[1], 'the listing after reload was not sent with the new SASS key');
  assert.ok(body.files.some((f) => f.uuid === uploadedUuid), `listing after reload lacks the upload: ${JSON.stringify(body.files.map((f) => f.name))}`);
  await fileCard(UPLOAD_NAME).waitFor({ state: 'visible' });
  await fileCard(SEED_FILE).waitFor({ state: 'visible' });
  await screenshot('listed-after-reload');
});

step('renames the file through the widget UI', async () => {
  await contextMenu(fileCard(UPLOAD_NAME), 'Rename');
  const input = page.locator(`input[data-file-name="${UPLOAD_NAME}"]`);
  await input.waitFor({ state: 'visible' });
  // The card being renamed is aria-disabled (selected), so Playwright's "enabled" check is skipped.
  await input.fill(RENAMED, { force: true });
  const { res, body } = await expectCall('PUT', new RegExp(`/file/${uploadedUuid}/name$`), () => input.press('Enter'), 'rename');
  assert.equal(res.request().headers()['x-filerobot-key'], sassKey);
  assert.equal(body.file.name, RENAMED);
  await fileCard(RENAMED).waitFor({ state: 'visible' });
  await fileCard(UPLOAD_NAME).waitFor({ state: 'detached' });
  await screenshot('renamed');
  const onServer = await filesIn('/');
  assert.ok(onServer.some((f) => f.uuid === uploadedUuid && f.name === RENAMED), 'rename not stored on the server');
});

step(`moves the file into /${SEED_FOLDER} through the widget UI`, async () => {
  await contextMenu(fileCard(RENAMED), 'Move to');
  const modal = openModal();
  await modal.getByText('Move item(s) to').waitFor({ state: 'visible' });
  await modal.locator('input[type=text]').first().fill(SEED_FOLDER);
  await page.getByText(`/${SEED_FOLDER}`, { exact: true }).click();
  await screenshot('move-dialog');
  const { res, body } = await expectCall('POST', /^\/demo\/v5\/(files|files\/move)$/,
    () => modal.locator('[data-testid=modal-primary-button]').click(), 'move');
  assert.equal(res.request().headers()['x-filerobot-key'], sassKey);
  assert.deepEqual(body.files.map((f) => f.uuid), [uploadedUuid]);
  await fileCard(RENAMED).waitFor({ state: 'detached' });
  await screenshot('moved');
  assert.ok((await filesIn(`/${SEED_FOLDER}`)).some((f) => f.uuid === uploadedUuid), `file not in /${SEED_FOLDER} on the server`);
  assert.ok(!(await filesIn('/')).some((f) => f.uuid === uploadedUuid), 'file still in / on the server');
});

step('deletes the file through the widget UI', async () => {
  await expectCall('GET', /^\/demo\/v5\/files$/, () => folderCard(SEED_FOLDER).dblclick(), `open /${SEED_FOLDER}`);
  await contextMenu(fileCard(RENAMED), 'Delete');
  const modal = openModal();
  await modal.getByText(`"${RENAMED}"`, { exact: false }).waitFor({ state: 'visible' });
  await screenshot('delete-confirm');
  const { res } = await expectCall('DELETE', /^\/demo\/v5\/(files|file\/[0-9a-f-]+|files\/[0-9a-f-]+)$/,
    () => modal.locator('[data-testid=modal-primary-button]').click(), 'delete');
  assert.equal(res.request().headers()['x-filerobot-key'], sassKey);
  await fileCard(RENAMED).waitFor({ state: 'detached' });
  await screenshot('deleted');
  const details = await api('GET', `/v5/file/${uploadedUuid}`);
  assert.equal(details.status, 404, `the file still exists on the server: ${JSON.stringify(details.json)}`);
});

step(`downloads /${SEED_FOLDER} as a zip through the widget UI (file-archive)`, async () => {
  // a file inside the folder (an image: STORED in the zip, so its bytes appear as they are)
  const png = await h.makePng(8, 8, [200, 40, 40]);
  const form = new FormData();
  form.append('files[]', new Blob([png], { type: 'image/png' }), ZIPPED_FILE);
  const up = await fetch(`${server.url}/${TOKEN}/v4/files?folder=%2F${SEED_FOLDER}`, {
    method: 'POST', headers: { 'X-Filerobot-Key': apiKey }, body: form, signal: AbortSignal.timeout(10_000) });
  assert.equal(up.status, 200, await up.text());
  await expectCall('GET', /^\/demo\/v5\/files$/, () => page.getByText('Root', { exact: true }).click({ timeout: WAIT }), 'back to /');
  const zipped = page.waitForResponse((r) => isApi(r, 'GET', /^\/demo\/v5\/file-archive\/[0-9a-f]{32}$/)
    && !new URL(r.url()).searchParams.has('status_only'), { timeout: 30_000 });
  zipped.catch(() => {}); // awaited below
  const { res, body } = await expectCall('POST', /^\/demo\/v5\/file-archive$/,
    async () => {
      // the context menu's entry (the action bar of the selection also shows a "Download" button)
      const card = folderCard(SEED_FOLDER);
      await card.waitFor({ state: 'visible', timeout: WAIT });
      await card.click({ button: 'right', force: true, timeout: WAIT });
      await page.getByTestId('fmaw-explorer-context_menu_option_download_items').click({ timeout: WAIT });
    }, 'ask for the archive');
  assert.equal(res.request().headers()['x-filerobot-key'], sassKey);
  const sent = JSON.parse(res.request().postData());
  assert.equal(sent.folders_uuids.length, 1, `the widget sent ${res.request().postData()}`);
  assert.match(body.task_id, /^[0-9a-f]{32}$/);
  const zip = await zipped.catch(() => { throw new Error('the widget did not download the zip within 30 s'); });
  assert.equal(zip.status(), 200);
  assert.match(zip.headers()['content-type'], /^application\/zip/);
  const bytes = await zip.body();
  assert.equal(bytes.subarray(0, 4).toString('hex'), '504b0304', 'not a zip');
  assert.ok(bytes.includes(Buffer.from(`${SEED_FOLDER}/${ZIPPED_FILE}`)), 'the zip does not name the folder\'s file');
  assert.ok(bytes.includes(png), 'the zip does not carry the file\'s bytes');
  await screenshot('folder-zipped');
});

/**
 * Ctrl+click toggles an item in the selection (selections.slice.js); the context menu then acts on all
 * of it. The selection outlives a move, so an item already selected is left as it is.
 */
async function selectBoth(file, folder) {
  // A Ctrl+click is now and then lost in headless Chromium under load (see docs/widget-surface.md):
  // the action bar's count says whether both are in the selection; the clicks are tried up to 3 times.
  const bothSelected = page.locator('[data-testid=action-bar]', { hasText: /\b2\s*Selected/ });
  for (let attempt = 1; ; attempt++) {
    for (const card of [fileCard(file), folderCard(folder)]) {
      await card.waitFor({ state: 'visible', timeout: WAIT });
      const selected = await card.evaluate((e) => (e.closest('[aria-selected]') ?? e.querySelector('[aria-selected]'))?.getAttribute('aria-selected'));
      if (selected !== 'true') await card.click({ modifiers: ['Control'], force: true, timeout: WAIT });
    }
    try {
      await bothSelected.waitFor({ state: 'visible', timeout: 3000 });
      return;
    } catch (e) {
      if (attempt === 3) throw new Error(`${file} and ${folder} not both selected after 3 tries`);
    }
  }
}

let mixedSeedUuid = null;

step(`moves a mixed selection (a file and a folder) into /${SEED_FOLDER} through the widget UI`, async () => {
  await api('POST', '/v5/folders', { name: '/mixed' });
  mixedSeedUuid = (await filesIn('/')).find((f) => f.name === SEED_FILE).uuid;
  await expectCall('GET', /^\/demo\/v5\/files$/, () => page.getByText('Root', { exact: true }).click({ timeout: WAIT }), 'back to /');
  await selectBoth(SEED_FILE, 'mixed');
  await screenshot('mixed-selected');
  await contextMenu(folderCard('mixed'), 'Move to');
  const modal = openModal();
  await modal.getByText('Move item(s) to').waitFor({ state: 'visible' });
  await modal.locator('input[type=text]').first().fill(SEED_FOLDER);
  await page.getByText(`/${SEED_FOLDER}`, { exact: true }).click();
  const { res, body } = await expectCall('POST', /^\/demo\/v5\/objects\/move$/,
    () => modal.locator('[data-testid=modal-primary-button]').click(), 'move a mixed selection');
  assert.equal(res.request().headers()['x-filerobot-key'], sassKey);
  assert.deepEqual(body.files.map((f) => f.uuid), [mixedSeedUuid]);
  assert.deepEqual(body.folders.map((f) => f.path), [`/${SEED_FOLDER}/mixed`]);
  await fileCard(SEED_FILE).waitFor({ state: 'detached' });
  await folderCard('mixed').waitFor({ state: 'detached' });
  await screenshot('mixed-moved');
  assert.ok((await filesIn(`/${SEED_FOLDER}`)).some((f) => f.uuid === mixedSeedUuid), `${SEED_FILE} not in /${SEED_FOLDER} on the server`);
  assert.equal((await api('GET', `/v5/folders?folder=/${SEED_FOLDER}/mixed`)).status, 200, 'the folder did not move on the server');
});

step('deletes a mixed selection (a file and a folder) through the widget UI', async () => {
  await expectCall('GET', /^\/demo\/v5\/files$/, () => folderCard(SEED_FOLDER).dblclick(), `open /${SEED_FOLDER}`);
  await selectBoth(SEED_FILE, 'mixed');
  // the trash icon of the selection's action bar ("2 Selected"; ActionBar/SelectionMenu.js, the last icon
  // button before Download); a card's own menu acts on that card alone
  await page.locator('[data-testid=action-bar] button:not([data-testid])').filter({ hasNotText: /./ }).last().click({ timeout: WAIT });
  const modal = openModal();
  await modal.locator('[data-testid=modal-primary-button]').waitFor({ state: 'visible', timeout: WAIT });
  await screenshot('mixed-delete-confirm');
  const { res, body } = await expectCall('DELETE', /^\/demo\/v5\/objects$/,
    () => modal.locator('[data-testid=modal-primary-button]').click(), 'delete a mixed selection');
  assert.equal(res.request().headers()['x-filerobot-key'], sassKey);
  const sent = JSON.parse(res.request().postData());
  assert.deepEqual(sent.files_uuids, [mixedSeedUuid]);
  assert.equal(sent.folders_uuids.length, 1);
  assert.equal(body.action, 'objects_deleted');
  await fileCard(SEED_FILE).waitFor({ state: 'detached' });
  await folderCard('mixed').waitFor({ state: 'detached' });
  await screenshot('mixed-deleted');
  assert.equal((await api('GET', `/v5/file/${mixedSeedUuid}`)).status, 404, 'the file still exists on the server');
  assert.equal((await api('GET', `/v5/folders?folder=/${SEED_FOLDER}/mixed`)).status, 404, 'the folder still exists on the server');
});


/** Uploads a small PNG with the seeding API key into a folder; answers its uuid. */
async function seedPng(folder, name, rgb) {
  const form = new FormData();
  form.append('files[]', new Blob([await h.makePng(8, 8, rgb)], { type: 'image/png' }), name);
  const up = await fetch(`${server.url}/${TOKEN}/v4/files?folder=${encodeURIComponent(folder)}`, {
    method: 'POST', headers: { 'X-Filerobot-Key': apiKey }, body: form, signal: AbortSignal.timeout(10_000) });
  const body = await up.json();
  assert.equal(up.status, 200, JSON.stringify(body));
  return body.file.uuid;
}

const LABELLED = 'labelled.png';
const UNLABELLED = 'unlabelled.png';
const LABEL_NAME = 'E2E label';
let labelledUuid = null;

step('shows exactly the labelled file in the Labels view (labels=<sid>&recursive=1)', async () => {
  labelledUuid = await seedPng('/', LABELLED, [40, 160, 60]);
  await seedPng(`/${SEED_FOLDER}`, UNLABELLED, [160, 160, 40]);
  const created = await api('POST', '/v5/labels', { label: { name: LABEL_NAME, color: '#E55E58' } });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const sid = created.json.label.sid;
  const attached = await api('POST', `/v5/files/${labelledUuid}/labels`, { labels: [sid] });
  assert.equal(attached.status, 200, JSON.stringify(attached.json));
  // a reload: the widget fetches the labels once, when it starts
  const labels = page.waitForResponse((r) => isApi(r, 'GET', /^\/demo\/v5\/labels$/), { timeout: 30_000 });
  await page.reload({ waitUntil: 'domcontentloaded' });
  assert.ok((await (await labels).json()).labels.some((l) => l.sid === sid), 'the widget did not get the label');
  // the views menu (top left), then its Labels entry (the first "Labels" in the page: the menu comes
  // before the filter bar's "Labels" button)
  await page.getByTestId('view-menu-toggle-btn').click({ timeout: WAIT });
  await screenshot('views-menu');
  await page.getByText('Labels', { exact: true }).first().click({ timeout: WAIT });
  await screenshot('labels-view');
  const { res, body } = await expectCall('GET', /^\/demo\/v5\/files$/,
    () => page.getByText(LABEL_NAME, { exact: true }).first().click({ timeout: WAIT }), 'open the label');
  const q = new URL(res.url()).searchParams;
  assert.equal(q.get('labels')?.replace(/^#/, ''), sid.replace(/^#/, ''), `the widget asked ${res.url()}`);
  assert.equal(q.get('recursive'), '1');
  assert.deepEqual(body.files.map((f) => f.uuid), [labelledUuid]);
  await fileCard(LABELLED).waitFor({ state: 'visible' });
  assert.equal(await fileCard(UNLABELLED).count(), 0, 'the Labels view shows a file without the label');
  assert.equal(await fileCard(ZIPPED_FILE).count(), 0, 'the Labels view shows a file without the label');
  await screenshot('label-files');
});


const SHARE_PASSWORD = 'correct horse 42';

/** Turns a switch of the share dialog on: the innermost element holding both its label and its checkbox. */
async function switchOn(label) {
  await page.locator('div').filter({ has: page.getByText(label, { exact: true }) })
    .filter({ has: page.locator('input[type=checkbox]') }).last()
    .locator('input[type=checkbox]').check({ force: true, timeout: WAIT });
}

step('creates a password-protected share in the share dialog and opens it with its password', async () => {
  // The widget shows its Share entry only to a signed-in user or in dev mode (see widget-entry.js).
  const listing = page.waitForResponse((r) => isApi(r, 'GET', /^\/demo\/v5\/files$/), { timeout: 30_000 });
  await page.goto(`${pageUrl(web.url)}&dev=1`, { waitUntil: 'domcontentloaded' });
  await listing;
  const card = fileCard(LABELLED);
  await card.waitFor({ state: 'visible', timeout: WAIT });
  await card.click({ button: 'right', force: true, timeout: WAIT });
  await screenshot('share-context-menu');
  await page.getByText('Share', { exact: true }).first().hover({ timeout: WAIT });
  await page.getByText('Via Sharebox', { exact: true }).click({ timeout: WAIT });
  await page.getByText('Share settings', { exact: true }).click({ timeout: WAIT });
  await screenshot('share-dialog');
  await switchOn('Requires identification');
  await page.getByPlaceholder('Enter password').fill(SHARE_PASSWORD, { timeout: WAIT });
  await switchOn('Expiration date'); // its default: a date some days ahead, in the browser's zone
  await screenshot('share-dialog-filled');
  const { res, body } = await expectCall('POST', /^\/demo\/v5\/shares$/,
    () => page.getByRole('button', { name: 'Share', exact: true }).last().click({ timeout: WAIT }), 'create the share');
  assert.equal(res.request().headers()['x-filerobot-key'], sassKey);
  const sent = JSON.parse(res.request().postData());
  assert.equal(sent.auth?.pass, SHARE_PASSWORD, `the widget sent ${res.request().postData()}`);
  // the expiry: a date without an offset, in the zone the widget names (the browser's)
  assert.match(sent.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, `the widget sent ${res.request().postData()}`);
  assert.equal(sent.expires_tz, BROWSER_ZONE);
  const expiresLocal = await page.evaluate((s) => new Date(s).getTime(), sent.expires_at);
  assert.equal(new Date(body.share.expires_at).getTime(), expiresLocal, `expires_at answered ${body.share.expires_at}`);
  const { puid, uuid } = body.share;
  assert.equal(body.share.password_protected, true);
  assert.ok(!JSON.stringify(body).includes(SHARE_PASSWORD), 'the answer carries the password');
  // the link the dialog shows: {shareApiEndpoint}/{companyName}/{container}/{puid} (the vendor's share site)
  await page.getByText('Sharebox link has been generated').waitFor({ state: 'visible', timeout: WAIT });
  const link = await page.locator('.filerobot-Explorer-ShareDialog-body input').first().inputValue({ timeout: WAIT });
  assert.ok(link.endsWith(`/${TOKEN}/${puid}`), `the dialog shows ${link}`);
  await screenshot('share-created');

  // the server side: the share exists and never answers the password
  const stored = await api('GET', `/v5/share/${uuid}`);
  assert.equal(stored.status, 200, JSON.stringify(stored.json));
  assert.equal(stored.json.share.puid, puid);
  assert.equal(stored.json.share.password_protected, true);
  assert.equal(stored.json.share.expires_at, body.share.expires_at);
  assert.ok(!JSON.stringify(stored.json).includes(SHARE_PASSWORD), 'GET share/{uuid} carries the password');
  const anonymous = await fetch(`${server.url}/${TOKEN}/v4/share/${puid}`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).code, 'SHARE_PASSWORD_REQUIRED');

  // the share page (Assetgate's, at /{token}/s/{puid}) in a new browser page
  // a visitor of its own (its own cookies): a new browser context
  const visitor = await browser.newContext();
  const sharePage = await visitor.newPage();
  try {
    const first = await sharePage.goto(`${server.url}/${TOKEN}/s/${puid}`, { timeout: WAIT });
    assert.equal(first.status(), 401);
    const passwordInput = sharePage.locator('input[type=password][name=password]');
    await passwordInput.waitFor({ state: 'visible', timeout: WAIT });
    assert.equal(await sharePage.getByText(LABELLED).count(), 0, 'the page shows the file before the password');
    await passwordInput.fill('wrong password!');
    const [wrong] = await Promise.all([
      sharePage.waitForNavigation({ timeout: WAIT }),
      sharePage.getByRole('button', { name: 'Open' }).click({ timeout: WAIT }),
    ]);
    assert.equal(wrong.status(), 401);
    await sharePage.getByText('Wrong password.').waitFor({ state: 'visible', timeout: WAIT });
    assert.equal(await sharePage.getByText(LABELLED).count(), 0, 'a wrong password shows the file');
    await sharePage.screenshot({ path: path.join(h.SCREENSHOTS, 'share-page-wrong-password.png') });
    await passwordInput.fill(SHARE_PASSWORD);
    await Promise.all([
      sharePage.waitForURL(`${server.url}/${TOKEN}/s/${puid}`, { waitUntil: 'load', timeout: WAIT }),
      sharePage.getByRole('button', { name: 'Open' }).click({ timeout: WAIT }),
    ]);
    await sharePage.getByText(LABELLED).first().waitFor({ state: 'visible', timeout: WAIT });
    assert.equal(await sharePage.locator('input[type=password]').count(), 0, 'the page still asks for the password');
    await sharePage.screenshot({ path: path.join(h.SCREENSHOTS, 'share-page-opened.png') });
  } finally {
    await visitor.close();
  }
  await page.getByRole('button', { name: 'Done', exact: true }).click({ timeout: WAIT }).catch(() => {});
});


test('the API answered every widget call, preflights included', { timeout: STEP }, (t) => {
  if (failedStep) { t.skip(`earlier step failed: ${failedStep}`); return; }
  const apiCalls = traffic.calls.filter((c) => c.url.startsWith(server.url));
  const failures = apiCalls.filter((c) => c.status >= 400 || c.status === 0);
  const known = failures.filter((c) => KNOWN_GAPS.some((g) => g.re.test(new URL(c.url).pathname)));
  for (const g of KNOWN_GAPS) {
    const n = known.filter((c) => g.re.test(new URL(c.url).pathname)).length;
    if (n) t.diagnostic(`known gap, ${n} call(s): ${g.why}`);
  }
  const unexpected = failures.filter((c) => !known.includes(c)).map((c) => `${c.status} ${c.method} ${c.url}`);
  assert.deepEqual(unexpected, [], 'API calls that failed');
  // For a non-image file the widget shows the vendor's file-type icon (unreachable here) and then
  // falls back to the file's own CDN URL in an <img>; Chromium's ORB rightly refuses text/plain there.
  // (seed.txt is shown in / and, after the mixed move, in /archive)
  const iconFallback = (f) => f.error === 'net::ERR_BLOCKED_BY_ORB'
    && [`/${TOKEN}/cdn/${SEED_FILE}`, `/${TOKEN}/cdn/${SEED_FOLDER}/${SEED_FILE}`].includes(new URL(f.url).pathname);
  // net::ERR_ABORTED is the page cancelling a load itself (an <img> replaced while a thumbnail was on
  // its way); a refused cross-origin call fails with net::ERR_FAILED or ERR_BLOCKED_BY_*, never that.
  const cancelledByThePage = (f) => f.error === 'net::ERR_ABORTED';
  const blocked = traffic.failed.filter((f) => f.url.startsWith(server.url) && !iconFallback(f) && !cancelledByThePage(f));
  assert.deepEqual(blocked.map((f) => `${f.method} ${f.url} ${f.error}`), [], 'API calls the browser blocked (CORS?)');
  t.diagnostic(`${apiCalls.length} API responses checked`);
});
