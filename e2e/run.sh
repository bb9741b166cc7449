#!/usr/bin/env bash
# End-to-end test of the unmodified Filerobot widget against a real Assetgate server, in headless
# Chromium. Works from any directory: `bash e2e/run.sh` from the repository root.
# Installs what is missing (Debian chromium, the pinned npm packages), bundles the widget, then runs
# node's test runner on e2e/widget.test.mjs (which builds target/assetgate.jar if it is missing), then on
# e2e/console.test.mjs (the web console) and its screens (console-assets, console-templates, console-admin,
# console-audit), e2e/tus.test.mjs (resumable uploads with tus-js-client), e2e/airbox.test.mjs (Airboxes: console screen and public upload page), e2e/console-upload-policy.test.mjs (a one-time upload policy), and e2e/images.test.mjs (the Filerobot Image Editor, the 360° viewer, the widget's bytes for a folder of photos).
# Screenshots and logs: e2e/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: installing chromium (Debian package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "e2e: Node.js 20 or newer is required (playwright-core 1.65), found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

# Exact versions from package-lock.json; --legacy-peer-deps keeps react-konva on 18 (see package.json).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "e2e: npm ci"
  npm ci --legacy-peer-deps --ignore-scripts --no-audit --no-fund
  touch node_modules
fi

node bundle.mjs
# Bounded: each test stops itself (widget 6 minutes, console 5); these are last resorts around them.
timeout --kill-after=30 480 node --test widget.test.mjs
# The web console at /console, same origin, signed in with a session cookie (no bundle needed).
timeout --kill-after=30 420 node --test console.test.mjs
# The console's asset browser (a server of its own, seeded with a folder of 505 files).
timeout --kill-after=30 420 node --test console-assets.test.mjs
# Image clients: the Filerobot Image Editor, js-cloudimage-360-view, the widget on a folder of 50 photos.
timeout --kill-after=30 360 node --test images.test.mjs
# Resumable uploads: tus-js-client interrupted and resumed against the server's tus endpoint (no browser).
timeout --kill-after=30 300 node --test tus.test.mjs
# Its Security Templates and API keys screens in depth, with axe-core.
timeout --kill-after=30 420 node --test console-templates.test.mjs
# The console's admin screens: project settings, labels, collections, shares, metadata model, approvals.
timeout --kill-after=30 360 node --test console-admin.test.mjs
# The audit trail and the whole console's look: phone cards, focus ring, time zone, messages, dark theme.
timeout --kill-after=30 420 node --test console-audit.test.mjs
# Airboxes: the console's screen and the public upload page at a phone's width, with axe-core.
timeout --kill-after=30 360 node --test airbox.test.mjs
# A one-time upload policy signed in the console, then used by a page on another origin.
timeout --kill-after=30 300 node --test console-upload-policy.test.mjs
