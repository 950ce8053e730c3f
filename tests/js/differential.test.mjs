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
import { generate } from './fixtures/program-generator.mjs';

const range = (process.env.MONKEY_FUZZ_SEEDS ?? '1:600').split(':').map(Number);

test('random programs give the same output under the interpreter and the trace tier', { skip: !tiers().includes('trace') && 'no trace tier' }, () => {
  let compiled = 0;
  for (let seed = range[0]; seed <= range[1]; seed++) {
    const source = generate(seed);
    const expected = run(source, { tier: 'interp', maxSteps: 2_000_000 });
    // Thresholds 1 and 2 compile nearly every loop; the defaults (50 and 100) record
    // later iterations, whose side traces see other states.
    for (const hot of [1, 2, undefined]) {
      const got = run(source, { tier: 'trace', hotLoop: hot, hotFunc: hot, maxSteps: 2_000_000 });
      compiled += got.events.filter((e) => e.kind === 'trace-compile').length;
      assert.deepEqual(
        { stdout: got.stdout, result: got.result, error: got.error },
        { stdout: expected.stdout, result: expected.result, error: expected.error },
        `seed ${seed}, hotLoop ${hot ?? 'default'}:\n${source}`,
      );
    }
  }
  // The generator must keep producing programs the JIT really compiles.
  assert.ok(compiled > range[1] - range[0], `only ${compiled} traces compiled`);
});

test('random programs give the same output under the interpreter, the template tier and auto', { skip: !tiers().includes('template') && 'no template tier' }, () => {
  let compiled = 0;
  for (let seed = range[0]; seed <= range[1]; seed++) {
    const source = generate(seed);
    const expected = run(source, { tier: 'interp', maxSteps: 2_000_000 });
    // `template` compiles every function on its first call; `auto` at thresholds 1 and 2
    // mixes template code, traces and the interpreter in one run.
    for (const [tier, hot] of [['template', undefined], ['auto', 1], ['auto', 2]]) {
      const got = run(source, { tier, hotLoop: hot, hotFunc: hot, maxSteps: 2_000_000 });
      compiled += got.stats.template.functions;
      assert.deepEqual(
        { stdout: got.stdout, result: got.result, error: got.error },
        { stdout: expected.stdout, result: expected.result, error: expected.error },
        `seed ${seed}, ${tier}, thresholds ${hot ?? 'default'}:\n${source}`,
      );
    }
  }
  assert.ok(compiled > range[1] - range[0], `only ${compiled} functions compiled`);
});

// The native tier lives in the native binary (target/release/monkey, built by `npm run
// build` with the `native` feature): each program runs there with `--json`, against the
// Wasm interpreter's output. Skipped where the binary or its native tier is missing.
const NATIVE_BIN = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..', process.env.CARGO_TARGET_DIR ?? 'target'), 'release', 'monkey');

function nativeRun(file, tier) {
  const child = spawnSync(NATIVE_BIN, ['run', file, '--tier', tier, '--max-steps', '2000000', '--json'], { encoding: 'utf8' });
  return JSON.parse(child.stdout);
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
      const source = generate(seed);
      const expected = run(source, { tier: 'interp', maxSteps: 2_000_000 });
      const file = join(dir, `seed${seed}.monkey`);
      writeFileSync(file, source);
      const got = nativeRun(file, 'native');
      assert.deepEqual(
        { stdout: got.stdout, result: got.result ?? null, error: got.error ?? null },
        { stdout: expected.stdout, result: expected.result ?? null, error: expected.error ?? null },
        `seed ${seed}, native:\n${source}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});
