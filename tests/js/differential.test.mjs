// Differential testing of the JIT: seeded random programs (loops, branches, arithmetic
// near the limits of exact JS numbers, arrays, hashes, strings, closures, calls, type
// changes mid-loop) run under the interpreter and under the trace tier with the hot
// thresholds at 1, 2 and their defaults, and must give the same stdout, result and error. A failure
// prints the seed and the program, so it can be added to tests/programs/.
//
// `MONKEY_FUZZ_SEEDS=from:to node --test tests/js/differential.test.mjs` runs another
// range (the default is small enough for `npm test`).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run, tiers } from '../../js/index.js';
import { isDeepStrictEqual } from 'node:util';
import { minimizeProgram, observable, writeCorpusTest } from './fixtures/minimize.mjs';
import { generate } from './fixtures/program-generator.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FOUND_DIR = process.env.MONKEY_FOUND_DIR ?? join(ROOT, 'tests/programs/found');
const STEPS = 2_000_000;

const reference = (source) => observable(run(source, { tier: 'interp', maxSteps: STEPS }));

/**
 * Fail unless `candidate(source)` (a tier's stdout, result, error) equals the
 * interpreter's; before failing, shrink the program and write it out as a corpus test.
 */
function agree(source, seed, label, candidate, expected = reference(source)) {
  const got = observable(candidate(source));
  if (isDeepStrictEqual(got, expected)) return;
  const diverges = (text) => !isDeepStrictEqual(observable(candidate(text)), reference(text));
  const small = minimizeProgram(source, diverges);
  const name = `seed${seed}_${label.replace(/\W+/g, '_')}`;
  const file = writeCorpusTest(FOUND_DIR, name, small.source, reference, `found by tests/js/differential.test.mjs, seed ${seed}, ${label} (minimized; expectation from the interpreter)`);
  assert.fail(
    `seed ${seed}, ${label}: differs from the interpreter.\n` +
      `minimized in ${small.runs} runs and written to ${file}:\n${small.source}\n` +
      `interpreter: ${JSON.stringify(reference(small.source))}\n${label}: ${JSON.stringify(observable(candidate(small.source)))}\n` +
      `whole program:\n${source}`,
  );
}

/**
 * Run `source` under `options` and `agree` with the interpreter's run `interp` of it; then
 * check the counts too: a tier counts the interpreter's steps exactly (the step limit
 * strikes where it would), and which of them were loop iterations and which calls.
 * Returns the tier's run.
 */
function agreeCounted(source, seed, label, options, interp) {
  let got;
  agree(source, seed, label, (text) => {
    const r = run(text, { ...options, maxSteps: STEPS });
    if (text === source) got = r;
    return r;
  }, observable(interp));
  const counts = (r) => [r.stats.vm.loopIterations, r.stats.vm.calls];
  assert.deepEqual(counts(got), counts(interp), `seed ${seed}, ${label}:\n${source}`);
  return got;
}

const range = (process.env.MONKEY_FUZZ_SEEDS ?? '1:600').split(':').map(Number);

test('random programs give the same output under the interpreter and the trace tier', { skip: !tiers().includes('trace') && 'no trace tier' }, () => {
  let compiled = 0;
  for (let seed = range[0]; seed <= range[1]; seed++) {
    const source = generate(seed);
    const interp = run(source, { tier: 'interp', maxSteps: STEPS });
    // Thresholds 1 and 2 compile nearly every loop; the defaults (50 and 100) record
    // later iterations, whose side traces see other states.
    for (const hot of [1, 2, undefined]) {
      const got = agreeCounted(source, seed, `trace hot ${hot ?? 'default'}`, { tier: 'trace', hotLoop: hot, hotFunc: hot }, interp);
      compiled += got.events.filter((e) => e.kind === 'trace-compile').length;
    }
  }
  // The generator must keep producing programs the JIT really compiles.
  assert.ok(compiled > range[1] - range[0], `only ${compiled} traces compiled`);
});

test('random programs give the same output under the interpreter, the template tier and auto', { skip: !tiers().includes('template') && 'no template tier' }, () => {
  let compiled = 0;
  for (let seed = range[0]; seed <= range[1]; seed++) {
    const source = generate(seed);
    const interp = run(source, { tier: 'interp', maxSteps: STEPS });
    // `template` compiles every function on its first call; `auto` at thresholds 1 and 2
    // mixes template code, traces and the interpreter in one run.
    for (const [tier, hot] of [['template', undefined], ['auto', 1], ['auto', 2]]) {
      const got = agreeCounted(source, seed, `${tier} hot ${hot ?? 'default'}`, { tier, hotLoop: hot, hotFunc: hot }, interp);
      compiled += got.stats.template.functions;
    }
  }
  assert.ok(compiled > range[1] - range[0], `only ${compiled} functions compiled`);
});

// The native tier lives in the native binary (target/release/monkey, built by `npm run
// build` with the `native` feature): each program runs there with `--json`, against the
// Wasm interpreter's output. Skipped where the binary or its native tier is missing.
const NATIVE_BIN = join(resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target'), 'release', 'monkey');

function nativeRun(file, tier) {
  const child = spawnSync(NATIVE_BIN, ['run', file, '--tier', tier, '--max-steps', String(STEPS), '--json'], { encoding: 'utf8' });
  try {
    return JSON.parse(child.stdout);
  } catch {
    // A crash of the binary is a divergence like any other (and gets minimized).
    return { stdout: child.stdout, error: `crashed (status ${child.status}, signal ${child.signal}): ${child.stderr.slice(0, 500)}` };
  }
}

const nativeSkip = (() => {
  if (!existsSync(NATIVE_BIN)) return `${NATIVE_BIN} not built`;
  const dir = mkdtempSync(join(tmpdir(), 'monkey-native-'));
  const file = join(dir, 'probe.monkey');
  writeFileSync(file, '1');
  const probe = spawnSync(NATIVE_BIN, ['run', file, '--tier', 'native', '--json'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true });
  return probe.status === 0 ? false : `no native tier: ${probe.stdout.trim() || probe.stderr.trim()}`;
})();

test('random programs give the same output under the interpreter and the native tier', { skip: nativeSkip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'monkey-native-'));
  try {
    for (let seed = range[0]; seed <= range[1]; seed++) {
      const file = join(dir, 'program.monkey');
      agree(generate(seed), seed, 'native', (text) => {
        writeFileSync(file, text);
        return nativeRun(file, 'native');
      });
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});
