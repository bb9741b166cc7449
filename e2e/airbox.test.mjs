// End-to-end: Airboxes (issue 19 item 7, docs/airboxes.md) in headless Chromium against a real
// Assetgate server. The console's Airboxes screen (create once on a double click, a mistake shown,
// edit, delete, copy link) and the public upload page at a phone's width: a wrong password refused
// on the page, unlocked with the right one, the form filled, files sent with a progress bar, the
// success said, and a refusal (a type the Airbox does not take) shown; every effect checked through
// the API and axe-core on each screen.
//
// Run: node --test e2e/airbox.test.mjs (run.sh runs it). Screenshots: e2e/screenshots/airbox-*.png.
// E2E_CLUSTER=1: the catalog in the local PostgreSQL and the counters in Redis, as console-assets.test.mjs.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';
import { consoleSuite, signIn, request, requestOk, WAIT } from './console-kit.mjs';

const TOKEN = 'demo';
const STEP = 90_000;

let server, browser, context, page, phone, adminKey;
const problems = [];
const { cleanups, screenshot, step, axe } = consoleSuite({ prefix: 'airbox', page: () => page, stepTimeout: STEP, minutes: 5 });

const api = (method, p, body) => requestOk(server.url, adminKey, method, p, body, 30_000);
const v4 = (p) => `/${TOKEN}/v4${p}`;

async function rendered(action, pageName) {
  await page.evaluate(() => { delete document.getElementById('main').dataset.ready; });
  await action();
  await page.waitForFunction((p) => document.getElementById('main').dataset.ready === p, pageName, { timeout: WAIT });
}

const row = (title) => page.locator(`#airboxes-table tr[data-title="${title}"]`);

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  await h.ensureJar();
  const { env } = await h.clusterEnv('airbox', cleanups);
  server = await h.startAssetgate({ token: TOKEN, permissions: ['OBJECTS_LIST'], logFile: path.join(h.SCREENSHOTS, 'airbox-server.log'), env });
  cleanups.push(server.stop);
  adminKey = (await h.run('java', ['-jar', h.JAR, 'key', 'create', '--company', '--permissions', 'all', '--description', 'airboxes',
    '--data-dir', server.dataDir], { env: h.serverEnv(env) })).trim().split('\n').pop().trim();
  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close());
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  cleanups.push(() => context.close());
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
});

step('console: an Airbox created once on a double click, a bad folder shown, edited', async () => {
  await signIn(page, server.url, adminKey);
  problems.length = 0;
  await rendered(() => page.locator('#nav').getByRole('link', { name: 'Airboxes', exact: true }).click(), 'airboxes');
  await page.getByRole('button', { name: 'New Airbox' }).click();
  let form = page.locator('#airbox-form');
  await form.getByLabel('Title').fill('Press photos');
  await form.getByLabel('Folder').fill('inbox'); // not absolute: refused
  await form.getByRole('button', { name: 'Create Airbox' }).click();
  await page.locator('#airbox-form .form-error, #airbox-form .field-error').filter({ hasText: /\S/ }).first().waitFor();
  assert.equal((await api('GET', v4('/airboxes'))).airboxes.length, 0, 'a refused Airbox is not created');
  await form.getByLabel('Folder').fill('/press/inbox');
  await form.getByLabel('Message for uploaders (optional)').fill('Photos of the launch, please.');
  await form.getByLabel('Password (optional)').fill('launch-2026');
  await form.getByLabel('Allowed types (optional)').fill('image/png, text/plain');
  await form.getByLabel('Most files (optional)').fill('10');
  await form.getByLabel('Form fields (optional)').fill('photographer, Your name, text, required\nemail, Email, email');
  await rendered(() => form.getByRole('button', { name: 'Create Airbox', exact: true }).dblclick(), 'airboxes');
  let { airboxes } = await api('GET', v4('/airboxes'));
  assert.equal(airboxes.length, 1, 'one Airbox from a double click');
  const box = airboxes[0];
  assert.deepEqual([box.folder, box.password_protected, box.max_files, box.allowed_types, box.form.map((f) => [f.key, f.required])],
    ['/press/inbox', true, 10, ['image/png', 'text/plain'], [['photographer', true], ['email', false]]]);
  assert.equal(await row('Press photos').getByRole('link', { name: 'Open page' }).getAttribute('href'), box.airbox_uri);
  await axe('Airboxes');
  await screenshot('console');

  await row('Press photos').getByRole('button', { name: 'Edit' }).click();
  form = page.locator('#airbox-form');
  await form.getByLabel('Most files (optional)').fill('12');
  await rendered(() => form.getByRole('button', { name: 'Save Airbox' }).click(), 'airboxes');
  ({ airboxes } = await api('GET', v4('/airboxes')));
  assert.deepEqual([airboxes[0].max_files, airboxes[0].password_protected], [12, true], 'the password is kept when left empty');
});

step('public page at phone width: wrong password refused, unlocked, form filled, progress, success', async () => {
  const { airboxes } = await api('GET', v4('/airboxes'));
  phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  cleanups.push(() => phone.close());
  const p = await phone.newPage();
  p.setDefaultTimeout(WAIT);
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await p.goto(airboxes[0].airbox_uri, { waitUntil: 'domcontentloaded' });
  await p.getByRole('heading', { name: 'Press photos' }).waitFor();
  assert.equal(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scroll on a phone');
  await p.getByLabel('Password').fill('not the password');
  await p.getByRole('button', { name: 'Unlock' }).click();
  await p.getByRole('status').filter({ hasText: 'AIRBOX_PASSWORD_INVALID' }).waitFor();
  await p.getByLabel('Password').fill('launch-2026');
  await p.getByRole('button', { name: 'Unlock' }).click();
  await p.getByRole('status').filter({ hasText: 'Unlocked' }).waitFor();
  page = p; // axe and screenshots on the public page
  await axe('the Airbox page');

  // a required field left empty: the browser's own check keeps the form from being sent
  await p.getByLabel('Your name').fill('Ann Lee');
  await p.getByLabel('Email').fill('ann@example.com');
  const big = Buffer.alloc(3_000_000, 'a'); // large enough for the progress bar to move
  await p.getByLabel('Files').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: big }]);
  await p.getByRole('button', { name: 'Upload' }).click();
  await p.locator('#progress:not([hidden])').waitFor({ state: 'attached' });
  await p.getByRole('status').filter({ hasText: 'Thank you: 1 file received.' }).waitFor();
  assert.equal(await p.locator('#progress').evaluate((e) => e.value), 100);
  await screenshot('page-success');
  const listing = await api('GET', v4('/files?folder=/press/inbox'));
  assert.equal(listing.files.length, 1);
  assert.match(listing.files[0].name, /^notes-[0-9a-f]{12}\.txt$/);
  assert.deepEqual(listing.files[0].meta, { photographer: 'Ann Lee', email: 'ann@example.com' });

  // a refusal is shown: HTML is not a type this Airbox takes
  await p.getByLabel('Your name').fill('Ann Lee');
  await p.getByLabel('Files').setInputFiles([{ name: 'page.png', mimeType: 'image/png', buffer: Buffer.from('<html><body>hi</body></html>') }]);
  await p.getByRole('button', { name: 'Upload' }).click();
  await p.getByRole('status').filter({ hasText: 'FILE_TYPE_NOT_ALLOWED' }).waitFor();
  assert.equal((await api('GET', v4('/files?folder=/press/inbox'))).files.length, 1, 'nothing stored');
  await axe('the Airbox page with a refusal');
  await screenshot('page-refused');
  assert.deepEqual(problems.filter((x) => !x.includes('status of 4')), [], 'no script error on the page');
});

step('console: the Airbox deleted; its page answers 404', async () => {
  page = await context.pages()[0];
  const { airboxes } = await api('GET', v4('/airboxes'));
  await row('Press photos').getByRole('button', { name: 'Delete' }).click();
  await rendered(() => page.locator('dialog.dialog').getByRole('button', { name: 'Delete', exact: true }).click(), 'airboxes');
  assert.equal((await api('GET', v4('/airboxes'))).airboxes.length, 0);
  const gone = await fetch(airboxes[0].airbox_uri);
  assert.equal(gone.status, 404);
  assert.equal((await request(server.url, null, 'GET', `/${TOKEN}/v4/airbox/${airboxes[0].puid}`)).status, 404);
});
