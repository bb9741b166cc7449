// The 360° page: js-cloudimage-360-view 4.9.5 (lib/ci360.js, served from node_modules as published)
// reads its set from data attributes, as a page author writes them: data-folder is a folder of
// Assetgate's url.cdn, data-filename-x a frame name pattern whose query asks for a width. Without
// data-responsive (ciToken) the viewer requests folder + pattern as they are.
const params = new URLSearchParams(window.location.search);
const spin = document.getElementById('spin');
spin.dataset.folder = params.get('folder');          // e.g. http://127.0.0.1:PORT/demo/cdn/spin/
spin.dataset.filenameX = params.get('pattern');      // e.g. frame-{index}.jpg?w=300
spin.dataset.amountX = params.get('amount');
spin.dataset.indexZeroBase = params.get('digits');   // 2: frame-01 … frame-24
window.__spinErrors = [];
window.addEventListener('error', (e) => window.__spinErrors.push(String(e.message)));
window.CI360.initAll();
