// The Web Worker that runs programs, so that a long or endless one never blocks the
// page: the page can always terminate this worker (Stop, or its wall-clock timeout)
// and start another. The page compiles the .wasm once and sends the compiled
// WebAssembly.Module, so a replacement worker is ready almost at once.
//
// Messages in:  { type: 'init', module }
//               { type: 'run', id, source, options }
// Messages out: { type: 'ready', tiers, passes, version } | { type: 'init-failed', message }
//               { type: 'result', id, outcome } | { type: 'failure', id, message }
//
// The bytecode listing comes in the outcome's `dump` when `options.dump` asks for it.

import { init, passes, run, tiers, version } from 'monkey-jit';

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    try {
      await init(data.module);
      self.postMessage({ type: 'ready', tiers: tiers(), passes: passes(), version: version() });
    } catch (err) {
      self.postMessage({ type: 'init-failed', message: String(err?.message ?? err) });
    }
  } else if (data.type === 'run') {
    const { id, source, options } = data;
    try {
      self.postMessage({ type: 'result', id, outcome: run(source, options) });
    } catch (err) {
      // Invalid options (TypeError, RangeError): a bug of the page or a bad shared link.
      self.postMessage({ type: 'failure', id, message: `${err.name}: ${err.message}` });
    }
  }
};
