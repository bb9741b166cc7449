// Plumbing for the widget end-to-end test: a real Assetgate server (built and set up with its own
// CLI), a static server for the test page on another origin, headless Chromium, and a log of
// every request, response and console line. Every wait is bounded.
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.resolve(E2E_DIR, '..');
export const JAR = path.join(REPO_DIR, 'target', 'assetgate.jar');
export const SCREENSHOTS = path.join(E2E_DIR, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The environment for Assetgate processes: none of the caller's ASSETGATE_* settings leak in. */
export function serverEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ASSETGATE_')) env[k] = v;
  return { ...env, ...extra };
}

/**
 * With E2E_CLUSTER=1: a fresh schema of the local PostgreSQL (database test) for the catalog and a Redis
 * prefix of its own for the counters, as the Maven suite's cluster configuration; `cleanups` gets the
 * schema's removal. Returns {env, schema}, or {env: {}, schema: null} without E2E_CLUSTER.
 */
export async function clusterEnv(name, cleanups) {
  if (process.env.E2E_CLUSTER !== '1') return { env: {}, schema: null };
  const schema = `e2e_${name}_${Date.now().toString(36)}`;
  const psql = (sql) => run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  await psql(`CREATE SCHEMA ${schema}`);
  cleanups.push(() => psql(`DROP SCHEMA ${schema} CASCADE`));
  return { schema, env: { ASSETGATE_CATALOG: 'postgres', ASSETGATE_POSTGRES_URL: `jdbc:postgresql://127.0.0.1:5432/test?currentSchema=${schema}`,
    ASSETGATE_POSTGRES_USER: 'postgres', ASSETGATE_COUNTERS: 'redis', ASSETGATE_REDIS_PREFIX: `${schema}:` } };
}

/** Runs a command to completion within timeoutMs; rejects with its output when it fails. */
export function run(cmd, args, { cwd = REPO_DIR, timeoutMs = 60_000, env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', env: env || serverEnv(), maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${cmd} ${args.join(' ')} failed (${err.code ?? err.signal}):\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Newest modification time under a path (a file or a directory tree). */
function newest(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

/** Builds target/assetgate.jar (mvn package, tests skipped) when it is missing or older than the sources, like ./assetgate. */
export async function ensureJar() {
  const jarTime = fs.statSync(JAR, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (jarTime > Math.max(newest(path.join(REPO_DIR, 'pom.xml')), newest(path.join(REPO_DIR, 'src', 'main')))) return;
  await run('mvn', ['-q', '-B', '-DskipTests', 'package'], { timeoutMs: 480_000 });
  if (!fs.existsSync(JAR)) throw new Error(`mvn package did not produce ${JAR}`);
}

/**
 * Sets up a fresh data directory with the CLI (project `token`, one Security Template), then starts
 * `serve` on a free loopback port and waits for /health. Returns {url, templateId, dataDir, stop, log}.
 */
export async function startAssetgate({ token, permissions, logFile, env = {} }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-e2e-'));
  // The CLI gets the server's settings too: with catalog=postgres both must open the same catalog.
  const cli = (...args) => run('java', ['-jar', JAR, ...args, '--data-dir', dataDir], { env: serverEnv(env) });
  await cli('project', 'create', token);
  const templateFile = path.join(dataDir, 'template.json');
  fs.writeFileSync(templateFile, JSON.stringify({ description: 'widget', permissions }));
  const out = await cli('template', 'create', '--project', token, '--file', templateFile);
  const templateId = out.trim().split('\n').pop().trim();
  if (!/^SECU_[0-9A-F]+$/.test(templateId)) throw new Error(`template create printed no id:\n${out}`);

  const port = await freePort();
  const log = fs.openSync(logFile, 'w');
  const child = spawn('java', ['-jar', JAR, 'serve', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'],
    { cwd: REPO_DIR, env: serverEnv(env), stdio: ['ignore', log, log] });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
      if (exited === null) child.kill('SIGKILL');
    }
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) { await stop(); throw new Error(`assetgate serve exited ${JSON.stringify(exited)}; see ${logFile}`); }
    try {
      const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { await stop(); throw new Error(`assetgate did not answer /health within 60 s; see ${logFile}`); }
    await sleep(250);
  }
  return { url, port, templateId, dataDir, stop, pid: child.pid };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The test pages and what they load, by the path they are served at. */
const STATIC_FILES = {
  '/': path.join(E2E_DIR, 'page.html'),
  '/build/widget.js': path.join(E2E_DIR, 'build', 'widget.js'),
  '/build/widget.css': path.join(E2E_DIR, 'build', 'widget.css'),
  '/editor.html': path.join(E2E_DIR, 'editor.html'),
  '/build/editor.js': path.join(E2E_DIR, 'build', 'editor.js'),
  '/build/editor.css': path.join(E2E_DIR, 'build', 'editor.css'),
  '/spin.html': path.join(E2E_DIR, 'spin.html'),
  '/spin.js': path.join(E2E_DIR, 'spin.js'),
  // the 360° viewer as published (an IIFE that sets window.CI360), not bundled
  '/lib/ci360.js': path.join(E2E_DIR, 'node_modules', 'js-cloudimage-360-view', 'dist', 'js-cloudimage-360-view.min.js'),
};

/** Serves the test pages and the bundles from e2e/ on their own loopback port (another origin than the API). */
export async function startStatic() {
  const files = STATIC_FILES;
  const server = createServer((req, res) => {
    if (req.url === '/favicon.ico') { res.writeHead(204).end(); return; }
    const file = files[new URL(req.url, 'http://x').pathname];
    if (!file || !fs.existsSync(file)) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

/** Chromium flags: headless, and no traffic leaves loopback (no DNS, a dead proxy for anything else). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=127.0.0.1;localhost',
];

/** Writes every request, response (with JSON bodies of API calls, cut) and console line to a file. */
export function recordTraffic(page, file, apiUrl) {
  const out = fs.createWriteStream(file, { flags: 'w' });
  const t0 = Date.now();
  const line = (s) => out.write(`${String(Date.now() - t0).padStart(6)} ${s}\n`);
  const calls = [];
  const failed = [];
  page.on('console', (m) => line(`console.${m.type()} ${m.text()}`));
  page.on('pageerror', (e) => line(`pageerror ${e.stack || e}`));
  page.on('request', (r) => {
    const body = r.postData();
    const shown = body && !/multipart/.test(r.headers()['content-type'] || '') ? ` ${body.slice(0, 500)}` : '';
    line(`--> ${r.method()} ${r.url()}${shown}`);
  });
  page.on('requestfailed', (r) => {
    failed.push({ method: r.method(), url: r.url(), error: r.failure()?.errorText });
    line(`xxx ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', async (r) => {
    const req = r.request();
    const entry = { method: req.method(), url: r.url(), status: r.status() };
    calls.push(entry);
    let shown = '';
    if (apiUrl && r.url().startsWith(apiUrl) && /json/.test(r.headers()['content-type'] || '')) {
      try { shown = ` ${(await r.text()).slice(0, 800)}`; } catch { /* body gone after navigation */ }
    }
    line(`<-- ${r.status()} ${req.method()} ${r.url()}${shown}`);
  });
  return { calls, failed, line, close: () => new Promise((r) => out.end(r)) };
}

/** A tiny valid PNG (w×h, one colour), so the widget's thumbnail path gets a real image. */
export async function makePng(w, h, [r, g, b]) {
  const zlib = await import('node:zlib');
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
