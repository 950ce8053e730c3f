// The page's side of the worker (worker.js): one run at a time, a wall-clock timeout,
// and Stop, which terminates the worker and starts a fresh one.

/** A run ended by the Stop button. */
export class StoppedError extends Error {
  name = 'StoppedError';
}

/** A run that outlived its wall-clock timeout. */
export class TimeoutError extends Error {
  name = 'TimeoutError';
}

export class Runner {
  #module;
  #workerUrl;
  #worker = null;
  #ready = null;
  #pending = null;
  #nextId = 1;

  /** `module` is the compiled monkey-jit WebAssembly.Module each worker instantiates. */
  constructor(module, workerUrl) {
    this.#module = module;
    this.#workerUrl = workerUrl;
    this.#spawn();
  }

  /** Resolves to `{ tiers, passes, version }` once the current worker has loaded the module. */
  ready() {
    return this.#ready;
  }

  /** Whether a run is in progress. */
  get busy() {
    return this.#pending !== null;
  }

  /**
   * Runs `source` with `options` (those of the API's `run()`). Resolves to
   * `{ outcome, wallMs }`; rejects with StoppedError, TimeoutError after `timeoutMs`,
   * or an Error the API threw.
   */
  async run(source, options, { timeoutMs = 0 } = {}) {
    if (this.#pending) throw new Error('a program is already running');
    const id = this.#nextId++;
    const result = new Promise((resolve, reject) => {
      this.#pending = { id, resolve, reject, timer: null, started: 0 };
    });
    try {
      await this.#ready;
    } catch (err) {
      this.#finish(err);
      return result;
    }
    const pending = this.#pending;
    if (pending?.id !== id) return result; // stopped while the worker was starting
    if (timeoutMs > 0) {
      // setTimeout fires at once for delays past 2^31 - 1 ms (24.8 days): wait that long.
      pending.timer = setTimeout(() => {
        this.#restart(new TimeoutError(`stopped after ${formatSeconds(timeoutMs)}: the wall-clock limit`));
      }, Math.min(timeoutMs, 2 ** 31 - 1));
    }
    pending.started = performance.now();
    this.#worker.postMessage({ type: 'run', id, source, options });
    return result;
  }

  /** Ends the current run, if any, by replacing the worker. */
  stop() {
    if (this.#pending) this.#restart(new StoppedError('stopped'));
  }

  #spawn() {
    const worker = new Worker(this.#workerUrl, { type: 'module', name: 'monkey-jit runner' });
    this.#worker = worker;
    this.#ready = new Promise((resolve, reject) => {
      let started = false; // whether the worker's script ran far enough to answer
      worker.onmessage = ({ data }) => {
        started = true;
        if (data.type === 'ready') resolve({ tiers: data.tiers, passes: data.passes, version: data.version });
        else if (data.type === 'init-failed') reject(new Error(`could not load the WebAssembly module: ${data.message}`));
        else this.#settle(data);
      };
      worker.onerror = async (event) => {
        event.preventDefault();
        // A script that does not load, does not parse or throws as it is imported gives
        // an error event without a message (Chromium, for module workers): look again.
        const err = started ? new Error(`the worker failed: ${event.message || 'unknown error'}`) : await startFailure(this.#workerUrl, event.message);
        if (worker !== this.#worker) return; // replaced (Stop) while we looked
        reject(err);
        this.#finish(err);
      };
    });
    this.#ready.catch(() => {}); // reported through run()
    worker.postMessage({ type: 'init', module: this.#module });
  }

  #restart(err) {
    this.#worker.terminate();
    this.#spawn();
    this.#finish(err);
  }

  #settle(data) {
    if (data.id !== this.#pending?.id) return; // a result that lost the race with Stop
    const wallMs = performance.now() - this.#pending.started;
    if (data.type === 'result') this.#finish(null, { outcome: data.outcome, wallMs });
    else this.#finish(new Error(data.message));
  }

  #finish(err, value) {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    clearTimeout(pending.timer);
    if (err) pending.reject(err);
    else pending.resolve(value);
  }
}

/**
 * Why a worker that never answered could not start, said so that someone can act on it:
 * with no message from the browser, a second request for its script tells a missing file
 * (HTTP 404) or a network error from a script that loaded but failed.
 */
async function startFailure(url, message) {
  const advice = 'Reload the page; if that does not help, rebuild the page (npm run build:www).';
  let what;
  if (message) {
    what = `failed as it started: ${message}`;
  } else {
    try {
      // Not for ever: a stalled request would leave the page waiting, Run disabled.
      const response = await fetch(url, { method: 'HEAD', cache: 'no-store', signal: AbortSignal.timeout(5000) });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok) what = `did not load: HTTP ${response.status} ${response.statusText}`.trim();
      else if (!/javascript|ecmascript/i.test(type)) what = `did not load: it is served as ${type || 'no Content-Type'}, not JavaScript`;
      else what = 'loaded but failed as it started (the browser\'s console says why)';
    } catch (err) {
      what = err.name === 'TimeoutError' ? 'did not load: the server did not answer within 5 s' : `did not load: ${err.message} (a network error)`;
    }
  }
  return new Error(`the playground's worker (${url.href}) ${what}. ${advice}`);
}

function formatSeconds(ms) {
  return `${+(ms / 1000).toFixed(1)} s`;
}
