// The delta debugger the differential runner shrinks disagreements with
// (fixtures/minimize.mjs): 1-minimal results, token round trips, the corpus file format.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../../js/index.js';
import { ddmin, minimizeProgram, observable, tokens, writeCorpusTest } from './fixtures/minimize.mjs';
import { generate } from './fixtures/program-generator.mjs';


test('ddmin finds exactly the elements a failure needs', () => {
  const items = Array.from({ length: 100 }, (_, i) => i);
  const failing = (list) => list.includes(13) && list.includes(77) && list.includes(78);
  assert.deepEqual(ddmin(items, failing), [13, 77, 78]);
  // A failure that needs everything keeps everything.
  assert.deepEqual(ddmin([1, 2, 3], (l) => l.length === 3), [1, 2, 3]);
});

test('ddmin stops at its budget with a failing input', () => {
  const items = Array.from({ length: 1000 }, (_, i) => i);
  let calls = 0;
  const failing = (list) => (calls++, list.includes(500));
  const got = ddmin(items, failing, 5);
  assert.ok(calls <= 5);
  assert.ok(got.includes(500) && got.length < items.length);
});

test('a program joined from its tokens is the same program (but for error columns)', () => {
  const columnless = (o) => ({ ...observable(o), error: o.error?.replace(/at (\d+):\d+/, 'at $1') ?? null });
  for (let seed = 1; seed <= 40; seed++) {
    const source = generate(seed);
    const rejoined = source.split('\n').map((l) => tokens(l).join(' ')).join('\n');
    assert.deepEqual(columnless(run(rejoined, { maxSteps: 2_000_000 })), columnless(run(source, { maxSteps: 2_000_000 })), `seed ${seed}`);
  }
});

test('a disagreement shrinks to a small program that still shows it, 1-minimal by lines', () => {
  // A stand-in for a tier bug: a "tier" that gets every program right except one that
  // prints a negative number and also divides.
  const buggy = (text) => {
    const o = observable(run(text, { maxSteps: 100_000 }));
    return /(^|\n)-\d/.test(o.stdout) && /\//.test(text) ? { ...o, stdout: o.stdout + 'wrong\n' } : o;
  };
  const diverges = (text) => buggy(text).stdout !== observable(run(text, { maxSteps: 100_000 })).stdout;
  const source = `${generate(3)}\nlet q = 7 / 2;\nputs(0 - q);\nputs("the end");`;
  assert.ok(diverges(source));
  const { source: small, runs } = minimizeProgram(source, diverges);
  assert.ok(diverges(small), small);
  assert.ok(small.length < source.length / 4, `${small.length} of ${source.length} characters:\n${small}`);
  const lines = small.split('\n');
  for (let i = 0; i < lines.length && lines.length > 1; i++) {
    assert.ok(!diverges(lines.filter((_, j) => j !== i).join('\n')), `line ${i + 1} of\n${small}\ncan go`);
  }
  assert.ok(runs > 0);
});

test('a finding is written as a corpus test whose expectation matches the file as written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'monkey-found-'));
  try {
    const reference = (text) => observable(run(text));
    const file = writeCorpusTest(dir, 'seed9_native', 'puts(1);\nlet x = 1 / 0;', reference, 'found by a test');
    assert.equal(readFileSync(file, 'utf8'), '// found by a test\nputs(1);\nlet x = 1 / 0;\n');
    // The comment line shifts the error to line 3.
    assert.equal(readFileSync(join(dir, 'seed9_native.expected'), 'utf8'), '-- stdout\n1\n-- error\nruntime error at 3:11: division by zero\n');
    writeCorpusTest(dir, 'ok', '1 + 1', reference, 'x');
    assert.equal(readFileSync(join(dir, 'ok.expected'), 'utf8'), '-- result\n2\n');
  } finally {
    rmSync(dir, { recursive: true });
  }
});
