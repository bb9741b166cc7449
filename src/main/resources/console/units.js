// Sizes and durations in the template form, typed as people say them ("10 MB", "20m", "1h") and sent
// as the whole numbers the API takes (bytes, seconds). Each parser answers { value } or { error }.
const SIZE_UNITS = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3, tb: 1024 ** 4, tib: 1024 ** 4 };
const SIZE_NAMES = [['TB', 1024 ** 4], ['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]];
const TIME_UNITS = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400 };
const TIME_NAMES = [['d', 86400], ['h', 3600], ['m', 60]];

/** Empty: null (no value). A number alone is bytes; "10 MB", "1.5GB", "500 KB" (1 MB = 1024 KB). */
export function parseSize(text) {
  const t = text.trim();
  if (t === '') return { value: null };
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(t);
  const unit = m && SIZE_UNITS[(m[2] || 'b').toLowerCase()];
  if (!unit) return { error: `“${t}” is not a size: write e.g. 10 MB, 500 KB or 2 GB` };
  const value = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(value) ? { value } : { error: `“${t}” is too large` };
}

/** Bytes in the largest unit that says them exactly: 10485760 → "10 MB", 1000 → "1000 B". */
export function formatSize(bytes) {
  if (bytes === null || bytes === undefined) return '';
  const [name, size] = SIZE_NAMES.find(([, s]) => bytes >= s && bytes % s === 0) || ['B', 1];
  return `${bytes / size} ${name}`;
}

/** Empty: null. A number alone is seconds; "90s", "20m", "1h", "7d", or parts together: "1h 30m". */
export function parseDuration(text) {
  const t = text.trim().toLowerCase();
  if (t === '') return { value: null };
  if (/^\d+$/.test(t)) return { value: Number(t) };
  const parts = [...t.matchAll(/(\d+)\s*([a-z]+)\s*/g)];
  const whole = parts.map((p) => p[0]).join('') === t;
  if (!parts.length || !whole || parts.some((p) => !TIME_UNITS[p[2]])) {
    return { error: `“${text.trim()}” is not a duration: write e.g. 90s, 20m, 1h or 7d` };
  }
  return { value: parts.reduce((sum, p) => sum + Number(p[1]) * TIME_UNITS[p[2]], 0) };
}

/** Seconds in the largest unit that says them exactly: 1200 → "20m", 3600 → "1h", 90 → "90s". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const [name, size] = TIME_NAMES.find(([, s]) => seconds >= s && seconds % s === 0) || ['s', 1];
  return `${seconds / size}${name}`;
}

/** Empty: null. Else a whole number, not negative. */
export function parseCount(text) {
  const t = text.trim();
  if (t === '') return { value: null };
  return /^\d+$/.test(t) ? { value: Number(t) } : { error: `“${t}” is not a whole number` };
}
