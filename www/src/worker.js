// The Web Worker that runs programs, so that a long or endless one never blocks the
// page: the page can always terminate this worker (Stop, or its wall-clock timeout)
// and start another. The page compiles the .wasm once and sends the compiled
// WebAssembly.Module, so a replacement worker is ready almost at once.
//
// Messages in:  { type: 'init', module }
//               { type: 'run', id, source, options, listing }
// Messages out: { type: 'ready', tiers, passes, version } | { type: 'init-failed', message }
//               { type: 'result', id, outcome, bytecode } | { type: 'failure', id, message }

import { compile, init, passes, run, tiers, version } from 'monkey-jit';

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    try {
      await init(data.module);
      self.postMessage({ type: 'ready', tiers: tiers(), passes: passes(), version: version() });
    } catch (err) {
      self.postMessage({ type: 'init-failed', message: String(err?.message ?? err) });
    }
  } else if (data.type === 'run') {
    const { id, source, options, listing } = data;
    try {
      const outcome = run(source, options);
      // The listing is a separate compile: `run()` does not return its bytecode.
      let bytecode = null;
      if (listing) {
        try {
          bytecode = { text: compile(source) };
        } catch (err) {
          bytecode = { error: err.message };
        }
      }
      self.postMessage({ type: 'result', id, outcome, bytecode });
    } catch (err) {
      // Invalid options (TypeError, RangeError): a bug of the page or a bad shared link.
      self.postMessage({ type: 'failure', id, message: `${err.name}: ${err.message}` });
    }
  }
};
