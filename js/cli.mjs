#!/usr/bin/env node
// `monkey`, the command-line interface of the npm package: runs, times or interactively
// evaluates Monkey programs on the WebAssembly build. Its output contract matches the
// native CLI's: stdout is exactly what the program's `puts` printed; errors go to stderr
// with exit code 1 (2 for a bad command line); dumps and statistics go to stderr.

import { readFileSync } from 'node:fs';
import { getSystemErrorMap, parseArgs } from 'node:util';
import { compile, run, tiers, version } from './index.js';
import { startRepl } from './repl.mjs';

/**
 * What `--dump` can print: the bytecode listing (from `compile`, before running), and
 * what the trace tier compiled (from the run: its IR, the IR after each optimizer pass
 * that changed it, the optimised IR and JavaScript).
 */
const DUMPS = ['bytecode', 'ir', 'passes', 'ir-opt', 'js', 'template'];

const help = () => `Usage:
  monkey run FILE [options]     run a program
  monkey bench FILE [options]   run a program repeatedly in-process; print median, min, max
  monkey repl                   read and run entries; globals persist between them
  monkey --help | --version

Options of run and bench:
  --tier TIER       ${tiers().join(', ')} (what this build has; default: auto)
  --hot-loop N      loop iterations after which a loop is hot
  --hot-func N      recursive calls after which a function is hot (trace tier);
                    under auto, also: 2N calls template-compile a function
  --max-steps N     stop with "step limit exceeded" after N loop iterations plus calls
  --max-heap BYTES  stop with "out of memory" when more than BYTES stay live
                    (default: 1073741824, 1 GiB)

Options of run:
  --stats           print timings, counters and JIT events to stderr after the run
  --dump=KINDS      print internal forms to stderr, a comma list of: bytecode (before
                    running); ir, passes, ir-opt, js (each trace the trace tier
                    compiled: as recorded, after each pass, optimized, as JS);
                    template (each function the template tier compiled, as JS)

Options of bench:
  --runs N          timed runs (default: 10)
  --warmup N        untimed runs before them (default: 2)
  --json            print one JSON line instead of text

  -h, --help        show this help
  -V, --version     print the version

stdout carries exactly what the program's puts printed. Errors go to stderr, with
exit code 1 (2 for a bad command line).

Examples:
  monkey run program.monkey
  monkey run program.monkey --tier interp --stats
  monkey run program.monkey --dump=bytecode --max-steps 1000000
  monkey run program.monkey --tier trace --hot-loop 2 --dump=ir-opt,js
  monkey bench program.monkey --runs 20 --json
  echo 'let x = 20; x * 2 + 2' | monkey repl
`;

/** The options each command accepts (parseArgs knows them all; this says which go where). */
const VM_OPTIONS = ['tier', 'hot-loop', 'hot-func', 'max-steps', 'max-heap'];
const COMMANDS = {
  run: [...VM_OPTIONS, 'stats', 'dump'],
  bench: [...VM_OPTIONS, 'runs', 'warmup', 'json'],
  repl: [],
};

/** A failure reported as `monkey: message` with an exit code. */
class CliError extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A command-line mistake: exit code 2 and a pointer to --help. */
class UsageError extends CliError {
  constructor(message) {
    super(`${message}\nTry 'monkey --help'.`, 2);
  }
}

function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tier: { type: 'string' },
        'hot-loop': { type: 'string' },
        'hot-func': { type: 'string' },
        'max-steps': { type: 'string' },
        'max-heap': { type: 'string' },
        stats: { type: 'boolean' },
        dump: { type: 'string', multiple: true },
        runs: { type: 'string' },
        warmup: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };

  const [command, ...files] = positionals;
  if (command === undefined) throw new UsageError('missing command: run, bench or repl');
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command '${command}'`);
  const misplaced = Object.keys(values).filter((key) => !COMMANDS[command].includes(key));
  if (misplaced.length > 0) throw new UsageError(`${command} does not take --${misplaced.join(', --')}`);
  if (command === 'repl') {
    if (files.length > 0) throw new UsageError(`repl takes no arguments, got ${files.join(' ')}`);
    return { command };
  }
  if (files.length !== 1) throw new UsageError(`${command} takes exactly one FILE`);

  const [file] = files;
  const options = vmOptions(values);
  if (command === 'run') {
    // `--dump` may be given more than once: the kinds add up, as in the native CLI.
    const dumps = values.dump === undefined ? [] : [...new Set(values.dump.flatMap(parseDumps))];
    return { command, file, options, stats: Boolean(values.stats), dumps };
  }
  const runs = count(values, 'runs', 10, 1);
  const warmup = count(values, 'warmup', 2, 0);
  return { command, file, options, runs, warmup, json: Boolean(values.json) };
}

/** The `run()` options the flags ask for (undefined ones are not set). */
function vmOptions(values) {
  const { tier } = values;
  if (tier !== undefined && !tiers().includes(tier)) {
    throw new UsageError(`--tier ${tier} is not available (this build has: ${tiers().join(', ')})`);
  }
  return {
    tier,
    maxSteps: count(values, 'max-steps'),
    // The Wasm build's limit (index.d.ts: at most 2 GiB, as Wasm memory ends at 4 GiB).
    maxHeap: count(values, 'max-heap', undefined, 0, 2 ** 31),
    hotLoop: count(values, 'hot-loop'),
    hotFunc: count(values, 'hot-func'),
  };
}

/** The integer value of `--name`, from `min` to `max`; `fallback` when the flag is absent. */
function count(values, name, fallback = undefined, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got '${text}'`);
  }
  if (!Number.isSafeInteger(n) || n > max) throw new UsageError(`--${name} must be at most ${max}, got '${text}'`);
  return n;
}

function parseDumps(text) {
  const kinds = text.split(',');
  const unknown = kinds.find((kind) => !DUMPS.includes(kind));
  if (unknown !== undefined) throw new UsageError(`--dump: unknown kind '${unknown}' (kinds: ${DUMPS.join(', ')})`);
  return kinds;
}

function readSource(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    // "no such file or directory" rather than "ENOENT: no such file ..., open 'FILE'".
    const reason = getSystemErrorMap().get(err.errno)?.[1] ?? err.message;
    throw new CliError(`cannot read ${file}: ${reason}`, 1);
  }
  // Invalid UTF-8 is an error, as for the native binary (decoding would replace it).
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`cannot read ${file}: stream did not contain valid UTF-8`, 1);
  }
}

/** Ends with exit code 1 after writing a program's error (the message is the program's own). */
function failWith(error) {
  process.stderr.write(`${error}\n`);
  process.exitCode = 1;
}

const microseconds = (us) => `${us.toFixed(1)} µs`;

/** The statistics as the native CLI prints them, then one line per JIT event. */
function formatStats({ stats, events }) {
  const { vm } = stats;
  const { heap } = vm;
  const lines = [
    ['tier', stats.tier],
    ['parse', microseconds(stats.parseUs)],
    ['compile', `${microseconds(stats.compileUs)} (${stats.functions} functions, ${stats.bytecodeBytes} bytes of bytecode)`],
    ['run', microseconds(stats.runUs)],
    [
      'jit',
      `${stats.traces} traces compiled in ${microseconds(stats.jitCompileUs)}` +
        (stats.traceAbandons ? `; ${stats.traceAbandons} function-trace calls abandoned and rerun` : ''),
    ],
    [
      'template',
      `${stats.template.functions} functions (${stats.template.instructions} instructions, ${stats.template.jsBytes} bytes of JS): ` +
        `codegen ${microseconds(stats.template.codegenUs)}, new Function ${microseconds(stats.template.jsUs)}`,
    ],
    ['calls', vm.calls],
    ['loop iterations', vm.loopIterations],
    [
      'heap',
      `${heap.objectsAllocated} allocated, ${heap.objectsFreed} freed, ${heap.collections} collections, peak ${heap.peakObjects} live objects`,
    ],
    ['peak rss', `${process.resourceUsage().maxRSS} KiB`],
    ['jit events', events.length],
  ];
  const text = lines.map(([label, value]) => `${`${label}:`.padEnd(17)}${value}\n`).join('');
  return text + events.map((event) => `  ${formatEvent(event)}\n`).join('');
}

/** `trace-compile trace=1 func=main ...`: the kind, then every field (times to 0.1 µs). */
function formatEvent({ kind, ...fields }) {
  const format = (value) => (typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(1) : value);
  return [kind, ...Object.entries(fields).map(([key, value]) => `${key}=${format(value)}`)].join(' ');
}

function runFile({ file, options, stats, dumps }) {
  const source = readSource(file);
  if (dumps.includes('bytecode')) {
    try {
      process.stderr.write(`${compile(source).trimEnd()}\n`);
    } catch {
      // No listing: the run below reports the syntax or compile errors (after `--stats`).
    }
  }
  const outcome = run(source, { ...options, dump: dumps.filter((kind) => kind !== 'bytecode') });
  out(outcome.stdout);
  process.stderr.write(outcome.dump);
  if (stats) process.stderr.write(formatStats(outcome));
  if (outcome.error !== null) failWith(outcome.error);
}

function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `runs` runs after `warmup` untimed ones; the output is the native CLI's. */
function benchFile({ file, options, runs, warmup, json }) {
  const source = readSource(file);
  const times = [];
  let outcome;
  for (let i = 0; i < warmup + runs; i++) {
    const start = performance.now();
    outcome = run(source, options);
    const ms = performance.now() - start;
    if (outcome.error !== null) return failWith(outcome.error);
    if (i >= warmup) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const report = {
    file,
    tier: outcome.stats.tier,
    runs,
    median_ms: median(times),
    min_ms: times[0],
    max_ms: times.at(-1),
    stdout: outcome.stdout,
  };
  if (json) {
    out(`${JSON.stringify(report)}\n`);
  } else {
    const ms = (v) => `${v.toFixed(2)} ms`;
    out(`${file}: median ${ms(report.median_ms)}, min ${ms(report.min_ms)}, max ${ms(report.max_ms)} over ${runs} runs (${report.tier})\n`);
  }
}

async function main(argv) {
  const args = parseCommandLine(argv);
  if (args.command === 'help') out(help());
  else if (args.command === 'version') out(`monkey-jit ${version()}\n`);
  else if (args.command === 'run') runFile(args);
  else if (args.command === 'bench') benchFile(args);
  else await startRepl();
}

let stdoutFailed = false;

/**
 * Standard output failed: a reader that stopped early (`monkey run big.monkey | head`) is
 * not an error, so go on quietly; anything else (a full disk) is, said in one line. Not
 * `process.exit()`: it could cut short what is still being written to a piped stderr
 * (a `--dump`). The program has run by then (its output is written when it ends).
 */
function outputFailed(err) {
  if (stdoutFailed) return;
  stdoutFailed = true;
  if (err.code === 'EPIPE') return;
  process.stderr.write(`monkey: cannot write output: ${err.message}\n`);
  process.exitCode = 1;
}

/** Writes to standard output (a file or a terminal fails at once, a pipe later). */
function out(text) {
  if (stdoutFailed) return;
  try {
    process.stdout.write(text);
  } catch (err) {
    outputFailed(err);
  }
}

process.stdout.on('error', outputFailed);

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(`monkey: ${err.message}`);
  process.exitCode = err.exitCode;
}
