// Bundles widget.js and the widget's npm packages into one browser script, build/widget.js (+ .css).
// The settings are the ones the widget needs, as in e2e/bundle.mjs (the end-to-end test of the widget).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [path.join(here, 'widget.js')],
  outfile: path.join(here, 'build', 'widget.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome110',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  // The widget reads process.env.REACT_APP_GITLAB_REVIEW_ENV at run time.
  banner: { js: 'var process = globalThis.process || (globalThis.process = { env: {} });' },
  // Only lazily imported by picker modes this page does not use.
  external: ['@filerobot/url', '@filerobot/progress-panel', '@filerobot/onedrive',
    '@filerobot/google-drive', '@filerobot/dropbox'],
  loader: { '.png': 'dataurl', '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.js': 'jsx' },
});
console.log('built examples/widget/build/widget.js: serve this folder and open index.html');
