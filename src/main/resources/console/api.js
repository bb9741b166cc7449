// The one way the console talks to the server: same origin, the session cookie as credential,
// X-CSRF-Token on every state-changing call. The API key itself never reaches this code after sign-in.
let csrfToken = null;
const lostListeners = [];

export function setCsrf(token) { csrfToken = token; }
export function onSessionLost(fn) { lostListeners.push(fn); }

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.msg || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code || null;
    this.hint = body?.hint || null;
    this.errors = Array.isArray(body?.errors) ? body.errors : []; // every field in error, when the server lists them
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function headersFor(method, json) {
  const headers = { Accept: 'application/json' };
  if (!SAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (json) headers['Content-Type'] = 'application/json';
  return headers;
}

function lost(status, code, session) {
  if (session && status === 401) lostListeners.forEach((fn) => fn(code));
}

/**
 * A JSON call. Rejects with ApiError on any error envelope. `session: false` for calls that do not
 * act as the signed-in key (the SASS key exchange, the sign-in itself): their 401 does not end the console.
 */
export async function api(method, path, body, { session = true } = {}) {
  const init = { method, headers: headersFor(method, body !== undefined), credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { msg: 'The server cannot be reached.', hint: String(e.message || e) });
  }
  let json = null;
  try { json = await response.json(); } catch { /* not JSON */ }
  if (!response.ok || json?.status === 'error') {
    lost(response.status, json?.code, session);
    throw new ApiError(response.status, json);
  }
  return json;
}

/** Uploads files with XHR (fetch has no upload progress); onProgress gets a fraction 0..1. */
export function upload(path, files, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => {
      let json = null;
      try { json = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300 && json?.status !== 'error') { onProgress(1); resolve(json); return; }
      lost(xhr.status, json?.code, true);
      reject(new ApiError(xhr.status, json));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { msg: 'The upload failed: the server cannot be reached.' })));
    const form = new FormData();
    for (const f of files) form.append('files[]', f, f.name);
    xhr.send(form);
  });
}

export const enc = encodeURIComponent;
