// End-to-end: a one-time upload policy (docs/upload-policies.md) signed in the console, then used from a
// page on another origin with fetch + FormData and no key: the upload is stored with the policy's tags,
// a second use is refused (409 UPLOAD_POLICY_USED), and the CORS pre-flight for the policy header passes.
//
// Run: node --test e2e/console-upload-policy.test.mjs (after a package build)
// Screenshots: e2e/screenshots/policy-*.png; logs: e2e/screenshots/policy-*.log.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';
import { consoleSuite, signIn, request, WAIT } from './console-kit.mjs';

const TOKEN = 'demo';
const STEP = 60_000;

let server, browser, context, page, adminKey, other, token;
const problems = [];
const { cleanups, screenshot, step, axe } = consoleSuite({ prefix: 'policy', page: () => page, stepTimeout: STEP, minutes: 5 });
const api = (key, method, p, body) => request(server.url, key, method, p, body);

/** A page on its own loopback port: another origin than the API. */
async function otherOrigin() {
  const s = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><html lang="en"><title>uploader</title><h1>Uploader</h1></html>');
  });
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${s.address().port}`, stop: () => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r()); }) };
}

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  assert.ok(fs.existsSync(h.CHROMIUM), `${h.CHROMIUM} missing`);
  await h.ensureJar();
  server = await h.startAssetgate({ token: TOKEN, permissions: ['OBJECTS_LIST'], logFile: path.join(h.SCREENSHOTS, 'policy-server.log') });
  cleanups.push(server.stop);
  const out = await h.run('java', ['-jar', h.JAR, 'key', 'create', '--company', '--permissions', 'all', '--description', 'console admin',
    '--data-dir', server.dataDir]);
  adminKey = out.trim().split('\n').pop().trim();
  other = await otherOrigin();
  cleanups.push(other.stop);
  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close());
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (400|401|404|409)/.test(m.text())) problems.push(`console.error: ${m.text()}`); });
  cleanups.push(() => context.close());
});

step('signs a one-time upload policy in the console and sees its token and snippets', async () => {
  await signIn(page, server.url, adminKey);
  await page.locator('#project-picker').selectOption(TOKEN);
  await page.locator('#nav').getByRole('link', { name: 'Security Templates', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'templates', null, { timeout: WAIT });
  const form = page.locator('#policy-form');
  await form.getByLabel('Folder, or exact file path').fill('/incoming/hello.txt');
  await form.getByLabel('This is the exact path of the one file').check();
  await form.getByLabel('Largest file').fill('1 KB');
  await form.getByLabel('Valid for (minutes)').fill('5');
  await form.getByLabel('Tags to apply (optional)').fill('from-policy');
  await form.getByRole('button', { name: 'Sign policy' }).click();
  await page.locator('#policy-token').waitFor();
  token = (await page.locator('#policy-token').inputValue()).trim();
  assert.match(token, /^UPOL__v1\./);
  assert.ok((await page.locator('#policy-curl').textContent()).includes('X-Filerobot-Upload-Policy'));
  assert.ok((await page.locator('#policy-fetch').textContent()).includes('FormData'));
  await screenshot('signed');
  await axe('the Security Templates page with a signed upload policy');
});

step('a page on another origin uploads once with it via fetch + FormData; the second use is refused', async () => {
  const p2 = await context.newPage();
  await p2.goto(other.url, { waitUntil: 'domcontentloaded' });
  const upload = (name) => p2.evaluate(async ({ api, project, policy, name }) => {
    const form = new FormData();
    form.append('file', new Blob(['hello from another origin'], { type: 'text/plain' }), name);
    const r = await fetch(`${api}/${project}/v4/files?folder=/incoming`, {
      method: 'POST', headers: { 'X-Filerobot-Upload-Policy': policy }, body: form,
    });
    return { status: r.status, json: await r.json() };
  }, { api: server.url, project: TOKEN, policy: token, name });
  const first = await upload('hello.txt');
  assert.equal(first.status, 200, JSON.stringify(first.json));
  assert.equal(first.json.file.name, 'hello.txt');
  assert.ok(JSON.stringify(first.json.file.tags).includes('from-policy'));
  const second = await upload('hello.txt');
  assert.equal(second.status, 409);
  assert.equal(second.json.code, 'UPLOAD_POLICY_USED');
  const listed = (await api(adminKey, 'GET', `/${TOKEN}/v5/files?folder=/incoming`)).json.files.map((f) => f.name);
  assert.deepEqual(listed, ['hello.txt']);
  await p2.close();
});

test('the screens ran without script errors', { timeout: STEP }, () => {
  assert.deepEqual(problems, []);
});
