// End-to-end: image clients against a real Assetgate server in headless Chromium, each as published
// on npm (versions pinned in package-lock.json), on a page of another origin than the API:
//  - the Filerobot Image Editor opens a file's url.cdn (found with a SASS key), rotates it through its
//    own buttons, and what it saves is uploaded with the SASS key;
//  - js-cloudimage-360-view spins a set of frames served from a url.cdn folder with a width parameter;
//  - the Filerobot widget opening a folder of 50 photos downloads at most 5 % of the originals' bytes.
// The pictures are drawn and JPEG-encoded by Chromium at test time (gradients, shapes and grain, so
// they compress like photos, not like flat colour).
//
// Run: bash e2e/run.sh   (or, after install + bundle: node --test e2e/images.test.mjs)
// Logs and screenshots: e2e/screenshots/images-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as h from './harness.mjs';

const TOKEN = 'demo';
const PERMISSIONS = ['OBJECTS_LIST', 'OBJECTS_FETCH', 'FILE_UPLOAD', 'FILE_RENAME', 'FILE_MOVE', 'FILE_DELETE',
  'DIR_CREATE', 'DIR_RENAME', 'DIR_MOVE', 'DIR_DELETE', 'FILE_META_CHANGE', 'LABELS_LIST'];
const WAIT = 20_000;      // bound for each single wait on a page
const STEP = 120_000;     // bound for each test
const PHOTOS = 50;        // the widget's folder
const BUDGET = 0.05;      // share of the originals' bytes the widget may download for them
const FRAMES = 24;        // the 360° set
const SPIN_WIDTH = 300;   // the width the 360° page asks for

const watchdog = setTimeout(async () => {
  console.error('e2e watchdog: the images run took more than 5 minutes; stopping');
  await cleanup().catch(() => {});
  process.exit(1);
}, 5 * 60_000);
watchdog.unref();

let server, web, browser, apiKey, deadUrl, painter;
const cleanups = [];
async function cleanup() {
  while (cleanups.length) await cleanups.pop()().catch((e) => console.error('cleanup:', e.message));
}

const logFile = (name) => path.join(h.SCREENSHOTS, `images-${name}`);

/** The Assetgate API with the seeding API key (to seed and to check the server's state). */
async function api(method, p) {
  const r = await fetch(`${server.url}/${TOKEN}${p}`, { method, headers: { 'X-Filerobot-Key': apiKey }, signal: AbortSignal.timeout(10_000) });
  return { status: r.status, json: await r.json() };
}

async function filesIn(folder) {
  const r = await api('GET', `/v5/files?folder=${encodeURIComponent(folder)}&limit=100`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.files;
}

/** Uploads bytes with the seeding API key (multipart, as the widget does); answers the file object. */
async function upload(folder, name, bytes, type = 'image/jpeg') {
  const form = new FormData();
  form.append('files[]', new Blob([bytes], { type }), name);
  const r = await fetch(`${server.url}/${TOKEN}/v4/files?folder=${encodeURIComponent(folder)}`, {
    method: 'POST', headers: { 'X-Filerobot-Key': apiKey }, body: form, signal: AbortSignal.timeout(30_000) });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return body.file;
}

/**
 * A JPEG drawn by Chromium: a gradient, soft shapes, grain (so it compresses like a photo), and,
 * with `bar`, a white bar at that angle (a 360° frame), or with `corner`, a red top-left quarter.
 */
function jpeg({ w, h: height, seed, bar = null, corner = false, grain = 30, quality = 0.85 }) {
  return painter.evaluate(async ({ w, height, seed, bar, corner, grain, quality }) => {
    const c = document.createElement('canvas');
    c.width = w; c.height = height;
    const g = c.getContext('2d');
    const hue = (seed * 47) % 360;
    const sky = g.createLinearGradient(0, 0, w * 0.3, height);
    sky.addColorStop(0, `hsl(${hue}, 55%, 70%)`);
    sky.addColorStop(1, `hsl(${(hue + 140) % 360}, 45%, 25%)`);
    g.fillStyle = sky;
    g.fillRect(0, 0, w, height);
    let x = (seed * 2654435761) >>> 0 || 1;
    const rnd = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 4294967296; };
    for (let i = 0; i < 14; i++) {
      g.fillStyle = `hsla(${(hue + rnd() * 200) % 360}, 60%, ${30 + rnd() * 40}%, 0.6)`;
      g.beginPath();
      g.ellipse(rnd() * w, rnd() * height, 20 + rnd() * w / 4, 20 + rnd() * height / 4, rnd() * 3, 0, Math.PI * 2);
      g.fill();
    }
    if (corner) { g.fillStyle = '#e00000'; g.fillRect(0, 0, w / 2, height / 2); }
    if (bar !== null) {
      g.save();
      g.translate(w / 2, height / 2);
      g.rotate((bar * Math.PI) / 180);
      g.fillStyle = '#ffffff';
      g.fillRect(-w / 2.5, -height / 16, (w / 2.5) * 2, height / 8);
      g.restore();
    }
    // grain: a tile of noise made once per page, laid over the picture at an offset of the seed's
    // (JPEG compresses every 8 × 8 block on its own, so a repeated tile costs what fresh noise costs)
    if (!window.__grain) {
      const tile = new OffscreenCanvas(256, 256);
      const t = tile.getContext('2d');
      const px = t.createImageData(256, 256);
      for (let i = 0; i < px.data.length; i += 4) {
        const v = Math.floor(rnd() * 256);
        px.data[i] = v; px.data[i + 1] = v; px.data[i + 2] = v; px.data[i + 3] = 255;
      }
      t.putImageData(px, 0, 0);
      window.__grain = tile;
    }
    g.save();
    g.globalAlpha = grain / 100;
    g.globalCompositeOperation = 'overlay';
    g.translate(-Math.floor(rnd() * 256), -Math.floor(rnd() * 256));
    g.fillStyle = g.createPattern(window.__grain, 'repeat');
    g.fillRect(0, 0, w + 256, height + 256);
    g.restore();
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', quality));
    return new Promise((r) => { const f = new FileReader(); f.onload = () => r(f.result.split(',')[1]); f.readAsDataURL(blob); });
  }, { w, height, seed, bar, corner, grain, quality }).then((b64) => Buffer.from(b64, 'base64'));
}

async function newPage(name, context = null) {
  const page = context ? await context.newPage() : await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(WAIT);
  page.setDefaultNavigationTimeout(30_000);
  const traffic = h.recordTraffic(page, logFile(`${name}-traffic.log`), server.url);
  cleanups.push(() => traffic.close());
  return page;
}

/**
 * Draws and uploads pictures into a folder ({name, picture: jpeg()'s arguments} each), up to 4
 * uploads running while the next picture is drawn; answers the file objects in the same order.
 */
async function uploadPictures(folder, pictures) {
  const files = [];
  const uploading = new Set();
  for (const [i, { name, picture }] of pictures.entries()) {
    const bytes = await jpeg(picture);
    const sent = upload(folder, name, bytes).then((file) => { files[i] = file; }).finally(() => uploading.delete(sent));
    uploading.add(sent);
    if (uploading.size >= 4) await Promise.race(uploading);
  }
  await Promise.all(uploading);
  return files;
}

before(async () => {
  fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(h.SCREENSHOTS)) if (f.startsWith('images-')) fs.rmSync(path.join(h.SCREENSHOTS, f), { force: true });
  for (const f of ['editor.js', 'widget.js']) {
    assert.ok(fs.existsSync(path.join(h.E2E_DIR, 'build', f)), `e2e/build/${f} missing: run node e2e/bundle.mjs (run.sh does)`);
  }
  assert.ok(fs.existsSync(h.CHROMIUM), `${h.CHROMIUM} missing: apt-get install chromium (run.sh does)`);
  await h.ensureJar();
  server = await h.startAssetgate({ token: TOKEN, permissions: PERMISSIONS, logFile: logFile('server.log') });
  cleanups.push(server.stop);
  const keyOut = await h.run('java', ['-jar', h.JAR, 'key', 'create', '--projects', TOKEN, '--permissions', 'all',
    '--description', 'e2e seeding and checks', '--data-dir', server.dataDir]);
  apiKey = keyOut.trim().split('\n').pop().trim();
  web = await h.startStatic();
  cleanups.push(web.stop);
  deadUrl = `http://127.0.0.1:${await h.freePort()}`;
  browser = await chromium.launch({ executablePath: h.CHROMIUM, args: h.CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  cleanups.push(() => browser.close());
  painter = await browser.newPage();
});

after(async () => {
  clearTimeout(watchdog);
  await cleanup();
});

test('the Filerobot Image Editor opens url.cdn, rotates, and its saved image is uploaded with the SASS key', { timeout: STEP }, async () => {
  const original = await upload('/editor', 'photo.jpg', await jpeg({ w: 480, h: 320, seed: 7, corner: true }));
  assert.equal(original.info.img_w, 480);
  const page = await newPage('editor');
  try {
    const q = new URLSearchParams({ api: server.url, token: TOKEN, template: server.templateId,
      folder: '/editor', name: 'photo.jpg', target: '/edited', saveAs: 'photo-rotated' });
    const opened = page.waitForResponse((r) => new URL(r.url()).pathname === `/${TOKEN}/cdn/editor/photo.jpg`, { timeout: 30_000 });
    await page.goto(`${web.url}/editor.html?${q}`, { waitUntil: 'domcontentloaded' });
    const source = await opened;
    assert.equal(source.status(), 200);
    assert.match(source.headers()['content-type'], /^image\//);
    assert.equal(await page.evaluate(() => window.__editor.source), source.url(), 'the editor opened another URL than url.cdn');

    // the editor's own +90° button, then its Save button and the save dialog's Save
    await page.locator('.FIE_rotate_button_right').click();
    await page.screenshot({ path: logFile('editor-rotated.png') });
    await page.locator('.FIE_buttons-save-btn-button').click();
    const dialog = page.locator('.FIE_save-modal');
    await dialog.waitFor({ state: 'visible' });
    await page.screenshot({ path: logFile('editor-save-dialog.png') });
    const uploaded = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/${TOKEN}/v4/files`, { timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const up = await uploaded;
    assert.match(up.request().headers()['x-filerobot-key'] || '', /^SASS__/, 'the upload was not sent with the SASS key');
    await page.waitForFunction(() => window.__editor.uploaded || window.__editor.errors.length, null, { timeout: WAIT });
    const state = await page.evaluate(() => window.__editor);
    assert.deepEqual(state.errors, []);
    assert.equal(up.status(), 200, JSON.stringify(state.uploaded));
    // the editor's imageData.width/height are the source's; its canvas is what it saved
    assert.deepEqual([state.saved.fullName, ...state.saved.canvas], ['photo-rotated.jpeg', 320, 480], `the editor saved ${JSON.stringify(state.saved)}`);

    // the server: a new file in /edited, an upright 320 × 480 JPEG whose red quarter is now top right
    const [edited] = await filesIn('/edited');
    assert.ok(edited, 'nothing stored in /edited');
    assert.equal(edited.name, 'photo-rotated.jpeg');
    assert.equal(edited.uuid, state.uploaded.file.uuid);
    assert.notEqual(edited.uuid, original.uuid);
    assert.deepEqual([edited.info.img_w, edited.info.img_h, edited.info.img_o], [320, 480, 'PO']);
    assert.equal(edited.info.img_type, 'JPEG');
    const bytes = Buffer.from(await (await fetch(edited.url.cdn, { signal: AbortSignal.timeout(10_000) })).arrayBuffer());
    assert.equal(bytes.length, edited.size.bytes);
    assert.equal(bytes.subarray(0, 3).toString('hex'), 'ffd8ff', 'the stored bytes are no JPEG');
    const corners = await page.evaluate(async (u) => {
      const bitmap = await createImageBitmap(await (await fetch(u)).blob());
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = c.getContext('2d');
      g.drawImage(bitmap, 0, 0);
      const at = (x, y) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));
      return { topLeft: at(20, 20), topRight: at(bitmap.width - 20, 20) };
    }, edited.url.cdn);
    const red = ([r, g, b]) => r > 180 && g < 90 && b < 90;
    assert.ok(red(corners.topRight) && !red(corners.topLeft), `not turned clockwise: ${JSON.stringify(corners)}`);
  } finally {
    await page.close();
  }
});

test(`js-cloudimage-360-view spins ${FRAMES} frames from a url.cdn folder at ?w=${SPIN_WIDTH}`, { timeout: STEP }, async (t) => {
  const files = await uploadPictures('/spin', Array.from({ length: FRAMES }, (_, i) => ({
    name: `frame-${String(i + 1).padStart(2, '0')}.jpg`,
    picture: { w: 1024, h: 768, seed: 100 + i, bar: i * (360 / FRAMES) },
  })));
  const originals = new Map(files.map((f) => [f.name, f.size.bytes]));
  // data-folder: the folder part of a frame's url.cdn, as a page author copies it
  const first = (await filesIn('/spin')).find((f) => f.name === 'frame-01.jpg');
  const folder = first.url.cdn.replace(/\?.*$/, '').replace(/frame-01\.jpg$/, '');
  const page = await newPage('spin');
  try {
    const frames = new Map(); // name -> {status, type, bytes, url}
    page.on('response', async (r) => {
      const m = new URL(r.url()).pathname.match(new RegExp(`^/${TOKEN}/cdn/spin/(frame-\\d\\d\\.jpg)$`));
      if (!m) return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      frames.set(m[1], { status: r.status(), type: r.headers()['content-type'], bytes: body.length, url: r.url() });
    });
    const q = new URLSearchParams({ folder, pattern: `frame-{index}.jpg?w=${SPIN_WIDTH}`, amount: String(FRAMES), digits: '2' });
    await page.goto(`${web.url}/spin.html?${q}`, { waitUntil: 'domcontentloaded' });
    // isReady: the viewer has loaded every frame (onAllImagesLoaded); imagesX: what it decoded
    await page.waitForFunction(() => window.CI360.getViews()[0]?.isReady, null, { timeout: 30_000 });
    const held = await page.evaluate(() => window.CI360.getViews()[0].imagesX.map((i) => [i.src, i.naturalWidth, i.naturalHeight]));
    assert.equal(held.length, FRAMES);
    for (const [src, w, height] of held) assert.deepEqual([w, height], [SPIN_WIDTH, SPIN_WIDTH * 768 / 1024], src);
    for (let i = 0; i < 50 && frames.size < FRAMES; i++) await new Promise((r) => setTimeout(r, 100)); // response bodies
    assert.equal(frames.size, FRAMES, `frames answered: ${[...frames.keys()].join(', ')}`);
    for (const [name, f] of frames) {
      assert.equal(new URL(f.url).searchParams.get('w'), String(SPIN_WIDTH), `${name} was asked as ${f.url}`);
      assert.equal(f.status, 200, `${name}: ${f.status}`);
      assert.match(f.type, /^image\//, `${name}: ${f.type}`);
      assert.ok(f.bytes > 0 && f.bytes < originals.get(name) / 4, `${name}: ${f.bytes} bytes, the original ${originals.get(name)}`);
    }
    assert.deepEqual(await page.evaluate(() => window.__spinErrors), []);

    // drag across the viewer: another frame is drawn
    const viewer = page.locator('#spin');
    const box = await viewer.boundingBox();
    const frameBefore = await page.evaluate(() => window.CI360.getViews()[0].activeImageX);
    const before = await viewer.screenshot({ path: logFile('spin-before.png') });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let dx = 10; dx <= 200; dx += 10) await page.mouse.move(box.x + box.width / 2 - dx, box.y + box.height / 2);
    await page.mouse.up();
    await page.waitForTimeout(300);
    const frameAfter = await page.evaluate(() => window.CI360.getViews()[0].activeImageX);
    const afterShot = await viewer.screenshot({ path: logFile('spin-after.png') });
    assert.notEqual(frameAfter, frameBefore, 'dragging did not change the frame');
    assert.ok(!before.equals(afterShot), 'dragging changed nothing on screen');
    const transferred = [...frames.values()].reduce((s, f) => s + f.bytes, 0);
    const originalBytes = [...originals.values()].reduce((s, n) => s + n, 0);
    t.diagnostic(`360: ${FRAMES} frames, ${transferred} bytes at w=${SPIN_WIDTH} for ${originalBytes} bytes of originals; frame ${frameBefore} -> ${frameAfter}`);
  } finally {
    await page.close();
  }
});

test(`the widget opening a folder of ${PHOTOS} photos downloads at most ${BUDGET * 100} % of the originals' bytes`, { timeout: STEP }, async (t) => {
  // 1.2 to 3 MP, landscape and portrait
  const sizes = [[1600, 1200], [1200, 1600], [2000, 1500], [1280, 960]];
  const files = await uploadPictures('/photos', Array.from({ length: PHOTOS }, (_, i) => ({
    name: `photo-${String(i + 1).padStart(2, '0')}.jpg`,
    picture: { w: sizes[i % 4][0], h: sizes[i % 4][1], seed: 1000 + i },
  })));
  const photos = new Map(files.map((f) => [f.uuid, f.size.bytes]));
  const originalBytes = [...photos.values()].reduce((s, n) => s + n, 0);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } }); // an empty cache
  cleanups.push(() => context.close());
  const page = await newPage('widget', context);
  // what the network delivered for each request, headers and body as sent (CDP encodedDataLength)
  const cdp = await context.newCDPSession(page);
  const urls = new Map();
  const received = [];
  const images = []; // {url, status} of every image answer
  cdp.on('Network.responseReceived', (e) => {
    urls.set(e.requestId, e.response.url);
    if (e.response.mimeType.startsWith('image/')) images.push({ url: e.response.url, status: e.response.status });
  });
  cdp.on('Network.loadingFinished', (e) => received.push({ url: urls.get(e.requestId), bytes: e.encodedDataLength }));
  await cdp.send('Network.enable');

  const q = new URLSearchParams({ api: server.url, dead: deadUrl, token: TOKEN, template: server.templateId });
  await page.goto(`${web.url}/?${q}`, { waitUntil: 'domcontentloaded' });
  const folderCard = page.locator('.item-folder').filter({ has: page.getByText('photos', { exact: true }) });
  await folderCard.waitFor({ state: 'visible', timeout: 30_000 });
  const listed = page.waitForResponse((r) => new URL(r.url()).pathname === `/${TOKEN}/v5/files`
    && new URL(r.url()).searchParams.get('folder') === '/photos', { timeout: WAIT });
  await folderCard.dblclick();
  assert.equal((await listed).status(), 200);
  const cards = page.locator('[role=option]');
  await cards.first().waitFor({ state: 'visible' });

  // scrolled down a screen at a time (the list renders only the rows in view) until every photo got an
  // image and the last card shows its thumbnail
  const isPhoto = (url) => {
    if (!url?.startsWith(server.url)) return false;
    const p = new URL(url).pathname;
    return p.startsWith(`/${TOKEN}/cdn/photos/`) || [...photos.keys()].some((uuid) => p.includes(uuid));
  };
  const lastThumbnailShown = () => page.evaluate((name) => [...document.querySelectorAll('[role=option]')]
    .filter((card) => card.textContent.includes(name))
    .some((card) => [...card.querySelectorAll('img')].some((i) => i.complete && i.naturalWidth > 0)), `photo-${PHOTOS}.jpg`);
  const photosShown = () => new Set(images.filter((r) => r.status === 200 && isPhoto(r.url)).map((r) => new URL(r.url).pathname));
  const deadline = Date.now() + 30_000;
  await page.mouse.move(700, 500);
  for (;;) {
    if ((photosShown().size >= PHOTOS && await lastThumbnailShown()) || Date.now() > deadline) break;
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(250);
  }
  await page.waitForTimeout(1000); // late answers
  await page.screenshot({ path: logFile('widget-photos.png') });
  const photoResponses = received.filter((r) => isPhoto(r.url));
  const downloaded = photoResponses.reduce((s, r) => s + r.bytes, 0);
  const share = downloaded / originalBytes;
  const fromServer = received.filter((r) => r.url?.startsWith(server.url)).reduce((s, r) => s + r.bytes, 0);
  const line = `widget, folder of ${PHOTOS} photos: ${photoResponses.length} responses, ${downloaded} bytes for `
    + `${originalBytes} bytes of originals (${(share * 100).toFixed(2)} %); everything from the server: ${fromServer} bytes`;
  t.diagnostic(line);
  fs.writeFileSync(logFile('widget-photo-responses.txt'), photoResponses.map((r) => `${r.bytes}\t${r.url}`).join('\n') + '\n');
  const shown = photosShown();
  assert.equal(shown.size, PHOTOS, `photos with an image answer: ${[...shown].join(', ')}`);
  assert.ok(share <= BUDGET, `${line}; the largest: ${JSON.stringify(photoResponses.sort((a, b) => b.bytes - a.bytes).slice(0, 3))}`);
});
