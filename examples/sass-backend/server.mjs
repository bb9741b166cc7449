// A small backend that mints SASS keys for browsers, with Node.js alone (no dependencies).
//
// Your API secret key stays here, on the server; a browser asks GET /sass-key?user=NAME and gets a
// short-lived SASS key limited to that user's folder /users/NAME/, which it sends as X-Filerobot-Key
// (or hands to the Filerobot widget as its `sassKey` option). The key is minted by Assetgate's
// POST /{token}/key with inline rules, so no Security Template has to exist.
//
// This example trusts ?user= as given: in a real application your own login decides who the user is.
//
//   ASSETGATE_KEY=agsk_… node server.mjs
//
// Settings (environment): ASSETGATE_KEY (required: an API secret key of the project holding
// CONFIG_CHANGE and the permissions handed out below), ASSETGATE_URL (http://localhost:8080),
// ASSETGATE_TOKEN (the project, demo), PORT (3000), ALLOW_ORIGIN (the page's origin allowed by
// CORS, * by default).
import http from 'node:http';

const apiKey = process.env.ASSETGATE_KEY;
const assetgate = (process.env.ASSETGATE_URL || 'http://localhost:8080').replace(/\/$/, '');
const token = process.env.ASSETGATE_TOKEN || 'demo';
const port = Number(process.env.PORT || 3000);
const allowOrigin = process.env.ALLOW_ORIGIN || '*';
if (!apiKey) {
  console.error('Set ASSETGATE_KEY to an API secret key (agsk_…) of project ' + token + '.');
  process.exit(2);
}

// What every browser key may do: upload inside its user's folder, and see it, for 20 minutes, at
// most 10 uploads a minute. Any Security Template field may be used here (docs/security.md).
// The listing scope also names "/" and "/users" alone (those folders, not what is below them), so a
// widget that opens at the project's root can walk down to the user's folder; keep no files there.
function rulesFor(user) {
  const home = `/users/${user}/*`;
  return {
    description: `browser key of ${user}`,
    permissions: ['OBJECTS_LIST', 'OBJECTS_FETCH', 'FILE_UPLOAD'],
    upload: { dir_scope: [home], limit_per_min: 10, max_file_size: 10 * 1024 * 1024 },
    listing: { dir_scope: ['/', '/users', home] },
    key_validity: { expire_duration: 1200 },
  };
}

async function mint(user) {
  const res = await fetch(`${assetgate}/${token}/key`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Filerobot-Key': apiKey },
    body: JSON.stringify(rulesFor(user)),
  });
  const body = await res.json();
  return { status: res.status, body };
}

function send(res, status, body) {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': allowOrigin,
  });
  res.end(JSON.stringify(body));
}

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://backend');
  if (req.method !== 'GET' || url.pathname !== '/sass-key') {
    return send(res, 404, { status: 'error', msg: 'GET /sass-key?user=NAME is the only route' });
  }
  const user = url.searchParams.get('user') || '';
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(user)) {
    return send(res, 400, { status: 'error', msg: 'user: 1-32 lowercase letters, digits or dashes' });
  }
  try {
    const { status, body } = await mint(user);
    if (status !== 200) {
      console.error(`assetgate refused: ${status} ${body.code}: ${body.msg}`);
      return send(res, 502, { status: 'error', msg: 'could not mint a key', code: body.code });
    }
    // Hand over only what the browser needs; Assetgate's answer also says the key's scopes.
    return send(res, 200, {
      status: 'success', key: body.key, expires_at: body.key_validity.expires_at,
      token, api: assetgate, upload_scope: body.upload_scope,
    });
  } catch (e) {
    console.error(`assetgate unreachable at ${assetgate}: ${e.message}`);
    return send(res, 502, { status: 'error', msg: 'Assetgate is unreachable' });
  }
}).listen(port, () => {
  console.log(`SASS key backend on http://localhost:${port}/sass-key?user=alice (project ${token} at ${assetgate})`);
});
