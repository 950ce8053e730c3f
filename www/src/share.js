// Links that carry a program: the code (lz-string compressed, URL-safe), the tier and
// the run options, in the URL's hash so that they never reach a server.
//
//   #tier=trace&hotLoop=10&hotFunc=&maxSteps=50000000&timeout=10&code=DYUwLgBAhg...

import LZString from 'lz-string'; // CommonJS: a default import works in node and bundlers

const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = LZString;

/** The options a link carries besides `code` and `tier`: non-negative integers (as run() takes). */
const NUMBER_KEYS = ['hotLoop', 'hotFunc', 'maxSteps'];
/** The page's wall-clock limit, in seconds: at most what setTimeout can wait. */
const MAX_TIMEOUT_S = 2147483;

const validNumber = {
  hotLoop: (n) => Number.isSafeInteger(n) && n >= 0,
  hotFunc: (n) => Number.isSafeInteger(n) && n >= 0,
  maxSteps: (n) => Number.isSafeInteger(n) && n >= 0,
  timeout: (n) => Number.isFinite(n) && n >= 0 && n <= MAX_TIMEOUT_S,
};

/**
 * The hash (with its `#`) for `{ code, tier, hotLoop?, hotFunc?, maxSteps?, timeout? }`
 * (`timeout` in seconds). A number that is null is written empty (`hotFunc=`: the field
 * left empty); one that is undefined is left out (the page's default).
 */
export function encodeHash(state) {
  const parts = [];
  if (state.tier) parts.push(`tier=${encodeURIComponent(state.tier)}`);
  for (const key of Object.keys(validNumber)) {
    if (state[key] === null) parts.push(`${key}=`);
    else if (validNumber[key](state[key])) parts.push(`${key}=${state[key]}`);
  }
  parts.push(`code=${compressToEncodedURIComponent(state.code)}`);
  return `#${parts.join('&')}`;
}

/**
 * The state a hash carries, or null when it has no `code`. `code` is null when it could
 * not be decompressed (garbage, or a link cut short). A number written empty is null (an
 * empty field); one that is missing is absent (the page's default); one that is not
 * valid is absent too, and named in `invalid`. Unknown keys are ignored; whether the
 * tier exists is the caller's to check.
 */
export function decodeHash(hash) {
  const fields = new Map();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  if (!fields.has('code')) return null;
  const raw = fields.get('code');
  let code = decompressFromEncodedURIComponent(raw);
  // Garbage decodes to null or ''; so does a link cut short. Only '' itself encodes to ''.
  if (typeof code !== 'string' || (code === '' && raw !== compressToEncodedURIComponent(''))) code = null;
  const state = { code };
  if (fields.has('tier')) state.tier = safeDecode(fields.get('tier'));
  const invalid = [];
  for (const key of Object.keys(validNumber)) {
    if (!fields.has(key)) continue;
    const text = fields.get(key);
    const value = Number(text);
    if (text === '') state[key] = null;
    else if (/^[0-9.]+(e[-+]?[0-9]+)?$/i.test(text) && validNumber[key](value)) state[key] = value;
    else invalid.push(key);
  }
  if (invalid.length) state.invalid = invalid;
  // Links made before links carried \`timeout\` left empty fields out, and meant them empty
  // (no step limit, say): read a missing number of such a link as empty (found in review).
  if (!fields.has('timeout')) for (const key of NUMBER_KEYS) if (!(key in state) && !invalid.includes(key)) state[key] = null;
  return state;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Copies `text` to the clipboard. Resolves to true, or to false where the Clipboard API
 * is missing, refused (an insecure origin, no permission) or still waiting after a
 * second (a permission prompt, a page without focus): the caller then shows the text.
 */
export async function copyText(text) {
  const giveUp = new Promise((resolve) => setTimeout(resolve, 1000, false));
  const copy = (async () => {
    await navigator.clipboard.writeText(text);
    return true;
  })().catch(() => false);
  return Promise.race([copy, giveUp]);
}
