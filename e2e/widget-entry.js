// Entry of the test page's bundle: the unmodified Filerobot widget packages (see package-lock.json),
// mounted with options taken from the page URL so the driver decides where every call goes.
import Core from '@filerobot/core';
import Explorer from '@filerobot/explorer';
import XHRUpload from '@filerobot/xhr-upload';
import '@filerobot/core/dist/style.min.css';
import '@filerobot/explorer/dist/style.min.css';

const params = new URLSearchParams(window.location.search);
const api = params.get('api');   // e.g. http://127.0.0.1:PORT (the Assetgate server)
const dead = params.get('dead'); // a loopback port nobody listens on, for the vendor-only services

window.__widgetErrors = [];
window.addEventListener('error', (e) => window.__widgetErrors.push(String(e.message)));

try {
  const filerobot = Core({
    container: params.get('token'),
    securityTemplateId: params.get('template'),
    apiEndpoint: api,
    adminApiEndpoint: dead,
    i18nFetchApiEndpoint: dead,
    shareApiEndpoint: dead,
    videoApiEndpoint: dead,
    // The widget offers sharing only to a signed-in user (key/info is_user_info_included) or in its
    // dev mode; Assetgate has no user accounts, so the share step turns dev mode on (every endpoint
    // above is set, so dev mode changes no address).
    dev: params.get('dev') === '1',
  })
    .use(Explorer, { target: '#filerobot', inline: true, width: '100%', height: 860 })
    .use(XHRUpload);
  window.filerobot = filerobot;
  window.__widgetMounted = true;
} catch (e) {
  window.__widgetErrors.push(String(e && e.stack || e));
}
