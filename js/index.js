// The node entry point of monkey-jit (package.json `exports`, condition `node`). The
// .wasm is read from disk next to this package: `init()` is optional here, because the
// first call that needs the module instantiates it synchronously.
//
//   import { run } from 'monkey-jit';
//   const { stdout, result, error } = run('puts(1 + 2); 10');

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { initSync } from '../pkg/web/monkey_jit.js';
import { initOnce, loadOnFirstUseWith } from './api.js';

export { compile, passes, run, Session, tiers, version } from './api.js';

const WASM = new URL('../pkg/web/monkey_jit_bg.wasm', import.meta.url);

loadOnFirstUseWith(() => initSync({ module: readFileSync(WASM) }));

/**
 * Loads the WebAssembly module; a no-op once loaded. Without `input` it reads the
 * package's .wasm from disk, as it does for any `file:` URL; other URLs are fetched.
 * Whatever the input, the module is instantiated synchronously at the end, so that a
 * call that loads it on first use meanwhile cannot make a second instance.
 */
export function init(input) {
  return initOnce(input, async () => initSync({ module: await wasmSource(input ?? WASM) }));
}

/** The bytes or compiled module that `input` stands for. */
async function wasmSource(input) {
  if (input instanceof WebAssembly.Module || input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return input;
  if (String(input).startsWith('file:')) return readFile(new URL(input));
  const fetchable = typeof input === 'string' || input instanceof URL || input instanceof Request;
  const response = await (fetchable ? fetch(input) : input);
  if (!response.ok) {
    throw new Error(`monkey-jit: fetching the .wasm failed: ${response.status} ${response.statusText} ${response.url}`);
  }
  return response.arrayBuffer();
}
