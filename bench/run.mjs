#!/usr/bin/env node
// The benchmark harness: runs Monkey programs under each tier and compares the times
// and outputs with the interpreter's. See bench/README.md.
//
//   npm run bench -- [--json] [--out FILE] [--tiers interp,js,native] [--runs N]
//                    [--warmup W] [FILES...]
//
// Tiers: `interp`, `template`, `trace` and `auto` run the program through the wasm
// build's `run` (parse + compile + run each time; the module is instantiated once,
// before any timing); `js` runs the program's hand-written JavaScript twin
// (bench/js/NAME.js next to bench/programs/NAME.monkey); `native` asks the native
// binary to time itself (`monkey bench FILE --tier native --json`). The interpreter always runs
// first: its output is the reference the other tiers must reproduce, and its median
// the numerator of every ratio.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { Bench } from 'tinybench';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WASM_TIERS = ['interp', 'template', 'trace', 'auto'];
const ALL_TIERS = [...WASM_TIERS, 'js', 'js-warm', 'native'];
const NATIVE_BIN = join(resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target'), 'release', 'monkey');

const USAGE = `Usage: npm run bench -- [options] [FILES...]

Runs each program (default: every bench/programs/*.monkey) under each tier and prints
median, min and max milliseconds, the speed-up over the interpreter (interp/tier) and
whether the output matched the interpreter's.

Options:
  --tiers LIST   comma-separated, from ${ALL_TIERS.join(', ')} (default: all; tiers this
                 build lacks are skipped with a note);
                 a Wasm tier may take optimizer passes, e.g. trace/-peel or trace/none
  --ablate       the trace tier with all passes on, then with each pass off in turn
  --scale K      multiply each program's size N (its \`let N = ...;\` line, and the
                 twin's \`const N\`) by K, e.g. to make a loop run long enough that
                 start-up costs do not dominate
  --runs N       timed runs per program and tier (default: 5)
  --warmup W     untimed runs before them (default: 1)
  --wasm-tiering eager|dynamic
                 how V8 optimizes the Wasm module's code: eager (the default) queues
                 every function for its optimizing compiler as soon as it is first
                 called (compiled in the background, about 1.5 s of it after the first
                 runs), so that the module reaches its steady state within the first
                 program; dynamic, V8's own default, optimizes a function only once it
                 has run hot, one at a time (see bench/README.md)
  --json         print the results as JSON instead of the table
  --out FILE     write the JSON to FILE (the table still goes to stdout)
  -h, --help     show this help
`;

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function parseCount(text, name, min) {
  if (!/^\d+$/.test(text) || Number(text) < min) fail(`--${name} must be an integer >= ${min}, got '${text}'`);
  return Number(text);
}

function parseScale(text) {
  const k = Number(text);
  if (!(k > 0) || !Number.isFinite(k)) fail(`--scale must be a positive number, got '${text}'`);
  return k;
}

function parseCommandLine() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        tiers: { type: 'string', default: 'interp,template,trace,auto,js,js-warm,native' },
        scale: { type: 'string', default: '1' },
        runs: { type: 'string', default: '5' },
        warmup: { type: 'string', default: '1' },
        'wasm-tiering': { type: 'string', default: 'eager' },
        json: { type: 'boolean', default: false },
        ablate: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail(`${err.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const wasmTiering = values['wasm-tiering'];
  if (wasmTiering !== 'eager' && wasmTiering !== 'dynamic') fail(`--wasm-tiering must be eager or dynamic, got '${wasmTiering}'`);
  // `trace/-peel` is the trace tier with optimizer pass `peel` switched off.
  const requested = values.ablate ? ['interp', 'trace'] : values.tiers.split(',').filter(Boolean);
  for (const tier of requested) {
    const name = tier.split('/')[0];
    if (!ALL_TIERS.includes(name) || (tier.includes('/') && !WASM_TIERS.includes(name))) {
      fail(`unknown tier '${tier}' (tiers: ${ALL_TIERS.join(', ')}; a Wasm tier may take '/OPT', e.g. trace/-peel)`);
    }
  }
  // The interpreter is the reference for outputs and ratios, so it always runs first.
  const tiers = ['interp', ...requested.filter((t) => t !== 'interp')];
  const programDir = join(ROOT, 'bench', 'programs');
  const files = positionals.length
    ? positionals.map((f) => resolve(f))
    : readdirSync(programDir)
        .filter((f) => f.endsWith('.monkey'))
        .sort()
        .map((f) => join(programDir, f));
  for (const file of files) if (!existsSync(file)) fail(`no such file: ${file}`);
  return {
    wasmTiering,
    tiers,
    files,
    runs: parseCount(values.runs, 'runs', 1),
    scale: parseScale(values.scale),
    warmup: parseCount(values.warmup, 'warmup', 0),
    json: values.json,
    out: values.out,
    ablate: values.ablate,
  };
}

// ---------------------------------------------------------------------------------
// Measuring

/** Rounds to microseconds (or thousandths of a ratio): more digits are noise. */
const round = (v) => Math.round(v * 1000) / 1000;

/** Calls `fn` `warmup` times untimed, then `runs` times timed. */
function measure(fn, { runs, warmup }) {
  const bench = new Bench({
    iterations: runs,
    time: 0,
    warmup: warmup > 0,
    warmupIterations: warmup,
    warmupTime: 0,
    throws: true,
  });
  bench.add('run', fn, { async: false }); // declared sync: no extra call to detect it
  bench.runSync();
  const { latency } = bench.tasks[0].result;
  return { median_ms: round(latency.p50), min_ms: round(latency.min), max_ms: round(latency.max) };
}

/** stdout as the interpreter formats it: one line per printed value, each ending in \n. */
function joinLines(lines) {
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * The program's JavaScript twin, `main(print)`. `js` evaluates the twin afresh for every
 * run (a new module instance, whose functions V8 has never seen): what V8 does with new
 * code is what a JIT that hands V8 new code can reach. `js-warm` imports it once, so
 * after the warm-up V8 runs code it already optimized: a ceiling no such JIT can reach,
 * shown for reference.
 */
async function benchJs(file, settings, { fresh, scale }) {
  const twin = join(dirname(file), '..', 'js', `${basename(file, '.monkey')}.js`);
  if (!existsSync(twin)) return { skipped: 'no JS twin' };
  const source = scaled(readFileSync(twin, 'utf8'), 'const', scale);
  let instances = 0;
  // A data: URL per instance: the twins import nothing, and a different URL is a new
  // module (the comment makes the source text differ too, so no cache can be hit).
  const load = async () => (await import(`data:text/javascript,${encodeURIComponent(`${source}\n// instance ${instances++}\n`)}`)).main;
  const mains = [];
  for (let i = 0; i < (fresh ? settings.warmup + settings.runs : 1); i++) mains.push(await load());
  let lines;
  let call = 0;
  const times = measure(() => {
    const main = mains[fresh ? call++ : 0];
    lines = [];
    main((line) => lines.push(line));
  }, settings);
  return { ...times, output: { stdout: joinLines(lines), result: undefined, error: null } };
}

/**
 * `source` with its size `N` (declared `let N = ...;` in a program, `const N = ...;` in a
 * twin) multiplied by `scale`; an error when there is no such declaration to scale.
 */
function scaled(source, keyword, scale) {
  if (scale === 1) return source;
  const declaration = new RegExp(`^${keyword} N = (\\d+);`, 'm');
  const match = source.match(declaration);
  if (!match) fail(`--scale: no \`${keyword} N = <integer>;\` line to scale`);
  return source.replace(declaration, `${keyword} N = ${Math.round(Number(match[1]) * scale)};`);
}

function benchNative(file, source, { runs, warmup, scale }) {
  // The native binary reads a file: a scaled program is written to a temporary one.
  const dir = scale === 1 ? null : mkdtempSync(join(tmpdir(), 'monkey-bench-'));
  if (dir) {
    file = join(dir, basename(file));
    writeFileSync(file, source);
  }
  const args = ['bench', file, '--tier', 'native', '--runs', String(runs), '--warmup', String(warmup), '--json'];
  const child = spawnSync(NATIVE_BIN, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (child.error) return { skipped: `could not start ${NATIVE_BIN}: ${child.error.message}` };
  if (child.status !== 0) return { skipped: `exit ${child.status}: ${child.stderr.trim().split('\n')[0]}` };
  const report = JSON.parse(child.stdout.trim().split('\n').at(-1));
  const { median_ms, min_ms, max_ms, stdout } = report;
  return { median_ms, min_ms, max_ms, output: { stdout, result: undefined, error: null } };
}

/**
 * Whether a tier reproduced the reference. The JS twins and the native bench report
 * only stdout (result undefined), so only what they report is compared.
 */
function sameOutput(reference, output) {
  return (
    output.stdout === reference.stdout &&
    output.error === reference.error &&
    (output.result === undefined || output.result === reference.result)
  );
}

/**
 * The Wasm tiers of one program, measured *interleaved*: warm-up runs of each, then
 * `runs` rounds in which every tier runs once, in an order that rotates each round. On a
 * noisy machine this keeps drift (other load, the engine's own tiering) from favouring
 * whichever tier happens to be measured first, so the ratios compare like with like.
 */
function benchWasmInterleaved(api, source, tiers, { runs, warmup }) {
  const options = tiers.map((tier) => {
    const [name, opt] = tier.split('/');
    return opt ? { tier: name, opt } : { tier: name };
  });
  const times = tiers.map(() => []);
  const last = [];
  for (let w = 0; w < warmup; w++) options.forEach((o, i) => (last[i] = api.run(source, o)));
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < tiers.length; k++) {
      const i = (k + r) % tiers.length;
      const start = performance.now();
      last[i] = api.run(source, options[i]);
      times[i].push(performance.now() - start);
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  return Object.fromEntries(
    tiers.map((tier, i) => [
      tier,
      { median_ms: round(median(times[i])), min_ms: round(Math.min(...times[i])), max_ms: round(Math.max(...times[i])), output: last[i] },
    ]),
  );
}

async function benchProgram(api, file, settings, tiers, progress) {
  const source = scaled(readFileSync(file, 'utf8'), 'let', settings.scale);
  const results = {};
  let reference;
  const wasmTiers = tiers.filter((t) => WASM_TIERS.includes(t.split('/')[0]));
  progress(wasmTiers.join(', '));
  const wasm = benchWasmInterleaved(api, source, wasmTiers, settings);
  for (const tier of tiers) {
    if (!wasm[tier]) progress(tier);
    let result;
    if (wasm[tier]) result = wasm[tier];
    else if (tier === 'js' || tier === 'js-warm') result = await benchJs(file, settings, { fresh: tier === 'js', scale: settings.scale });
    else result = benchNative(file, source, settings);
    if (result.skipped) {
      results[tier] = { skipped: result.skipped };
      continue;
    }
    const { output, ...times } = result;
    if (tier === 'interp') {
      reference = output;
      results.interp = { ...times, ratio: 1, output: 'reference' };
      if (output.error !== null) results.interp.error = output.error;
    } else {
      const match = sameOutput(reference, output);
      results[tier] = {
        ...times,
        ratio: round(results.interp.median_ms / times.median_ms),
        output: match ? 'match' : 'mismatch',
      };
      const compile = compileCost(output.stats);
      if (compile) results[tier].compile = compile;
      if (!match && output.error) results[tier].error = output.error;
    }
  }
  return { name: basename(file, '.monkey'), file: relative(ROOT, file), results };
}

/**
 * What a run's JIT compilation cost (from its stats, last run): bytecode instructions
 * compiled by the template tier and recorded by the trace tier, and the µs each spent.
 */
function compileCost(stats) {
  if (!stats) return null;
  const t = stats.template;
  const cost = {};
  if (t && t.instructions > 0) {
    cost.template = { instructions: t.instructions, codegen_us: round(t.codegenUs), js_us: round(t.jsUs), js_bytes: t.jsBytes };
  }
  if (stats.traceInstructions > 0) cost.trace = { instructions: stats.traceInstructions, us: round(stats.jitCompileUs) };
  return Object.keys(cost).length ? cost : null;
}

/** Compile cost per bytecode instruction over the whole suite, per JIT tier. */
function compileSummary(programs, tiers) {
  const lines = [];
  for (const tier of tiers) {
    let tplInstr = 0, codegen = 0, js = 0, bytes = 0, trInstr = 0, trUs = 0;
    for (const p of programs) {
      const c = p.results[tier]?.compile;
      if (c?.template) {
        tplInstr += c.template.instructions;
        codegen += c.template.codegen_us;
        js += c.template.js_us;
        bytes += c.template.js_bytes;
      }
      if (c?.trace) {
        trInstr += c.trace.instructions;
        trUs += c.trace.us;
      }
    }
    if (tplInstr > 0) {
      const per = (codegen + js) / tplInstr;
      lines.push(
        `compile ${tier}: template ${tplInstr} instructions, ${per.toFixed(2)} µs each ` +
          `(${(1 / per).toFixed(2)}M/s; codegen ${(codegen / tplInstr).toFixed(2)} + new Function ${(js / tplInstr).toFixed(2)} µs, ` +
          `${Math.round(bytes / tplInstr)} bytes of JS each)`,
      );
    }
    if (trInstr > 0) {
      lines.push(`compile ${tier}: trace ${trInstr} recorded instructions, ${(trUs / trInstr).toFixed(2)} µs each (record end to new Function)`);
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------------
// Reporting

function geomean(values) {
  return values.length ? Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length) : null;
}

/** The geometric mean of each tier's ratios, over the programs whose output matched. */
function summarize(programs, tiers) {
  const result = {};
  for (const tier of tiers.filter((t) => t !== 'interp')) {
    const ratios = programs
      .map((p) => p.results[tier])
      .filter((r) => r?.output === 'match')
      .map((r) => r.ratio);
    const g = geomean(ratios);
    result[tier] = g === null ? null : round(g);
  }
  return result;
}

/** The results as an aligned text table: one row per program and tier, then the geomeans. */
function table(programs, tiers, geomeans) {
  const header = ['program', 'tier', 'median ms', 'min ms', 'max ms', 'interp/tier', 'output'];
  const numeric = new Set([2, 3, 4, 5]); // right-aligned columns
  const ms = (v) => v.toFixed(v < 10 ? 2 : 1);
  const row = (label, tier, r) => {
    if (r.skipped) return [label, tier, '', '', '', '', `skipped: ${r.skipped}`];
    const output = r.error ? `${r.output}, error: ${r.error.split('\n')[0]}` : r.output;
    return [label, tier, ms(r.median_ms), ms(r.min_ms), ms(r.max_ms), r.ratio.toFixed(2), output];
  };
  const rows = programs.flatMap(({ name, results }) =>
    tiers.map((tier, i) => row(i === 0 ? name : '', tier, results[tier])),
  );
  const summary = Object.entries(geomeans).map(([tier, g]) => ['geomean', tier, '', '', '', g?.toFixed(2) ?? '', '']);

  const widths = header.map((_, c) => Math.max(...[header, ...rows, ...summary].map((cells) => cells[c].length)));
  const last = header.length - 1;
  const format = (cells) =>
    cells
      .map((cell, c) => (c === last ? cell : numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  // The last column is free text of any length; the rule spans its header only.
  const rule = '-'.repeat(format(header).length);
  return [format(header), rule, ...rows.map(format), rule, ...summary.map(format)].join('\n');
}

// ---------------------------------------------------------------------------------

async function main() {
  const options = parseCommandLine();
  const { runs, warmup, scale } = options;
  let { tiers } = options;

  if (!existsSync(join(ROOT, 'pkg', 'web', 'monkey_jit_bg.wasm'))) {
    console.error(
      'bench: the wasm package is not built (pkg/web/monkey_jit_bg.wasm is missing): run `npm run build` first',
    );
    process.exit(1);
  }
  const notes = [];
  if (tiers.includes('native') && !existsSync(NATIVE_BIN)) {
    notes.push(`native column skipped: ${relative(ROOT, NATIVE_BIN)} not found (run \`npm run build\`)`);
    tiers = tiers.filter((t) => t !== 'native');
  }
  // Before the module is compiled: V8 reads the flag when it compiles one. Without it,
  // the JIT compilers' own functions, which run a few times per program, are optimized
  // over many programs, and each of those background compiles (up to 100 ms) delays
  // V8's compiles of the traces: bench/README.md, "The module's own code".
  if (options.wasmTiering === 'eager') v8.setFlagsFromString('--no-wasm-dynamic-tiering');
  const api = await import('../js/index.js');
  await api.init();
  // The module's memory (the instance `api` made): a program that grows it detaches its
  // buffer, after which V8 checks every typed-array access for that (bench/README.md).
  const { initSync } = await import('../pkg/web/monkey_jit.js');
  const memory = initSync().memory;
  const startBuffer = memory.buffer;
  const startBytes = startBuffer.byteLength;
  let grewDuring = null;
  // Tiers this build does not have (e.g. `template` before it lands) are skipped, not errors.
  const built = new Set([...api.tiers(), 'js', 'js-warm', 'native']);
  for (const tier of tiers.filter((t) => !built.has(t.split('/')[0]))) {
    notes.push(`${tier} column skipped: this build has no ${tier.split('/')[0]} tier (tiers: ${api.tiers().join(', ')})`);
  }
  tiers = tiers.filter((t) => built.has(t.split('/')[0]));
  // --ablate: the trace tier with all passes, then with each pass switched off in turn.
  if (options.ablate && built.has('trace')) tiers = [...tiers, ...api.passes().map((p) => `trace/-${p}`)];
  for (const note of notes) console.error(`bench: ${note}`);

  const programs = [];
  for (const [i, file] of options.files.entries()) {
    const name = basename(file, '.monkey');
    const progress = (tier) => console.error(`bench: [${i + 1}/${options.files.length}] ${name}: ${tier}`);
    programs.push(await benchProgram(api, file, { runs, warmup, scale }, tiers, progress));
    if (memory.buffer !== startBuffer) grewDuring ??= name;
  }
  const geomeans = summarize(programs, tiers);

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    monkey_jit: api.version(),
    runs,
    warmup,
    scale,
    wasm_tiering: options.wasmTiering,
    wasm_memory: { start_bytes: startBytes, end_bytes: memory.buffer.byteLength, grew_during: grewDuring },
    tiers,
    notes,
    programs,
    geomean: geomeans,
  };
  if (options.out) {
    mkdirSync(dirname(resolve(options.out)), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (options.json && !options.out) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(table(programs, tiers, geomeans));
    for (const line of compileSummary(programs, tiers)) console.log(line);
    console.log(
      options.wasmTiering === 'eager'
        ? 'wasm: every function of the module queued for optimization when first called (--wasm-tiering eager; bench/README.md)'
        : "wasm: V8's dynamic tiering, hot functions optimized one at a time (--wasm-tiering dynamic; bench/README.md)",
    );
    const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      grewDuring === null
        ? `wasm memory: ${mib(startBytes)} throughout, never grown (no buffer detached: V8 leaves typed-array accesses unchecked)`
        : `wasm memory: grew from ${mib(startBytes)} to ${mib(memory.buffer.byteLength)} during ${grewDuring}; from there on V8 checks every typed-array access for a detached buffer (bench/README.md)`,
    );
  }

  const failures = programs.flatMap(({ name, results }) => [
    ...(results.interp.error ? [`${name}: the interpreter reported an error`] : []),
    ...Object.entries(results)
      .filter(([, r]) => r.output === 'mismatch')
      .map(([tier]) => `${name}: ${tier} output differs from the interpreter's`),
  ]);
  for (const failure of failures) console.error(`bench: ${failure}`);
  if (failures.length) process.exitCode = 1;
}

await main();
