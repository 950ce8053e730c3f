// The browser entry point of monkey-jit (package.json `exports`, conditions `browser`
// and `default`): `await init()` before anything else. It fetches the .wasm from next
// to this package's files, or from wherever `input` says.
//
//   import { init, run } from 'monkey-jit';
//   await init();
//   const { stdout, result, error } = run('puts(1 + 2); 10');

import initWasm from '../pkg/web/monkey_jit.js';
import { initOnce } from './api.js';

export { compile, passes, run, Session, tiers, version } from './api.js';

/**
 * Loads the WebAssembly module; a no-op once loaded, and concurrent calls share one
 * promise. `input` is the .wasm as a URL, a Response (or a promise of one), bytes or a
 * compiled WebAssembly.Module; by default it is fetched relative to this file.
 */
export function init(input) {
  return initOnce(input, () =>
    initWasm({
      // Written out here, not at the top, so that a bundle without import.meta (an
      // iife) still loads; Vite and webpack see this pattern and ship the .wasm.
      module_or_path: input ?? new URL('../pkg/web/monkey_jit_bg.wasm', import.meta.url),
    }),
  );
}
