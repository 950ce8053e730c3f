// The part of the JavaScript API that node and browsers share: loading state, argument
// validation and thin wrappers over the wasm-bindgen glue in pkg/web. The two entry
// points (index.js for node, browser.js for everything else) add only `init()`.

import * as wasm from '../pkg/web/monkey_jit.js';

/** Every tier name the API knows; `tiers()` says which of them this build can run. */
const TIER_NAMES = ['interp', 'template', 'trace', 'auto'];
/** What the trace tier can dump into a result's `dump`. */
const DUMP_KINDS = ['bytecode', 'ir', 'passes', 'ir-opt', 'js', 'template'];

let ready = false;
let loading = null; // the promise of an init() in progress
let loadOnFirstUse = null; // node: instantiates synchronously when init() was not awaited
let availableTiers = null; // wasm.tiers(), cached: a build's tiers never change

/**
 * The body of both entries' `init(input)`: checks `input`, then runs `instantiate`
 * (which may return a promise) unless the module is already loaded. Concurrent calls
 * share one promise; after a failure a later call tries again. Never throws: a bad
 * `input` is a rejected promise.
 */
export function initOnce(input, instantiate) {
  try {
    checkInitInput(input);
  } catch (err) {
    return Promise.reject(err);
  }
  if (ready) return Promise.resolve();
  loading ??= Promise.resolve()
    .then(instantiate)
    .then(
      () => {
        ready = true;
      },
      (err) => {
        loading = null;
        throw err;
      },
    );
  return loading;
}

/** Lets the other functions load the module themselves (node: synchronously from disk). */
export function loadOnFirstUseWith(instantiateSync) {
  loadOnFirstUse = instantiateSync;
}

function requireReady(name) {
  if (ready) return;
  if (!loadOnFirstUse) {
    throw new TypeError(`monkey-jit: call \`await init()\` first: ${name}() needs the WebAssembly module`);
  }
  loadOnFirstUse();
  ready = true;
}

/**
 * Checks the argument of `init()`: what the wasm-bindgen glue can instantiate from.
 * Plain objects are rejected here because the glue would read them as its own options.
 */
function checkInitInput(input) {
  const accepted =
    input === undefined ||
    typeof input === 'string' ||
    input instanceof URL ||
    input instanceof ArrayBuffer ||
    ArrayBuffer.isView(input) ||
    input instanceof WebAssembly.Module ||
    (typeof Request === 'function' && input instanceof Request) ||
    (typeof Response === 'function' && input instanceof Response) ||
    input instanceof Promise;
  if (!accepted) {
    throw new TypeError(
      `monkey-jit: init() takes the .wasm as bytes, a URL, a Response or a WebAssembly.Module, got ${describe(input)}`,
    );
  }
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return value === undefined ? 'undefined' : `${typeof value} ${String(value)}`;
}

function assertSource(name, source) {
  if (typeof source !== 'string') {
    throw new TypeError(`monkey-jit: ${name}() expects the program source as a string, got ${describe(source)}`);
  }
}

function checkTier(value) {
  if (typeof value !== 'string') return new TypeError(`must be a string, got ${describe(value)}`);
  const available = tiersOfThisBuild();
  if (available.includes(value)) return null;
  const list = (names) => names.map((t) => `'${t}'`).join(', ');
  return TIER_NAMES.includes(value)
    ? new RangeError(`must be a tier this build has (${list(available)}), got ${describe(value)}`)
    : new RangeError(`must be one of ${list(TIER_NAMES)}, got ${describe(value)}`);
}

function checkCount(value) {
  if (typeof value !== 'number') return new TypeError(`must be a number, got ${describe(value)}`);
  if (Number.isSafeInteger(value) && value >= 0) return null;
  if (Number.isInteger(value) && value > 0) return new RangeError(`must be at most ${Number.MAX_SAFE_INTEGER}, got ${value}`);
  return new RangeError(`must be a non-negative integer, got ${value}`);
}

function checkDump(value) {
  if (!Array.isArray(value)) return new TypeError(`must be an array of dump kinds, got ${describe(value)}`);
  const unknown = value.find((kind) => !DUMP_KINDS.includes(kind));
  if (unknown === undefined) return null;
  return new RangeError(`has ${describe(unknown)}, not a dump kind (${DUMP_KINDS.map((k) => `'${k}'`).join(', ')})`);
}

function checkString(value) {
  return typeof value === 'string' ? null : new TypeError(`must be a string, got ${describe(value)}`);
}

function checkCallback(value) {
  return typeof value === 'function' ? null : new TypeError(`must be a function, got ${describe(value)}`);
}

/** Each option of `run` and its check: null when the value is fine, else the error to throw. */
const OPTIONS = {
  tier: checkTier,
  maxSteps: checkCount,
  maxHeap: checkCount,
  hotLoop: checkCount,
  hotFunc: checkCount,
  dump: checkDump,
  opt: checkString, // the pass names are checked on the Rust side
  onEvent: checkCallback,
};

/** `maxsteps`, `max_steps` and `max-steps` all suggest `maxSteps`. */
function suggestOption(key) {
  const squash = (name) => name.replace(/[-_]/g, '').toLowerCase();
  const match = Object.keys(OPTIONS).find((known) => squash(known) === squash(key));
  return match ? ` (did you mean '${match}'?)` : ` (options: ${Object.keys(OPTIONS).join(', ')})`;
}

/**
 * Checks `options` and returns the set ones as the Rust side takes them, with `onEvent`
 * apart. Throws a TypeError (wrong type, unknown key) or RangeError (a value out of
 * range) that names the option.
 */
function checkOptions(options) {
  // Options go to the Rust side in objects without a prototype: it reads inherited
  // properties too (`Object.prototype.maxSteps = 3` limited every run: found by an audit).
  if (options === undefined) return { onEvent: undefined, vmOptions: Object.create(null) };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`monkey-jit: run() options must be an object, got ${describe(options)}`);
  }
  const checked = Object.create(null);
  for (const [key, value] of Object.entries(options)) {
    const check = Object.hasOwn(OPTIONS, key) ? OPTIONS[key] : undefined;
    if (!check) throw new TypeError(`monkey-jit: unknown run() option '${key}'${suggestOption(key)}`);
    if (value === undefined) continue;
    const problem = check(value);
    if (problem) {
      problem.message = `monkey-jit: run() option '${key}' ${problem.message}`;
      throw problem;
    }
    checked[key] = value;
  }
  const { onEvent } = checked;
  delete checked.onEvent;
  if (checked.dump) checked.dump = checked.dump.join(',');
  return { onEvent, vmOptions: checked };
}

// JIT code needs about 320 KiB of the engine's stack below run() (src/api.rs
// `JIT_STACK`: template code's share and the Wasm helpers' frames). Called from deep in
// the host's own recursion, a helper cut short by a RangeError would leave the Wasm
// module's state half-updated, so run() checks first, by recursing this far: each frame
// keeps 16 numbers live across its call (about 190 bytes a frame optimized, node 20;
// more before V8 optimizes it, which only makes the check stricter). 1,700 frames cost
// about 15 µs. Too little left: the JIT tiers run the interpreter (a `jit-unavailable`
// event says so). Node's main thread has about 5,100 such frames, a Chromium worker 2,500.
const JIT_STACK_FRAMES = 1700;

function stackProbe(n) {
  const a0 = n + 1, a1 = n + 2, a2 = n + 3, a3 = n + 4, a4 = n + 5, a5 = n + 6, a6 = n + 7, a7 = n + 8;
  const a8 = n + 9, a9 = n + 10, a10 = n + 11, a11 = n + 12, a12 = n + 13, a13 = n + 14, a14 = n + 15, a15 = n + 16;
  if (n > 0) stackProbe(n - 1);
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
}

function enoughStackForJit() {
  try {
    stackProbe(JIT_STACK_FRAMES);
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

function tiersOfThisBuild() {
  availableTiers ??= Object.freeze(wasm.tiers());
  return availableTiers;
}

/**
 * Parses, compiles and runs a Monkey program. Syntax and runtime errors do not throw:
 * they are returned in `error`. Throws only for invalid arguments, in browsers when
 * `init()` has not completed, when `onEvent` throws (that exception, after the run: the
 * events after it are not delivered), and with no stack left even for the interpreter.
 */
export function run(source, options) {
  assertSource('run', source);
  requireReady('run');
  const { onEvent, vmOptions } = checkOptions(options);
  if (vmOptions.tier !== 'interp' && !enoughStackForJit()) vmOptions.lowStack = true;
  let outcome;
  try {
    outcome = wasm.run(source, vmOptions);
  } catch (err) {
    // The one option only the Rust side can check: the passes that `opt` names.
    if (err.message.startsWith('invalid options: ')) throw new RangeError(`monkey-jit: run() ${err.message}`);
    throw err;
  }
  const { stdout, result, error, stats, events, dump } = outcome;
  if (onEvent) for (const event of events) onEvent(event);
  return { stdout, result, error, stats, events, dump };
}

/**
 * Compiles a program and returns its bytecode listing. Throws an Error whose message
 * lists the syntax and compile errors when the program has any.
 */
export function compile(source) {
  assertSource('compile', source);
  requireReady('compile');
  return wasm.disassemble(source);
}

/** The tiers this build can run, e.g. `['interp', 'auto']`. */
export function tiers() {
  requireReady('tiers');
  return [...tiersOfThisBuild()];
}

/** The trace optimizer's passes in pipeline order: the names the `opt` option takes. */
export function passes() {
  requireReady('passes');
  return wasm.passes();
}

/** The version of the Rust crate the WebAssembly module was built from. */
export function version() {
  requireReady('version');
  return wasm.version();
}

/**
 * A REPL session: each `eval` compiles and runs one entry, and the globals it defines
 * stay visible to later entries. Its memory is released when the session is garbage
 * collected, or at once by `free()`.
 */
export class Session {
  #inner;

  constructor(...args) {
    requireReady('new Session');
    // A session always runs in the interpreter; options such as `{ tier: 'trace' }`
    // were silently ignored (found in review).
    if (args.some((a) => a !== undefined)) {
      throw new TypeError('monkey-jit: new Session() takes no options: a session runs its entries in the interpreter');
    }
    this.#inner = new wasm.Session();
  }

  /**
   * Runs one entry. Like `run`, errors are returned, not thrown; `result` is the printed
   * form of the entry's value, or null when it ended with an error.
   */
  eval(source) {
    assertSource('Session.eval', source);
    if (!this.#inner) throw new Error('monkey-jit: Session.eval() on a session that was freed');
    const { stdout, result, error } = this.#inner.eval(source);
    return { stdout, result, error };
  }

  /** Releases the session's memory now; the session cannot be used afterwards. */
  free() {
    this.#inner?.free();
    this.#inner = null;
  }
}
