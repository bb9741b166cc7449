// End-to-end: the console's admin screens (issue 18) in headless Chromium against a real Assetgate
// server: project settings and default visibility, labels, collections, shares (link, password,
// expiry, uses), the metadata model and approvals. Each is driven as an admin would (create with a
// double click, a mistake shown at its field, edit, delete), every effect is checked through the API,
// and axe-core checks each screen.
//
// Run: node --test e2e/console-admin.test.mjs (run.sh runs it). Screenshots: e2e/screenshots/admin-*.png.
// E2E_CLUSTER=1: the catalog in the local PostgreSQL and the counters in Redis, as console-assets.test.mjs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';
import { consoleSuite, signIn, request, requestOk, WAIT } from './console-kit.mjs';

const TOKEN = 'demo';
const STEP = 90_000;

let server, browser, context, page, adminKey;
const problems = [];
const { cleanups, screenshot, step, axe } = consoleSuite({ prefix: 'admin', page: () => page, stepTimeout: STEP, minutes: 5 });

const call = (method, p, body, key = adminKey) => request(server.url, key, method, p, body, 30_000);
const api = (method, p, body) => requestOk(server.url, adminKey, method, p, body, 30_000);

const v5 = (p) => `/${TOKEN}/v5${p}`;

/** Waits until the page has rendered again after `action` (main[data-ready] goes away and comes back). */
async function rendered(action, pageName) {
  await page.evaluate(() => { delete document.getElementById('main').dataset.ready; });
  await action();
  await page.waitForFunction((p) => document.getElementById('main').dataset.ready === p, pageName, { timeout: WAIT });
}

async function go(title, pageName) {
  await rendered(() => page.locator('#nav').getByRole('link', { name: title, exact: true }).click(), pageName);
}

/** A double click on the form's submit button: the console must send one request. */
async function doubleSubmit(form, name, pageName) {
  await rendered(() => form.getByRole('button', { name, exact: true }).dblclick(), pageName);
}

const row = (table, attr, value) => page.locator(`#${table} tr[${attr}="${value}"]`);

async function confirm(button) {
  await page.locator('dialog.dialog').getByRole('button', { name: button, exact: true }).click();
}

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  await h.ensureJar();
  const { env } = await h.clusterEnv('admin', cleanups);
  server = await h.startAssetgate({ token: TOKEN, permissions: ['OBJECTS_LIST'], logFile: path.join(h.SCREENSHOTS, 'admin-server.log'), env });
  cleanups.push(server.stop);
  adminKey = (await h.run('java', ['-jar', h.JAR, 'key', 'create', '--company', '--permissions', 'all', '--description', 'admin screens',
    '--data-dir', server.dataDir], { env: h.serverEnv(env) })).trim().split('\n').pop().trim();
  const form = new FormData();
  form.append('files[]', new Blob(['poster\n'], { type: 'text/plain' }), 'poster.txt');
  form.append('files[]', new Blob(['flyer\n'], { type: 'text/plain' }), 'flyer.txt');
  const up = await fetch(`${server.url}${v5('/files?folder=/press')}`, { method: 'POST', headers: { 'X-Filerobot-Key': adminKey }, body: form });
  assert.ok(up.ok, `upload: ${up.status}`);

  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close());
  // A zone away from UTC: the share's expiry is typed in it and must reach the server as the same instant.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Kolkata' });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  cleanups.push(() => context.close());
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
});

step('signs in', async () => {
  await signIn(page, server.url, adminKey);
  problems.length = 0; // the 401 of GET /admin/v1/session before signing in
});

step('project settings: name and default visibility saved; an empty name refused at its field', async () => {
  await go('Settings', 'settings');
  const form = page.locator('#settings-form');
  await form.getByLabel('Name').fill('Demo shop');
  await form.getByLabel('Default visibility on the CDN').selectOption('not_public');
  await doubleSubmit(form, 'Save settings', 'settings');
  let { project } = await api('GET', `/admin/v1/projects/${TOKEN}`);
  assert.equal(project.name, 'Demo shop');
  assert.deepEqual([project.default_visibility, project.default_visibility_source], ['not_public', 'project']);
  assert.equal(await page.locator('#project-picker option:checked').textContent(), `Demo shop (${TOKEN})`);
  // the files follow: /press inherits the project's default
  const listing = await api('GET', v5('/files?folder=/press'));
  assert.ok(listing.files.every((f) => f.visibility.in_cdn.actual === 'not_public'));
  await axe('Project settings');

  await page.locator('#settings-form').getByLabel('Name').fill('');
  await page.locator('#settings-form').getByRole('button', { name: 'Save settings' }).click();
  await page.locator('#settings-form .form-error, #settings-form .field-error').filter({ hasText: /\S/ }).first().waitFor();
  ({ project } = await api('GET', `/admin/v1/projects/${TOKEN}`));
  assert.equal(project.name, 'Demo shop', 'a refused save changed nothing');

  await page.locator('#settings-form').getByLabel('Default visibility on the CDN').selectOption('server');
  await page.locator('#settings-form').getByLabel('Name').fill('Demo shop');
  await rendered(() => page.locator('#settings-form').getByRole('button', { name: 'Save settings' }).click(), 'settings');
  ({ project } = await api('GET', `/admin/v1/projects/${TOKEN}`));
  assert.equal(project.default_visibility_source, 'server');
});

step('labels: created once on a double click, a bad colour shown at its field, edited, deleted', async () => {
  await go('Labels and collections', 'library');
  await page.getByRole('button', { name: 'New label' }).click();
  let form = page.locator('#label-form');
  await form.getByLabel('Name').fill('Urgent');
  await form.getByLabel('Colour').fill('red');
  await form.getByRole('button', { name: 'Create label' }).click();
  const colourError = form.locator('[data-error-for="color"]');
  await colourError.filter({ hasText: /\S/ }).waitFor();
  assert.equal(await form.getByLabel('Colour').getAttribute('aria-invalid'), 'true');
  assert.equal((await api('GET', v5('/labels'))).labels.length, 0, 'a refused label is not created');

  await form.getByLabel('Colour').fill('#E55E58');
  await doubleSubmit(form, 'Create label', 'library');
  let { labels } = await api('GET', v5('/labels'));
  assert.deepEqual(labels.map((l) => [l.name, l.color]), [['Urgent', '#E55E58']], 'one label from a double click');
  await row('labels-table', 'data-name', 'Urgent').waitFor();
  await axe('Labels and collections');

  await row('labels-table', 'data-name', 'Urgent').getByRole('button', { name: 'Edit' }).click();
  form = page.locator('#label-form');
  await form.getByLabel('Name').fill('Hot');
  await form.getByLabel(/Pinned/).check();
  await rendered(() => form.getByRole('button', { name: 'Save label' }).click(), 'library');
  ({ labels } = await api('GET', v5('/labels')));
  assert.deepEqual(labels.map((l) => [l.name, l.is_pinned]), [['Hot', true]]);

  await row('labels-table', 'data-name', 'Hot').getByRole('button', { name: 'Delete' }).click();
  await rendered(() => confirm('Delete'), 'library');
  assert.equal((await api('GET', v5('/labels'))).labels.length, 0);
  await page.locator('#labels-table-empty').waitFor();
});

step('collections: created, edited, deleted', async () => {
  await page.getByRole('button', { name: 'New collection' }).click();
  let form = page.locator('#collection-form');
  await form.getByLabel('Title').fill('Press texts');
  await form.getByLabel('Folder', { exact: true }).fill('/press');
  await form.getByLabel('Search (optional)').fill('ext:txt');
  await doubleSubmit(form, 'Create collection', 'library');
  let { collections } = await api('GET', v5('/collections'));
  assert.equal(collections.length, 1, 'one collection from a double click');
  assert.deepEqual([collections[0].title, collections[0].data.folder, collections[0].data.filters], ['Press texts', '/press', 'ext:txt']);
  const inIt = await api('GET', v5(`/files?collection_uuid=${collections[0].uuid}`));
  assert.equal(inIt.files.length, 2, 'the collection finds the two press texts');

  await row('collections-table', 'data-title', 'Press texts').getByRole('button', { name: 'Edit' }).click();
  form = page.locator('#collection-form');
  await form.getByLabel('Title').fill('Press kit');
  await form.getByLabel(/every folder below/).uncheck();
  await rendered(() => form.getByRole('button', { name: 'Save collection' }).click(), 'library');
  ({ collections } = await api('GET', v5('/collections')));
  assert.deepEqual([collections[0].title, collections[0].data.recursive, collections[0].data.filters], ['Press kit', false, 'ext:txt']);

  await row('collections-table', 'data-title', 'Press kit').getByRole('button', { name: 'Delete' }).click();
  await rendered(() => confirm('Delete'), 'library');
  assert.equal((await api('GET', v5('/collections'))).collections.length, 0);
});

step('shares: a folder shared with a password, an expiry and a limit of uses; edited; deleted', async () => {
  await go('Shares', 'shares');
  await page.getByRole('button', { name: 'New share' }).click();
  let form = page.locator('#share-form');
  await form.getByLabel('Title').fill('Press kit');
  await form.getByLabel('Folders (one path a line)').fill('/nowhere');
  await form.getByRole('button', { name: 'Create share' }).click();
  await form.locator('[data-error-for="items"]').filter({ hasText: /nowhere/ }).waitFor();
  await form.getByLabel('Folders (one path a line)').fill('/press');
  await form.getByLabel('Password (optional)').fill('short');
  await form.getByRole('button', { name: 'Create share' }).click();
  await form.locator('[data-error-for="password"]').filter({ hasText: /\S/ }).waitFor();
  assert.equal((await api('GET', v5('/shares'))).shares.length, 0, 'refused shares are not created');

  const expiryAt = new Date(Math.floor((Date.now() + 3 * 86_400_000) / 60_000) * 60_000);
  const expiry = expiryAt.toISOString().slice(0, 16); // UTC, as the server answers it
  const expiryInKolkata = new Date(expiryAt.getTime() + 330 * 60_000).toISOString().slice(0, 16); // UTC+05:30, as typed
  await form.getByLabel('Password (optional)').fill('press-pass-2026');
  await form.getByLabel('Most uses (optional)').fill('3');
  await form.getByLabel('Expires (optional)').fill(expiryInKolkata);
  await doubleSubmit(form, 'Create share', 'shares');
  let { shares } = await api('GET', v5('/shares'));
  assert.equal(shares.length, 1, 'one share from a double click');
  let share = shares[0];
  assert.deepEqual([share.title, share.password_protected, share.max_uses, share.expires_at, share.state],
    ['Press kit', true, 3, `${expiry}:00Z`, 'active']);
  assert.equal(share.items[0].type, 'folder_uuid');
  const shareRow = row('shares-table', 'data-title', 'Press kit');
  assert.equal(await shareRow.getByRole('link', { name: 'Open page' }).getAttribute('href'), share.share_uri);
  // the link works without a key only with the password
  assert.equal((await call('GET', `/${TOKEN}/v4/share/${share.puid}`, undefined, null)).status, 401);
  await axe('Shares');

  await shareRow.getByRole('button', { name: 'Edit' }).click();
  form = page.locator('#share-form');
  await form.getByLabel(/may download/).uncheck();
  await form.getByLabel(/Remove the password/).check();
  await form.getByLabel('Most uses (optional)').fill('');
  await rendered(() => form.getByRole('button', { name: 'Save share' }).click(), 'shares');
  ({ shares } = await api('GET', v5('/shares')));
  share = shares[0];
  assert.deepEqual([share.download, share.password_protected, share.max_uses], [false, false, null]);
  const open = await call('GET', `/${TOKEN}/v4/share/${share.puid}`, undefined, null);
  assert.equal(open.status, 200);
  assert.deepEqual(open.json.files.map((f) => f.name).sort(), ['flyer.txt', 'poster.txt']);

  await row('shares-table', 'data-title', 'Press kit').getByRole('button', { name: 'Delete' }).click();
  await rendered(() => confirm('Delete'), 'shares');
  assert.equal((await api('GET', v5('/shares'))).shares.length, 0);
  assert.equal((await call('GET', `/${TOKEN}/v4/share/${share.puid}`, undefined, null)).status, 404);
});

step('metadata model: a select field created with options, relabelled, deleted', async () => {
  await go('Metadata', 'metadata');
  await page.getByRole('button', { name: 'New field' }).click();
  let form = page.locator('#field-form');
  await form.getByLabel('Key', { exact: true }).fill('Bad Key');
  await form.getByLabel('Label', { exact: true }).fill('Size');
  await form.getByRole('button', { name: 'Create field' }).click();
  await form.locator('.field-error, .form-error').filter({ hasText: /\S/ }).first().waitFor();
  assert.equal((await api('GET', v5('/meta/model/fields'))).fields.length, 0);

  await form.getByLabel('Key', { exact: true }).fill('size');
  await form.getByLabel('Type', { exact: true }).selectOption('select-one');
  await form.getByLabel(/^Options/).fill('s: Small\nm\nl: Large');
  await doubleSubmit(form, 'Create field', 'metadata');
  let { fields } = await api('GET', v5('/meta/model/fields'));
  assert.equal(fields.length, 1, 'one field from a double click');
  assert.deepEqual(fields[0].options.map((o) => [o.api_slug, o.label]), [['s', 'Small'], ['m', 'm'], ['l', 'Large']]);
  // the model is enforced: a value outside the options is refused
  const file = (await api('GET', v5('/files?folder=/press'))).files[0];
  assert.equal((await call('PATCH', v5(`/file/${file.uuid}/meta`), { meta: { size: 'xxl' } })).status, 400);
  await axe('Metadata model');

  await row('fields-table', 'data-key', 'size').getByRole('button', { name: 'Edit' }).click();
  form = page.locator('#field-form');
  assert.ok(await form.getByLabel('Key', { exact: true }).isDisabled(), 'a key never changes');
  await form.getByLabel('Label', { exact: true }).fill('Shirt size');
  await rendered(() => form.getByRole('button', { name: 'Save field' }).click(), 'metadata');
  ({ fields } = await api('GET', v5('/meta/model/fields')));
  assert.equal(fields[0].label, 'Shirt size');

  await row('fields-table', 'data-key', 'size').getByRole('button', { name: 'Delete' }).click();
  await rendered(() => confirm('Delete'), 'metadata');
  assert.equal((await api('GET', v5('/meta/model/fields'))).fields.length, 0);
});

step('approvals: requested, voted, another cancelled', async () => {
  await go('Approvals', 'approvals');
  const request = async (message, rule) => {
    await page.getByRole('button', { name: 'Request approval' }).click();
    const form = page.locator('#approval-form');
    await form.getByLabel('Files (one path a line)').fill('/press/poster.txt');
    await form.getByLabel(/^Approvers/).fill('alice@example.com\nBob');
    await form.getByLabel('Approved when').selectOption(rule);
    await form.getByLabel('Message (optional)').fill(message);
    await doubleSubmit(form, 'Request approval', 'approvals');
  };
  await request('Spring poster', 'any');
  let { approvals } = await api('GET', v5('/approvals'));
  assert.equal(approvals.length, 1, 'one request from a double click');
  const poster = (await api('GET', v5('/files?folder=/press'))).files.find((f) => f.name === 'poster.txt');
  assert.deepEqual([approvals[0].files_uuids, approvals[0].rule, approvals[0].status], [[poster.uuid], 'any', 'PENDING']);
  await axe('Approvals');

  await row('approvals-table', 'data-approval-uuid', approvals[0].uuid).getByRole('button', { name: 'Vote' }).click();
  const vote = page.locator('#vote-form');
  await vote.getByLabel('Approver').selectOption('Bob');
  await vote.getByLabel('Comment (optional)').fill('fine');
  await rendered(() => vote.getByRole('button', { name: 'Cast vote' }).click(), 'approvals');
  ({ approvals } = await api('GET', v5('/approvals')));
  assert.equal(approvals[0].status, 'APPROVED');

  await request('Autumn poster', 'all');
  ({ approvals } = await api('GET', v5('/approvals?status=PENDING')));
  assert.equal(approvals.length, 1);
  await row('approvals-table', 'data-approval-uuid', approvals[0].uuid).getByRole('button', { name: 'Cancel request' }).click();
  await rendered(() => confirm('Cancel request'), 'approvals');
  assert.equal((await api('GET', v5(`/approvals/${approvals[0].uuid}`))).approval.status, 'CANCELLED');
});

step('projects: a double click on Create project creates it once', async () => {
  await go('Projects', 'projects');
  const form = page.locator('#project-form');
  await form.getByLabel('Token').fill('shop');
  await doubleSubmit(form, 'Create project', 'projects');
  const { projects } = await api('GET', '/admin/v1/projects');
  assert.deepEqual(projects.map((p) => p.token).sort(), [TOKEN, 'shop']);
  await page.locator('#project-picker').selectOption(TOKEN);
});

step('at phone width (390 px) every admin screen fits the screen and passes axe-core', async () => {
  await api('POST', v5('/labels'), { label: { name: 'Phone', color: '#1A7F37' } });
  await api('POST', v5('/shares'), { title: 'Phone kit', items: [{ type: 'folder_uuid',
    identifiers: [(await api('GET', v5('/files?folder=/press&limit=1'))).base.uuid] }] });
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const [title, name] of [['Settings', 'settings'], ['Labels and collections', 'library'], ['Shares', 'shares'],
      ['Metadata', 'metadata'], ['Approvals', 'approvals']]) {
      await page.goto(`${server.url}/console#/${name}`);
      await page.waitForFunction((p) => document.getElementById('main').dataset.ready === p, name, { timeout: WAIT });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `${title} is ${wide} px wide at 390 px`);
      await axe(`${title} at 390 px`);
    }
    await screenshot('approvals-phone', { fullPage: true });
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

step('a read-only console shows the lists of every admin screen and no control that changes anything', async () => {
  await api('POST', v5('/labels'), { label: { name: 'Seen', color: '#1F4E8C' } });
  const viewer = (await api('POST', '/admin/v1/keys', { description: 'viewer', projects: [TOKEN],
    permissions: ['CONFIG_LIST', 'OBJECTS_LIST', 'LABELS_LIST', 'OBJECTS_SHARE_MANAGE', 'OBJECTS_FETCH', // no COLLECTIONS_LIST
      'OBJECTS_APPROVAL_VOTE'] })).key.secret;
  const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const main = page;
  page = await own.newPage();
  page.setDefaultTimeout(WAIT);
  try {
    await signIn(page, server.url, viewer);
    await page.locator('#read-only-badge').waitFor();
    await go('Settings', 'settings');
    await page.locator('#settings-summary').waitFor();
    assert.equal(await page.locator('#settings-form, #delete-project').count(), 0);
    await go('Labels and collections', 'library');
    await row('labels-table', 'data-name', 'Seen').waitFor();
    assert.equal(await row('labels-table', 'data-name', 'Seen').locator('td').nth(3).textContent(), '0', 'files carrying it');
    // the labels are shown although the collections are refused (each half says what went wrong)
    assert.match(await page.locator('#collections .form-error').textContent(), /COLLECTIONS_LIST|PERMISSION/);
    for (const [title, name] of [['Labels and collections', 'library'], ['Shares', 'shares'], ['Metadata', 'metadata'], ['Approvals', 'approvals']]) {
      if (name !== 'library') await go(title, name); // already open
      const controls = page.locator('main button, main form').filter({ hasNotText: /^Copy link$/ }); // copying changes nothing
      assert.equal(await controls.count(), 0, `${title}: no control for a read-only session`);
      if (name !== 'library') assert.equal(await page.locator('main .form-error').count(), 0, `${title}: the list loads`);
    }
    await axe('Approvals, read-only');
  } finally {
    page = main;
    await own.close();
  }
});

step('no error in the page; the only refused requests are the five mistakes made on purpose', async () => {
  await screenshot('last', { fullPage: true });
  // Chromium logs every 4xx answer: the empty name, the colour "red", the folder /nowhere, the short
  // password and the key "Bad Key". A second request from a double click would add one (409 or 400).
  const refused = /^console\.error: Failed to load resource: the server responded with a status of (\d+)/;
  assert.deepEqual(problems.filter((p) => !refused.test(p)), []);
  assert.deepEqual(problems.map((p) => refused.exec(p)?.[1]), ['400', '400', '404', '400', '400']);
});
