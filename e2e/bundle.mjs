// Bundles widget-entry.js (ES modules from npm) into one browser script, build/widget.js (+ .css).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [path.join(here, 'widget-entry.js')],
  outfile: path.join(here, 'build', 'widget.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome110',
  minify: false,
  sourcemap: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  // The widget reads process.env.REACT_APP_GITLAB_REVIEW_ENV at run time.
  banner: { js: 'var process = globalThis.process || (globalThis.process = { env: {} });' },
  // Only lazily imported by picker modes the test does not use.
  external: ['@filerobot/url', '@filerobot/progress-panel', '@filerobot/onedrive',
    '@filerobot/google-drive', '@filerobot/dropbox'],
  loader: { '.png': 'dataurl', '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl',
    '.js': 'jsx' },
});
console.log('bundled e2e/build/widget.js');
