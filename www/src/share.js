// Links that carry a program: the code (lz-string compressed, URL-safe), the tier and
// the run options, in the URL's hash so that they never reach a server.
//
//   #tier=trace&hotLoop=10&code=DYUwLgBAhg...

import LZString from 'lz-string'; // CommonJS: a default import works in node and bundlers

const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = LZString;

/** The options a link carries besides `code` and `tier`, all non-negative integers. */
const NUMBER_KEYS = ['hotLoop', 'hotFunc', 'maxSteps'];

/** The hash (with its `#`) for `{ code, tier, hotLoop?, hotFunc?, maxSteps? }`. */
export function encodeHash(state) {
  const parts = [];
  if (state.tier) parts.push(`tier=${encodeURIComponent(state.tier)}`);
  for (const key of NUMBER_KEYS) {
    if (Number.isSafeInteger(state[key])) parts.push(`${key}=${state[key]}`);
  }
  parts.push(`code=${compressToEncodedURIComponent(state.code)}`);
  return `#${parts.join('&')}`;
}

/**
 * The state a hash carries, or null when it carries no program. Unknown keys and
 * malformed numbers are ignored; whether the tier exists is the caller's to check.
 */
export function decodeHash(hash) {
  const fields = new Map();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  if (!fields.has('code')) return null;
  const code = decompressFromEncodedURIComponent(fields.get('code'));
  if (typeof code !== 'string' || code === '') return null; // garbage decodes to '' or null
  const state = { code };
  if (fields.has('tier')) state.tier = safeDecode(fields.get('tier'));
  for (const key of NUMBER_KEYS) {
    const value = Number(fields.get(key));
    if (fields.has(key) && Number.isSafeInteger(value) && value >= 0) state[key] = value;
  }
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
