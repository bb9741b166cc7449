// End-to-end: the console's asset browser (issue 18) in headless Chromium against a real Assetgate server.
// Seeded through the API (a 1600 × 1200 photo, a folder of 505 files, a label), then driven as a DAM
// admin would: thumbnails in a grid (never the original), a list view, the preview with dimensions,
// search with q=, paging with a total, a real drop of a file with progress, a selection moved, deleted,
// downloaded as a ZIP, made not public and labelled, the open folder renamed, moved and deleted, the
// grid at 390 px, and axe-core on the screen. Every effect is checked on the server through the API.
//
// Run: node --test e2e/console-assets.test.mjs (run.sh runs it). Screenshots: e2e/screenshots/assets-*.png.
// E2E_CLUSTER=1: the server keeps its catalog in the local PostgreSQL (database test, a schema of its
// own, dropped afterwards) and its counters in the local Redis, as the Maven suite's cluster configuration.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';
import { consoleSuite, signIn, requestOk, WAIT } from './console-kit.mjs';

const TOKEN = 'demo';
const STEP = 90_000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const BULK = 505; // more than the console's page (100) and than the old fixed limit (500)
const PHOTO = 'harbour-1600.png';
const SUNSET = 'beach-sunset.png';

let server, browser, context, page, traffic, adminKey, workDir, labelId;
let clusterSchema = null; // with E2E_CLUSTER=1, the PostgreSQL schema of the catalog
const problems = [];
const images = []; // every image URL the page requested
const { cleanups, screenshot, step, failedStep, axe } = consoleSuite({ prefix: 'assets', page: () => page, stepTimeout: STEP, minutes: 6 });

const api = (method, p, body) => requestOk(server.url, adminKey, method, p, body, 30_000);

async function uploadFiles(folder, files) {
  const form = new FormData();
  for (const [name, bytes, type] of files) form.append('files[]', new Blob([bytes], { type }), name);
  const r = await fetch(`${server.url}/${TOKEN}/v5/files?folder=${encodeURIComponent(folder)}`, {
    method: 'POST', headers: { 'X-Filerobot-Key': adminKey }, body: form, signal: AbortSignal.timeout(60_000) });
  assert.ok(r.ok, `upload to ${folder}: ${r.status} ${await r.text()}`);
}

const listing = async (folder, extra = '') => api('GET', `/${TOKEN}/v5/files?folder=${encodeURIComponent(folder)}&limit=5000${extra}`);
const byName = async (folder, name) => (await listing(folder)).files.find((f) => f.name === name);
const status = () => page.locator('#status');
const fileItem = (name) => page.locator(`#file-list li[data-name="${name}"]`);

/** Waits until the Assets page has rendered again after an action (main[data-ready] goes away and back). */
async function rendered(action) {
  await page.evaluate(() => { delete document.getElementById('main').dataset.ready; });
  await action();
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'assets', null, { timeout: WAIT });
}

async function openFolder(folder) {
  await rendered(() => page.locator(`nav.tree button.folder[data-path="${folder}"]`).click());
  assert.equal(await page.locator('#current-folder').textContent(), folder);
}

async function answer(dialogValue, submit) {
  const dialog = page.locator('dialog.dialog');
  await dialog.locator('input').fill(dialogValue);
  await rendered(() => dialog.getByRole('button', { name: submit, exact: true }).click());
}

async function pick(...names) {
  for (const n of names) await page.getByRole('checkbox', { name: `Select ${n}`, exact: true }).check();
  await page.locator('#selection-count', { hasText: `${names.length} selected` }).waitFor();
}

async function unpickAll() {
  const all = page.getByLabel('Select all on this page');
  await all.check();
  await all.uncheck();
  await page.locator('#selection-count', { hasText: 'None selected' }).waitFor();
}

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-assets-e2e-'));
  cleanups.push(async () => fs.rmSync(workDir, { recursive: true, force: true }));
  await h.ensureJar();
  const { env, schema } = await h.clusterEnv('assets', cleanups);
  clusterSchema = schema;
  server = await h.startAssetgate({ token: TOKEN, permissions: ['OBJECTS_LIST'], logFile: path.join(h.SCREENSHOTS, 'assets-server.log'), env });
  cleanups.push(server.stop);
  adminKey = (await h.run('java', ['-jar', h.JAR, 'key', 'create', '--company', '--permissions', 'all', '--description', 'assets admin',
    '--data-dir', server.dataDir], { env: h.serverEnv(env) })).trim().split('\n').pop().trim();

  await uploadFiles('/photos', [[PHOTO, await h.makePng(1600, 1200, [30, 110, 170]), 'image/png'],
    [SUNSET, await h.makePng(300, 200, [230, 120, 40]), 'image/png']]);
  for (let start = 0; start < BULK; start += 101) {
    const batch = [];
    for (let i = start; i < Math.min(BULK, start + 101); i++) batch.push([`note-${String(i).padStart(3, '0')}.txt`, `note ${i}\n`, 'text/plain']);
    await uploadFiles('/bulk', batch);
  }
  labelId = (await api('POST', `/${TOKEN}/v5/labels`, { label: { name: 'Urgent', color: '#E55E58' } })).label.uuid;
  if (clusterSchema) { // the files are really in PostgreSQL
    const rows = await h.run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-Atc', `SELECT count(*) FROM ${clusterSchema}.files`]);
    assert.equal(Number(rows.trim()), BULK + 2);
  }

  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close());
  context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  traffic = h.recordTraffic(page, path.join(h.SCREENSHOTS, 'assets-browser.log'), server.url);
  cleanups.push(() => traffic.close(), () => context.close());
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('request', (r) => { if (r.resourceType() === 'image') images.push(r.url()); });
});

step('signs in and opens Assets', async () => {
  await signIn(page, server.url, adminKey);
  // Before signing in, the console's GET /admin/v1/session is answered 401 (no session yet), which Chromium logs.
  assert.deepEqual(problems, ['console.error: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  problems.length = 0;
  await rendered(() => page.locator('#nav').getByRole('link', { name: 'Assets', exact: true }).click());
});

step('grid: real thumbnails made by the server, never the original', async () => {
  await openFolder('/photos');
  assert.match(await page.locator('#file-list').getAttribute('class'), /files-grid/);
  await page.waitForFunction((n) => {
    const img = document.querySelector(`#file-list li[data-name="${n}"] img`);
    return img && img.complete && img.naturalWidth > 0;
  }, PHOTO);
  const [w, ht] = await fileItem(PHOTO).locator('img').evaluate((img) => [img.naturalWidth, img.naturalHeight]);
  assert.ok(w === 250 && Math.abs(ht - 187.5) < 1, `the thumbnail is ${w} × ${ht}, not the server's 250 × 250 bound of 1600 × 1200`);
  const photo = await byName('/photos', PHOTO);
  const mine = images.filter((u) => u.includes(photo.uuid) || u.includes(`/${PHOTO}`)); // permalink or url.cdn
  assert.ok(mine.length && mine.every((u) => /[?&]w=250\b/.test(u)), `an untransformed image was requested: ${mine}`);
  await screenshot('grid');
});

step('list view toggle', async () => {
  await rendered(() => page.getByRole('button', { name: 'List', exact: true }).click());
  assert.match(await page.locator('#file-list').getAttribute('class'), /files-list/);
  assert.equal(await page.getByRole('button', { name: 'List', exact: true }).getAttribute('aria-pressed'), 'true');
  await fileItem(PHOTO).waitFor();
  await screenshot('list');
  await rendered(() => page.getByRole('button', { name: 'Grid', exact: true }).click());
  assert.match(await page.locator('#file-list').getAttribute('class'), /files-grid/);
});

step('preview: the server\'s 1000 px image, dimensions, type, size, dates', async () => {
  await fileItem(PHOTO).getByRole('button', { name: `Details of ${PHOTO}` }).click();
  const box = page.locator('#file-details');
  await page.waitForFunction(() => {
    const img = document.getElementById('file-preview');
    return img && img.complete && img.naturalWidth > 0;
  });
  assert.deepEqual(await page.locator('#file-preview').evaluate((i) => [i.naturalWidth, i.naturalHeight]), [1000, 750]);
  assert.equal((await page.locator('#file-dimensions').textContent()).trim(), '1600 × 1200 px · landscape');
  assert.equal(await page.locator('#file-type').textContent(), 'image/png');
  const photo = await byName('/photos', PHOTO);
  assert.match(await page.locator('#file-size').textContent(), new RegExp(`\\(${photo.size.bytes} bytes\\)`));
  assert.equal(await box.locator('time').first().getAttribute('datetime'), photo.created_at);
  await screenshot('preview');
  await page.keyboard.press('Escape');
  await box.waitFor({ state: 'hidden' });
});

step('search: q= over the folder and below, with a total', async () => {
  await openFolder('/');
  await page.getByRole('searchbox', { name: 'Search files' }).fill('sunset');
  await rendered(() => page.getByRole('button', { name: 'Search', exact: true }).click());
  const names = await page.locator('#file-list li').evaluateAll((els) => els.map((e) => e.dataset.name));
  assert.deepEqual(names, [SUNSET]);
  assert.match(await page.locator('#file-total').textContent(), /^1 file match “sunset” in \/ and below/);
  await page.getByRole('searchbox', { name: 'Search files' }).fill('ext:txt note-50');
  await rendered(() => page.getByRole('button', { name: 'Search', exact: true }).click());
  assert.equal(await page.locator('#file-list li').count(), 5); // note-500 … note-504
  await screenshot('search');
  await rendered(() => page.getByRole('button', { name: 'Clear search', exact: true }).click());
  assert.equal(await page.getByRole('searchbox', { name: 'Search files' }).inputValue(), '');
});

step(`paging: a folder of ${BULK} files shows its total and every page`, async () => {
  await openFolder('/bulk');
  assert.match(await page.locator('#file-total').textContent(), new RegExp(`^1–100 of ${BULK} files in /bulk`));
  assert.equal(await page.locator('#file-page').textContent(), 'Page 1 of 6');
  assert.equal(await page.locator('#file-list li').count(), 100);
  for (let n = 2; n <= 6; n++) {
    await rendered(() => page.getByRole('button', { name: 'Next page' }).click());
    assert.equal(await page.locator('#file-page').textContent(), `Page ${n} of 6`);
  }
  assert.match(await page.locator('#file-total').textContent(), new RegExp(`^501–505 of ${BULK}`));
  assert.deepEqual(await page.locator('#file-list li').evaluateAll((els) => els.map((e) => e.dataset.name)),
    ['note-500.txt', 'note-501.txt', 'note-502.txt', 'note-503.txt', 'note-504.txt']);
  assert.ok(await page.getByRole('button', { name: 'Next page' }).isDisabled());
  await screenshot('paging');
  await rendered(() => page.getByRole('button', { name: 'Previous page' }).click());
  assert.equal(await page.locator('#file-page').textContent(), 'Page 5 of 6');
});

step('drag-and-drop upload with progress', async () => {
  await openFolder('/photos');
  const png = (await h.makePng(640, 480, [90, 160, 60])).toString('base64');
  // Records every value the progress bar takes, then drops a real File through a DataTransfer.
  await rendered(() => page.evaluate(({ b64 }) => {
    window.seenProgress = [];
    new MutationObserver((records) => {
      for (const r of records) if (r.target.id === 'upload-progress' && !r.target.hidden) window.seenProgress.push(Number(r.target.value));
    }).observe(document.getElementById('main'), { subtree: true, attributes: true, attributeFilter: ['value', 'hidden'] });
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    const zone = document.getElementById('drop-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { b64: png }));
  await fileItem('dropped.png').waitFor();
  const seen = await page.evaluate(() => window.seenProgress);
  assert.ok(seen.length >= 2 && seen[0] === 0 && seen.at(-1) === 100, `progress seen: ${seen}`);
  const stored = await byName('/photos', 'dropped.png');
  assert.ok(stored, 'the dropped file is not on the server');
  assert.equal(stored.info.img_w, 640);
  await page.locator('#status', { hasText: '1 file(s) uploaded.' }).waitFor();
});

step('selection: download as ZIP (archives API)', async () => {
  await pick(PHOTO, SUNSET);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }),
    page.getByRole('button', { name: 'Download ZIP' }).click()]);
  const file = path.join(workDir, 'selection.zip');
  await download.saveAs(file);
  const zip = fs.readFileSync(file);
  assert.equal(zip.subarray(0, 2).toString(), 'PK');
  for (const n of [PHOTO, SUNSET]) assert.ok(zip.includes(Buffer.from(n)), `${n} not in the ZIP`);
  assert.ok(!zip.includes(Buffer.from('dropped.png')), 'an unselected file is in the ZIP');
  await page.locator('#selection-count', { hasText: 'ZIP of 2 file(s) downloaded.' }).waitFor();
});

step('selection: visibility and labels', async () => {
  await unpickAll();
  await pick(SUNSET);
  await page.getByLabel('Visibility for the selection').selectOption('not_public');
  await rendered(() => page.getByRole('button', { name: 'Set visibility' }).click());
  assert.equal((await byName('/photos', SUNSET)).visibility.in_cdn.actual, 'not_public');
  assert.equal((await byName('/photos', PHOTO)).visibility.in_cdn.actual, 'public', 'an unselected file changed');
  await fileItem(SUNSET).getByText('not public').waitFor();

  await pick(SUNSET, 'dropped.png');
  await page.getByLabel('Label for the selection').selectOption(labelId);
  await rendered(() => page.getByRole('button', { name: 'Add label' }).click());
  const labelled = (await listing('/photos', `&label=${labelId}`)).files.map((f) => f.name).sort();
  assert.deepEqual(labelled, ['beach-sunset.png', 'dropped.png']);
  await fileItem(SUNSET).locator('.badge', { hasText: 'Urgent' }).waitFor();
  assert.equal(await fileItem(PHOTO).locator('.badge', { hasText: 'Urgent' }).count(), 0);
  await screenshot('selection');
});

step('selection: move and delete several files at once', async () => {
  await openFolder('/bulk');
  await pick('note-000.txt', 'note-001.txt');
  await page.getByRole('button', { name: 'Move…' }).click();
  await answer('/moved', 'Move');
  assert.deepEqual((await listing('/moved')).files.map((f) => f.name).sort(), ['note-000.txt', 'note-001.txt']);
  assert.equal((await listing('/bulk')).info.total_files_count, BULK - 2);

  // The last page (501–503 of 503) deleted whole: the console shows the page before it, not an empty one.
  for (let n = 2; n <= 6; n++) await rendered(() => page.getByRole('button', { name: 'Next page' }).click());
  assert.match(await page.locator('#file-total').textContent(), new RegExp(`^501–503 of ${BULK - 2}`));
  await page.getByLabel('Select all on this page').check();
  await page.locator('#selection-count', { hasText: '3 selected' }).waitFor();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await rendered(() => page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click());
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'assets' && document.getElementById('file-page'));
  assert.equal((await listing('/bulk')).info.total_files_count, BULK - 5);
  assert.equal(await page.locator('#file-page').textContent(), 'Page 5 of 5');
  assert.match(await page.locator('#file-total').textContent(), new RegExp(`^401–500 of ${BULK - 5} files`));
  for (const n of ['note-502.txt', 'note-503.txt', 'note-504.txt']) assert.ok(!(await byName('/bulk', n)), `${n} is still there`);
});

step('folder: rename, move and delete the open folder', async () => {
  await openFolder('/moved');
  await page.getByRole('button', { name: 'Rename folder' }).click();
  await answer('archive', 'Rename');
  assert.equal(await page.locator('#current-folder').textContent(), '/archive');
  const folders = async () => (await api('GET', `/${TOKEN}/v5/folders?folder=/&recursive=1`)).folders.map((f) => f.path).sort();
  assert.ok((await folders()).includes('/archive') && !(await folders()).includes('/moved'));
  assert.equal((await listing('/archive')).files.length, 2, 'the files did not follow the folder');

  // Refused by the server (a folder cannot move into itself): the message is shown, nothing changes.
  await page.getByRole('button', { name: 'Move folder' }).click();
  await page.locator('dialog.dialog input').fill('/archive/inner');
  await page.locator('dialog.dialog').getByRole('button', { name: 'Move', exact: true }).click();
  await page.locator('#status.status-error').waitFor();
  assert.match(await status().textContent(), /\(INVALID_PARAMETER\)|into itself/i);
  assert.equal(await page.locator('#current-folder').textContent(), '/archive');
  assert.ok((await folders()).includes('/archive') && !(await folders()).includes('/archive/inner/archive'));
  assert.ok(await page.getByRole('button', { name: 'Move folder' }).isEnabled(), 'the folder controls stay disabled after a refusal');
  // Chromium logs the refused call; it is the only error answer this run expects after signing in.
  assert.deepEqual(problems.splice(0), ['console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)']);

  await page.getByRole('button', { name: 'Move folder' }).click();
  await answer('/photos', 'Move');
  assert.equal(await page.locator('#current-folder').textContent(), '/photos/archive');
  assert.ok((await folders()).includes('/photos/archive'));
  await fileItem('note-000.txt').waitFor();

  await page.getByRole('button', { name: 'Delete folder' }).click();
  await rendered(() => page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click());
  assert.equal(await page.locator('#current-folder').textContent(), '/photos');
  assert.ok(!(await folders()).includes('/photos/archive'));
  assert.equal(await page.locator('nav.tree button.folder[data-path="/photos/archive"]').count(), 0);
});

step('axe-core: no serious issue on the Assets screen (grid, selection, pager, preview)', async () => {
  await openFolder('/bulk');
  await pick('note-005.txt');
  await fileItem('note-005.txt').getByRole('button', { name: 'Details of note-005.txt' }).click();
  await page.locator('#file-sha1').waitFor();
  await axe('Assets, grid, with the details drawer');
  await page.getByRole('button', { name: 'Close details' }).click();
  await page.locator('#file-details').waitFor({ state: 'hidden' });
  await rendered(() => page.getByRole('button', { name: 'List', exact: true }).click());
  await axe('Assets, list');
  await rendered(() => page.getByRole('button', { name: 'Grid', exact: true }).click());
});

step('phone: the grid works at 390 px', async () => {
  await page.setViewportSize(PHONE);
  await openFolder('/photos');
  await fileItem(PHOTO).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone screen`);
  const columns = await page.locator('#file-list').evaluate((ul) => getComputedStyle(ul).gridTemplateColumns.split(' ').length);
  assert.equal(columns, 2);
  const box = await fileItem(PHOTO).boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `a card is off screen: ${JSON.stringify(box)}`);
  await axe('Assets at 390 px');
  await screenshot('phone', { fullPage: true });
  await page.setViewportSize(DESKTOP);
});

test('the asset browser ran without script errors or CSP violations', { timeout: STEP }, (t) => {
  if (failedStep()) { t.skip(`earlier step failed: ${failedStep()}`); return; }
  assert.deepEqual(problems, []);
});
