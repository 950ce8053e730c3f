// The JavaScript API of monkey-jit: a thin, validating layer over the wasm-bindgen glue
// in pkg/web (built by `npm run build`). It works unchanged in node 20+ and in
// browsers; only `init()` differs, in how it obtains the .wasm bytes.
//
//   import { init, run } from 'monkey-jit';
//   await init();
//   const { stdout, result, error } = run('puts(1 + 2); 10', { tier: 'interp' });

import initWasm, * as wasm from '../pkg/web/monkey_jit.js';

/** The tiers `run` accepts, from the reference interpreter to automatic tiering. */
export const TIERS = Object.freeze(['interp', 'template', 'trace', 'auto']);

/** Each option of `run` and the check its value must pass. */
const OPTIONS = {
  tier: {
    valid: (v) => TIERS.includes(v),
    expected: `one of ${TIERS.map((t) => `'${t}'`).join(', ')}`,
  },
  maxSteps: { valid: isCount, expected: 'a non-negative integer' },
  hotLoop: { valid: isCount, expected: 'a non-negative integer' },
  hotFunc: { valid: isCount, expected: 'a non-negative integer' },
};

function isCount(v) {
  return Number.isSafeInteger(v) && v >= 0;
}

let ready = false;
let initializing = null;

/**
 * Loads and instantiates the WebAssembly module. Call (and await) it once before the
 * other functions; later calls return at once. Node reads the .wasm file from disk,
 * browsers fetch it next to the glue script.
 */
export function init() {
  initializing ??= instantiate().then(
    () => {
      ready = true;
    },
    (err) => {
      initializing = null; // let a later call try again
      throw err;
    },
  );
  return initializing;
}

async function instantiate() {
  if (globalThis.process?.versions?.node) {
    // Imported here, not at the top, so that browsers never load a node: module; the
    // comment keeps webpack from trying to bundle it.
    const { readFile } = await import(/* webpackIgnore: true */ 'node:fs/promises');
    const bytes = await readFile(new URL('../pkg/web/monkey_jit_bg.wasm', import.meta.url));
    wasm.initSync({ module: bytes });
  } else {
    await initWasm();
  }
}

function assertReady(name) {
  if (!ready) throw new Error(`monkey-jit: call \`await init()\` before ${name}()`);
}

function assertSource(name, source) {
  if (typeof source !== 'string') {
    throw new TypeError(`monkey-jit: ${name}() expects the program source as a string, got ${describe(source)}`);
  }
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' || typeof value === 'function') return `a ${typeof value}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Checks `options` and returns a copy with the options that are set, so that the Rust
 * side only ever sees well-formed input. Throws a TypeError that names the problem.
 */
function validateOptions(options) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`monkey-jit: run() options must be an object, got ${describe(options)}`);
  }
  const checked = {};
  for (const [key, value] of Object.entries(options)) {
    const option = OPTIONS[key];
    if (!option) {
      const known = Object.keys(OPTIONS).join(', ');
      throw new TypeError(`monkey-jit: unknown run() option '${key}' (known options: ${known})`);
    }
    if (value === undefined) continue;
    if (!option.valid(value)) {
      throw new TypeError(`monkey-jit: run() option '${key}' must be ${option.expected}, got ${describe(value)}`);
    }
    checked[key] = value;
  }
  return checked;
}

/**
 * Parses, compiles and runs a Monkey program. Syntax and runtime errors do not throw:
 * they are returned in `error`. Throws only for invalid arguments or before `init()`.
 */
export function run(source, options) {
  assertSource('run', source);
  const checked = validateOptions(options);
  assertReady('run');
  const { stdout, result, error, stats } = wasm.run(source, checked);
  return { stdout, result, error, stats };
}

/**
 * Compiles a program and returns its bytecode listing. Throws an Error whose message
 * lists the syntax and compile errors when the program has any.
 */
export function compile(source) {
  assertSource('compile', source);
  assertReady('compile');
  return wasm.disassemble(source);
}

/**
 * A REPL session: each `eval` compiles and runs one entry, and the globals it defines
 * stay visible to later entries. Its memory is released when the session is garbage
 * collected, or at once by `free()`.
 */
export class Session {
  #inner;

  constructor() {
    assertReady('new Session');
    this.#inner = new wasm.Session();
  }

  /**
   * Runs one entry. Like `run`, errors are returned, not thrown; `result` is the printed
   * form of the entry's value, or null when it ended with an error.
   */
  eval(source) {
    assertSource('Session.eval', source);
    const { stdout, result, error } = this.#inner.eval(source);
    return { stdout, result, error };
  }

  /** Releases the session's memory now; the session cannot be used afterwards. */
  free() {
    this.#inner.free();
  }
}

/** The version of the Rust crate the WebAssembly module was built from. */
export function version() {
  assertReady('version');
  return wasm.version();
}
