// Entry of the editor page's bundle: the Filerobot Image Editor as published (filerobot-image-editor
// 5.0.0, the vanilla bridge, over react-filerobot-image-editor 5.0.1; see package-lock.json), used the
// way a page with a SASS key uses it: exchange the Security Template for a key, find the file in a
// listing, open its url.cdn in the editor, and upload what the editor saves into another folder.
import FilerobotImageEditor from 'filerobot-image-editor';

const { TABS, TOOLS } = FilerobotImageEditor;
const params = new URLSearchParams(window.location.search);
const api = params.get('api');         // the Assetgate server, another origin than this page
const token = params.get('token');
const folder = params.get('folder');   // where the image is
const name = params.get('name');       // which image
const target = params.get('target');   // where the edited image goes

// What the driver reads: errors, the file opened, and the upload's answer.
const state = window.__editor = { errors: [], source: null, saved: null, uploaded: null };
window.addEventListener('error', (e) => state.errors.push(String(e.message)));

async function json(response, what) {
  const body = await response.json();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** The editor's onSave: its image as a data URL becomes a multipart upload with the SASS key. */
async function upload(key, imageData) {
  const blob = await (await fetch(imageData.imageBase64)).blob();
  const form = new FormData();
  form.append('files[]', blob, imageData.fullName);
  const response = await fetch(`${api}/${token}/v4/files?folder=${encodeURIComponent(target)}`,
    { method: 'POST', headers: { 'X-Filerobot-Key': key }, body: form });
  state.uploaded = await json(response, 'upload');
}

async function main() {
  const { key } = await json(await fetch(`${api}/${token}/key/${params.get('template')}`), 'key exchange');
  const listing = await json(await fetch(`${api}/${token}/v5/files?folder=${encodeURIComponent(folder)}`,
    { headers: { 'X-Filerobot-Key': key } }), 'listing');
  const file = listing.files.find((f) => f.name === name);
  if (!file) throw new Error(`${name} is not in ${folder}`);
  state.source = file.url.cdn;
  const editor = new FilerobotImageEditor(document.getElementById('editor'), {
    source: file.url.cdn,
    tabsIds: [TABS.ADJUST],
    defaultTabId: TABS.ADJUST,
    defaultToolId: TOOLS.ROTATE,
    [TOOLS.ROTATE]: { angle: 90, componentType: 'buttons' },
    defaultSavedImageName: params.get('saveAs'),
    defaultSavedImageType: 'jpeg',
    useBackendTranslations: false, // the vendor's translation service; the built-in English suffices
    onSave: (imageData) => {
      state.saved = { fullName: imageData.fullName, mimeType: imageData.mimeType, width: imageData.width, height: imageData.height,
        canvas: [imageData.imageCanvas?.width, imageData.imageCanvas?.height] };
      return upload(key, imageData).catch((e) => state.errors.push(String(e.stack || e)));
    },
  });
  editor.render();
}

main().catch((e) => state.errors.push(String(e.stack || e)));
