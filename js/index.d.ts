/**
 * The JavaScript API of monkey-jit: run Monkey programs (docs/language.md) on the
 * bytecode VM compiled to WebAssembly, with JIT tiers that compile through V8.
 *
 * ```js
 * import { init, run } from 'monkey-jit';
 * await init();
 * const { stdout, result, error } = run('puts(1 + 2); 10', { tier: 'interp' });
 * // stdout === '3\n', result === '10', error === null
 * ```
 */

/**
 * Which execution tier runs the program.
 * - `'interp'`: the bytecode interpreter only (the reference for every other tier).
 * - `'template'`: warm functions and loops are compiled from per-opcode JS stencils.
 * - `'trace'`: hot loops are recorded, optimised and compiled to JS.
 * - `'auto'`: start in the interpreter and tier up by counters (the default).
 */
export type Tier = 'interp' | 'template' | 'trace' | 'auto';

/** Every {@link Tier}, in order from the reference interpreter to automatic tiering. */
export const TIERS: readonly Tier[];

/** Options of {@link run}. Unknown keys and values of the wrong type throw a TypeError. */
export interface RunOptions {
  /** The tier to run in; `'auto'` when omitted. */
  tier?: Tier;
  /**
   * Stop with the error `step limit exceeded` after this many steps (one per loop
   * iteration and per function call). Unlimited when omitted.
   */
  maxSteps?: number;
  /** Loop iterations after which a loop counts as hot (a non-negative integer). */
  hotLoop?: number;
  /** Calls after which a function counts as hot (a non-negative integer). */
  hotFunc?: number;
}

/** What running a program produced. Errors are values here, never exceptions. */
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
  /** Counters and timings of the run, as the VM reports them. */
  stats: Record<string, unknown>;
}

/**
 * Loads and instantiates the WebAssembly module. Await it once before calling the other
 * functions; later calls return at once. Node reads the .wasm file from disk; browsers
 * fetch it next to the glue script.
 */
export function init(): Promise<void>;

/**
 * Parses, compiles and runs a Monkey program. Syntax and runtime errors do not throw:
 * they are returned in `error`. Throws a TypeError for a non-string source or invalid
 * options, and an Error when {@link init} has not completed.
 */
export function run(source: string, options?: RunOptions): RunResult;

/**
 * Compiles a program and returns its bytecode listing. Throws an Error whose message
 * lists the syntax and compile errors when the program has any.
 */
export function compile(source: string): string;

/** What one REPL entry produced: {@link RunResult} without the statistics. */
export type EvalResult = Omit<RunResult, 'stats'>;

/**
 * A REPL session: each {@link Session.eval} compiles and runs one entry, and the globals
 * it defines stay visible to later entries. Its memory is released when the session is
 * garbage collected, or at once by {@link Session.free}. Throws an Error when
 * {@link init} has not completed.
 */
export class Session {
  constructor();
  /**
   * Runs one entry. Like {@link run}, errors are returned, not thrown; `result` is the
   * printed form of the entry's value, or null when it ended with an error.
   */
  eval(source: string): EvalResult;
  /** Releases the session's memory now; the session cannot be used afterwards. */
  free(): void;
}

/** The version of the Rust crate the WebAssembly module was built from. */
export function version(): string;
