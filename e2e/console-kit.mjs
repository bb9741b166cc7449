// The scaffolding every console test (e2e/console*.test.mjs) shares: a list of cleanups run after the
// last test, a watchdog, screenshots named `<prefix>-<name>.png`, steps that skip once one has failed,
// axe-core, the sign-in, and calls to the API with an explicit key. The server, the browser and the
// pages stay in each test file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { SCREENSHOTS } from './harness.mjs';

export const WAIT = 20_000; // bound for each single wait on the page

let axeSource = null; // axe-core, read once

/**
 * One test file's suite. `page` is a function answering the page in use (files switch pages between
 * runs); `stepTimeout` bounds each step; the watchdog ends the process after `minutes` whatever happens
 * (after running the cleanups). Registers the `after` hook that stops the watchdog and runs the cleanups.
 * Returns {cleanups, cleanup, screenshot, step, failedStep, axe}.
 */
export function consoleSuite({ prefix, page, stepTimeout = 60_000, minutes = 6 }) {
  const cleanups = []; // run last-in first-out
  let failedStep = null;

  async function cleanup() {
    while (cleanups.length) await cleanups.pop()().catch((e) => console.error('cleanup:', e.message));
  }

  const watchdog = setTimeout(async () => {
    console.error(`${prefix} e2e watchdog: the run took more than ${minutes} minutes; stopping`);
    await cleanup().catch(() => {});
    process.exit(1);
  }, minutes * 60_000);
  watchdog.unref();

  after(async () => {
    clearTimeout(watchdog);
    await cleanup();
  });

  /** e2e/screenshots/<prefix>-<name>.png; a failed screenshot is logged, never fails the step. */
  async function screenshot(name, opts = {}) {
    const file = path.join(SCREENSHOTS, `${prefix}-${name}.png`);
    await page().screenshot({ path: file, timeout: WAIT, ...opts }).catch((e) => console.error('screenshot:', e.message));
    return file;
  }

  /** A test that is skipped once an earlier step failed (they build on each other); a failure leaves a full-page screenshot. */
  function step(name, fn) {
    test(name, { timeout: stepTimeout }, async (t) => {
      if (failedStep) { t.skip(`earlier step failed: ${failedStep}`); return; }
      try {
        await fn(t);
      } catch (e) {
        failedStep = name;
        await screenshot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`, { fullPage: true });
        throw e;
      }
    });
  }

  /** axe-core on the page as it is: no serious or critical violation. */
  async function axe(where) {
    axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page().evaluate(axeSource); // by the debugger protocol, not a <script>: the page's CSP stays as it is
    const result = await page().evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(bad, [], `axe-core on ${where}`);
  }

  return { cleanups, cleanup, screenshot, step, failedStep: () => failedStep, axe };
}

/**
 * The API at `url` with an explicit key (null: none), to check the server's state apart from the
 * console: {status, json} (json null when the answer is not JSON).
 */
export async function request(url, key, method, p, body, timeoutMs = 10_000) {
  const r = await fetch(`${url}${p}`, {
    method,
    headers: { ...(key ? { 'X-Filerobot-Key': key } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

/** request() that must succeed (2xx): its JSON. */
export async function requestOk(url, key, method, p, body, timeoutMs) {
  const r = await request(url, key, method, p, body, timeoutMs);
  assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Signs in to the console at `url` with an API secret key and waits until the Projects page has rendered. */
export async function signIn(page, url, key) {
  await page.goto(`${url}/console`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('API secret key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === 'projects', null, { timeout: WAIT });
}
