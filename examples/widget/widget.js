// The unmodified Filerobot widget (npm @filerobot/*, pinned in package-lock.json), pointed at an
// Assetgate server. Options come from the page's URL (see README.md):
//   ?template=SECU_…                       exchange a Security Template for a SASS key (the widget does it)
//   ?backend=http://localhost:3000&user=…  ask a backend for a ready SASS key (../sass-backend)
//   &api=http://localhost:8080&token=demo  the server and the project (these defaults)
import Core from '@filerobot/core';
import Explorer from '@filerobot/explorer';
import XHRUpload from '@filerobot/xhr-upload';
import '@filerobot/core/dist/style.min.css';
import '@filerobot/explorer/dist/style.min.css';

const params = new URLSearchParams(window.location.search);
const api = params.get('api') || 'http://localhost:8080';
const token = params.get('token') || 'demo';
const status = document.getElementById('status');
const NO_SERVICE = 'http://127.0.0.1:9';

async function credentials() {
  if (params.get('template')) return { securityTemplateId: params.get('template') };
  if (params.get('backend')) {
    const res = await fetch(`${params.get('backend')}/sass-key?user=${encodeURIComponent(params.get('user') || 'alice')}`);
    const body = await res.json();
    if (!res.ok) throw new Error(`the backend refused: ${body.msg}`);
    return { sassKey: body.key };
  }
  throw new Error('add ?template=SECU_… or ?backend=http://localhost:3000&user=alice to the URL');
}

try {
  const filerobot = Core({
    container: token,
    apiEndpoint: api,
    ...(await credentials()),
    // Filerobot's own hosted services (admin, translations, sharing, video) are not part of Assetgate:
    // a port nobody listens on keeps the widget from calling the vendor's hosts; it copes without them.
    adminApiEndpoint: NO_SERVICE,
    i18nFetchApiEndpoint: NO_SERVICE,
    shareApiEndpoint: NO_SERVICE,
    videoApiEndpoint: NO_SERVICE,
  })
    .use(Explorer, { target: '#filerobot', inline: true, width: '100%', height: Math.max(480, window.innerHeight - status.offsetHeight) })
    .use(XHRUpload);
  window.filerobot = filerobot;
  status.textContent = `Project ${token} on ${api}`;
} catch (e) {
  status.textContent = String(e.message || e);
  status.className = 'error';
}
