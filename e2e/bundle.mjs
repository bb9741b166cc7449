// Bundles the test pages' entries (ES modules from npm) into one browser script each: widget-entry.js
// into build/widget.js (+ .css), editor-entry.js (the Filerobot Image Editor) into build/editor.js.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: { widget: path.join(here, 'widget-entry.js'), editor: path.join(here, 'editor-entry.js') },
  outdir: path.join(here, 'build'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome110',
  minify: false,
  sourcemap: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  // provides React to the editor's modules that use it without importing it (see react-global.js)
  inject: [path.join(here, 'react-global.js')],
  // The widget reads process.env.REACT_APP_GITLAB_REVIEW_ENV at run time.
  banner: { js: 'var process = globalThis.process || (globalThis.process = { env: {} });' },
  // Only lazily imported by picker modes the test does not use.
  external: ['@filerobot/url', '@filerobot/progress-panel', '@filerobot/onedrive',
    '@filerobot/google-drive', '@filerobot/dropbox'],
  loader: { '.png': 'dataurl', '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl',
    '.js': 'jsx' },
});
console.log('bundled e2e/build/widget.js and e2e/build/editor.js');
