/**
 * The JavaScript API of monkey-jit: run Monkey programs (docs/language.md) on the
 * bytecode VM compiled to WebAssembly, with JIT tiers that compile through V8.
 *
 * ```js
 * import { init, run } from 'monkey-jit';
 * await init(); // required in browsers; optional in node
 * const { stdout, result, error } = run('puts(1 + 2); 10');
 * // stdout === '3\n', result === '10', error === null
 * ```
 *
 * One set of declarations serves both entry points: node (package.json condition
 * `node`) and browsers and bundlers (`browser`, `default`). They differ only in how
 * {@link init} finds the .wasm and in whether it must be awaited first.
 */

/**
 * An execution tier. Which ones a build can run is {@link tiers}.
 * - `'interp'`: the bytecode interpreter only, the reference for every other tier. It
 *   never generates code, so it runs under a Content-Security-Policy without `unsafe-eval`.
 * - `'template'`: warm functions and loops are compiled from per-opcode JS stencils.
 * - `'trace'`: hot loops are recorded, optimised and compiled to JS.
 * - `'auto'`: start in the interpreter and tier up by counters (the default).
 *
 * Where `new Function` is forbidden, the JIT tiers go on in the interpreter and report a
 * `jit-unavailable` event instead of failing.
 */
export type Tier = 'interp' | 'template' | 'trace' | 'auto';

/**
 * What {@link init} loads the module from: the .wasm as a URL (a string is a URL too),
 * a `fetch` Request or Response (or a promise of one), its bytes (an ArrayBuffer, a
 * Uint8Array, a node Buffer), or a compiled `WebAssembly.Module`. In node a `file:` URL
 * is read from disk.
 */
export type InitInput =
  | string
  | URL
  | Request
  | Response
  | Promise<Response>
  | ArrayBuffer
  | ArrayBufferView
  | WebAssembly.Module;

/**
 * Loads and instantiates the WebAssembly module. It resolves at once when the module is
 * already loaded, and concurrent calls share one promise; after a failure a later call
 * tries again.
 *
 * - Browsers and bundlers: call and await it before anything else. Without `input` it
 *   fetches `monkey_jit_bg.wasm` relative to the package's own files (Vite and webpack
 *   ship the file; with esbuild, import `monkey-jit/monkey-jit.wasm` through the `file`
 *   loader and pass that URL).
 * - Node: optional. Without `input` it reads the package's .wasm from disk, which the
 *   other functions also do, synchronously, on first use.
 *
 * The promise rejects with a TypeError for an `input` of another kind, and with the
 * loader's error when fetching or compiling the .wasm fails.
 */
export function init(input?: InitInput): Promise<void>;

/**
 * Options of {@link run}. An unknown key or a value of the wrong type throws a
 * TypeError; a value out of range (a tier this build lacks, a negative count) a RangeError.
 */
export interface RunOptions {
  /** The tier to run in, one of {@link tiers}; `'auto'` when omitted. */
  tier?: Tier;
  /**
   * Stop with the error `step limit exceeded` after this many steps (one per loop
   * iteration and per function call, the same in every tier). Unlimited when omitted.
   */
  maxSteps?: number;
  /**
   * Stop with the error `out of memory: more than … live` when a collection finds more
   * than this many bytes of live objects (estimated: 16 bytes per array element, 8 in an
   * array of only integers within ±(2^53 − 1) and 1 in one of only booleans, the UTF-8
   * bytes of a string, 32 bytes per object). 1 GiB when omitted, at most 2 GiB
   * (WebAssembly memory ends at 4 GiB). Checked when the collector runs, so a heap
   * over the limit only briefly may pass under one tier and fail under another, and a heap
   * growing steadily past it fails a few iterations apart (with less or more output).
   */
  maxHeap?: number;
  /** Loop iterations after which a loop counts as hot (a non-negative integer). */
  hotLoop?: number;
  /**
   * Recursive calls (a function calling itself) after which a function counts as hot
   * and gets a function trace (a non-negative integer).
   */
  hotFunc?: number;
  /**
   * What to write into {@link RunResult.dump}: the bytecode listing (before the run),
   * and for each trace the trace tier compiles its IR as recorded, after each optimizer
   * pass that changed it, after optimisation, and the generated JavaScript.
   */
  dump?: DumpKind[];
  /**
   * The trace optimiser's passes, for experiments: `'-peel,-cse'` switches those off,
   * `'fold,dce'` runs only those, `'none'` none. An unknown pass name is a RangeError.
   */
  opt?: string;
  /**
   * Called with each JIT event, in order, once the run has finished (before `run`
   * returns). The same events are in {@link RunResult.events}. An exception it throws
   * propagates out of `run` (the result is lost, later events are not delivered).
   */
  onEvent?: (event: JitEvent) => void;
}

/**
 * An internal form that {@link RunOptions.dump} can ask for, each printed as sections
 * headed `---- ...`:
 * - `'bytecode'`: `---- BYTECODE`, the listing of every function;
 * - `'ir'`: `---- TRACE n IR (...)`, a trace as recorded;
 * - `'passes'`: `---- TRACE n IR after PASS`, after each pass that changed it;
 * - `'ir-opt'`: `---- TRACE n IR after optimization` (and side traces);
 * - `'js'`: `---- TRACE n JS`, the generated source (again when side traces are added);
 * - `'template'`: `---- TEMPLATE name (...)`, each function the template tier compiled.
 */
export type DumpKind = 'bytecode' | 'ir' | 'passes' | 'ir-opt' | 'js' | 'template';

/** What running a program produced. Program errors are values here, never exceptions. */
export interface RunResult {
  /** Everything `puts` printed, each line ending in `\n`, including output before an error. */
  stdout: string;
  /**
   * The printed form of the program's result (its last top-level expression statement
   * or a top-level `return`), e.g. `'10'`, `'null'`, `'[1, 2]'`; `null` when the program
   * ended with an error.
   */
  result: string | null;
  /**
   * The error that ended the program, or `null`: syntax and compile errors one per line
   * as `line:col: message`, or one `runtime error at line:col: message`.
   */
  error: string | null;
  /** Timings and counters of the run. */
  stats: RunStats;
  /** What the JIT tiers did, in order; empty when only the interpreter ran. */
  events: JitEvent[];
  /** The dumps {@link RunOptions.dump} asked for, one `---- ...` section each; `''` without. */
  dump: string;
}

/** Timings (in microseconds) and counters of one {@link run}. */
export interface RunStats {
  /** The tier that ran the program: the `tier` option, with `'auto'` resolved by this build. */
  tier: Tier;
  /** Time spent parsing. */
  parseUs: number;
  /** Time spent compiling to bytecode (0 after a syntax error). */
  compileUs: number;
  /** Time spent running (0 when the program did not compile). */
  runUs: number;
  /** Compiled functions, the top level included. */
  functions: number;
  /** Bytecode size of all functions, in bytes. */
  bytecodeBytes: number;
  /** Traces compiled (trace tier): distinct traces, where `trace-compile` events count
   * compilations (a trace compiled again with its side traces has several). */
  traces: number;
  /** Time spent turning recordings into JavaScript: optimising, generating, `new Function`. */
  jitCompileUs: number;
  /** Bytecode instructions the compiled traces were recorded from (trace tier). */
  traceInstructions: number;
  /** Calls of function traces abandoned (an exit below the trace's entry level, its
   * recursion limit, the step limit near, or a collection due), which the interpreter
   * then ran from their entry (trace tier). */
  traceAbandons: number;
  /** What the template tier compiled, and what it cost (all 0 without it). */
  template: {
    /** Functions compiled. */
    functions: number;
    /** Their bytecode instructions. */
    instructions: number;
    /** Size of the JavaScript generated for them. */
    jsBytes: number;
    /** Time spent copying and patching stencils. */
    codegenUs: number;
    /** Time spent in `new Function` (V8 parses and compiles the source). That is all of
     * V8's compile: the source returns the function in parentheses, which V8 compiles at
     * once, so the first call adds none (`node bench/first-call.mjs` measures it). */
    jsUs: number;
  };
  /** Counters of the virtual machine. */
  vm: {
    /** Calls of functions and builtins. */
    calls: number;
    /** Loop iterations (back-edges taken). */
    loopIterations: number;
    /** Counters of the garbage-collected heap. */
    heap: {
      /** Garbage collections run. */
      collections: number;
      /** Heap objects (strings, arrays, hashes, closures, cells) allocated. */
      objectsAllocated: number;
      /** Heap objects freed by the collector. */
      objectsFreed: number;
      /** The most objects alive at once. */
      peakObjects: number;
    };
  };
}

/**
 * One thing a JIT tier did, told apart by `kind`. `func` names a function (the top level
 * included), `pc` is a bytecode offset in it (as in {@link compile}'s listing), and
 * `line`/`col` point into the source (1-based): where that pc's code is, but for a
 * function trace (`pc` 0), whose `line` is where its function is defined.
 */
export type JitEvent =
  | LoopHotEvent
  | TraceStartEvent
  | TraceAbortEvent
  | TraceCompileEvent
  | TraceExitEvent
  | SideTraceEvent
  | BlacklistEvent
  | TemplateCompileEvent
  | TemplateFailEvent
  | JitUnavailableEvent;

/** A loop's back-edge counter reached {@link RunOptions.hotLoop}. */
export interface LoopHotEvent {
  kind: 'loop-hot';
  func: string;
  pc: number;
  line: number;
  col: number;
}

/** Recording of trace number `trace` began at a loop header. */
export interface TraceStartEvent {
  kind: 'trace-start';
  trace: number;
  func: string;
  pc: number;
  line: number;
}

/** Recording stopped without a trace, for `reason`. */
export interface TraceAbortEvent {
  kind: 'trace-abort';
  func: string;
  pc: number;
  line: number;
  reason: string;
}

/** A trace was optimised and compiled to JavaScript. */
export interface TraceCompileEvent {
  kind: 'trace-compile';
  trace: number;
  func: string;
  line: number;
  /** IR instructions as recorded. */
  irIns: number;
  /** IR instructions after optimisation. */
  irOptIns: number;
  /** Size of the generated JavaScript. */
  jsBytes: number;
  /** Time spent optimising and compiling, in microseconds. */
  compileUs: number;
}

/**
 * A trace left through guard `exit`, `count` times in this run; the interpreter resumed
 * at bytecode offset `pc` of function `func` (the innermost inlined one), source `line`.
 */
export interface TraceExitEvent {
  kind: 'trace-exit';
  trace: number;
  exit: number;
  count: number;
  func: string;
  pc: number;
  line: number;
}

/**
 * A side trace was compiled into trace `parent` at its exit `exit` (`trace` is the
 * parent: side traces are part of its code), which resumes at `pc` of `func`, `line`.
 */
export interface SideTraceEvent {
  kind: 'side-trace';
  trace: number;
  parent: number;
  exit: number;
  func: string;
  pc: number;
  line: number;
}

/** A loop stopped being recorded after repeated aborts. */
export interface BlacklistEvent {
  kind: 'blacklist';
  func: string;
  pc: number;
  line: number;
}

/** The template tier compiled function `func` (number `proto`, defined at `line`). */
export interface TemplateCompileEvent {
  kind: 'template-compile';
  func: string;
  proto: number;
  /** 0: the code calls enter; otherwise the pc of the loop header where the interpreter
   * hands a running frame over (that code holds only what is reachable from there). */
  entry: number;
  line: number;
  /** Bytecode instructions compiled. */
  instructions: number;
  jsBytes: number;
  /** Copying and patching stencils. */
  codegenUs: number;
  /** `new Function`, V8's whole compile of it (the first call adds none). */
  jsUs: number;
}

/** The template tier could not compile `func` (a bug; the interpreter runs it instead). */
export interface TemplateFailEvent {
  kind: 'template-fail';
  func: string;
  reason: string;
}

/**
 * Some or all JIT code could not run here; `reason` says why:
 * - a Content-Security-Policy forbids `new Function`: the interpreter runs everything.
 *   Reported once in each run of a JIT tier, when it finds out, or at the start of each
 *   run once an earlier one found out (a first run that never compiles says nothing);
 * - `run` was called with too little of the engine's stack left for JIT code (from deep
 *   in the host's own recursion): the interpreter ran the program;
 * - the engine's stack ran out inside template code all the same: the program ran again
 *   from the start without template code (traces still allowed; its output is that
 *   second run's alone).
 */
export interface JitUnavailableEvent {
  kind: 'jit-unavailable';
  reason: string;
}

/**
 * Parses, compiles and runs a Monkey program. Syntax and runtime errors do not throw:
 * they are returned in `error`. Throws a TypeError or RangeError for invalid arguments
 * (see {@link RunOptions}), in browsers a TypeError before {@link init} has completed,
 * what {@link RunOptions.onEvent} throws, and the engine's RangeError when called with no
 * stack left even for the interpreter.
 */
export function run(source: string, options?: RunOptions): RunResult;

/**
 * Compiles a program and returns its bytecode listing. Throws an Error whose message
 * lists the syntax and compile errors when the program has any.
 */
export function compile(source: string): string;

/** The tiers this build can run, `'auto'` included, e.g. `['interp', 'auto']`. */
export function tiers(): Tier[];

/**
 * The trace optimizer's passes in pipeline order (`fold`, `fwd`, `unbox`, `guard`, `cse`,
 * `peel`, `hoist`, `jstr`, `bce`, `range`, `sink`, `dce`): the names the `opt` option takes, e.g.
 * `run(src, { tier: 'trace', opt: '-peel' })`.
 */
export function passes(): string[];

/** The version of the Rust crate the WebAssembly module was built from. */
export function version(): string;

/** What one REPL entry produced: {@link RunResult} without statistics and events. */
export interface EvalResult {
  /** What `puts` printed during this entry. */
  stdout: string;
  /** The printed form of the entry's value (`'null'` for a `let`), or `null` after an error. */
  result: string | null;
  /** The error that ended the entry, with positions in the entry's own text, or `null`. */
  error: string | null;
}

/**
 * A REPL session: each {@link Session.eval} compiles and runs one entry, and the globals
 * it defines stay visible to later entries. Its memory is released when the session is
 * garbage collected, or at once by {@link Session.free}. In browsers the constructor
 * throws a TypeError before {@link init} has completed. Entries run in the interpreter:
 * the constructor takes no options (passing some is a TypeError). Each entry compiles
 * to a new top-level function that the session keeps, and a program has at most 65,536
 * functions and 65,536 constants: a session of more entries than that ends in the
 * compile error `too many functions`.
 */
export class Session {
  constructor();
  /**
   * Runs one entry. Like {@link run}, errors are returned, not thrown. Throws an Error
   * after {@link Session.free}.
   */
  eval(source: string): EvalResult;
  /** Releases the session's memory now; the session cannot be used afterwards. */
  free(): void;
}
