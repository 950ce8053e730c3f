// The Wasm memory and what growing it costs. Growing a Wasm memory detaches its old
// ArrayBuffer, and once any buffer in a process has been detached, V8's optimized code
// checks for detachment at every typed-array access: in every trace and template
// function. The module starts with 64 MiB (build.rs) and its allocator hands that out
// before it grows the memory (src/wasm.rs), so a program that fits never detaches a
// buffer. In a file of its own: the first test needs a process whose memory never grew.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { run, tiers } from '../../js/index.js';
import { initSync } from '../../pkg/web/monkey_jit.js';

const INITIAL = 64 * 1024 * 1024;
const BENCH = new URL('../../bench/programs/', import.meta.url);

/** The module's WebAssembly.Memory (the one instance `js/index.js` made). */
function memory() {
  run('1'); // instantiates the module if nothing has yet
  return initSync().memory;
}

test('the benchmark programs run in the memory the module starts with, under every tier', () => {
  const mem = memory();
  const buffer = mem.buffer;
  assert.equal(buffer.byteLength, INITIAL);
  for (const name of readdirSync(BENCH).filter((f) => f.endsWith('.monkey')).sort()) {
    const source = readFileSync(new URL(name, BENCH), 'utf8');
    for (const tier of tiers().filter((t) => t !== 'interp')) {
      const r = run(source, { tier });
      assert.equal(r.error, null, `${name} under ${tier}`);
      // Not grown: the very buffer the process started with, never detached.
      assert.equal(mem.buffer, buffer, `${name} under ${tier} grew the memory to ${mem.buffer.byteLength} bytes`);
    }
  }
});

test('traces whose allocations outgrow the memory go on through fresh views of it', { skip: !tiers().includes('trace') }, () => {
  const mem = memory();
  const before = mem.buffer.byteLength;
  // Each inner iteration's `push` copies `big` (a 64th of the memory as it is) and keeps
  // the copy, so the memory grows at about the 64th copy, in the outer loop's 22nd
  // iteration: by then the inner loop's trace and its side trace round the outer loop
  // (from the 10th) run every iteration, and must go on through views of the grown memory.
  const n = Math.ceil(before / 8 / 64);
  const source = `let big = array(${n}, 1); let keep = []; let s = 0;
for (let i = 0; i < 32; i += 1) {
  for (let j = 0; j < 3; j += 1) { let c = push(big, i); keep = push(keep, c); s += c[${n}] + len(keep); }
}
puts(s, len(keep), keep[95][${n}]);`;
  const reference = run(source, { tier: 'interp' });
  const traced = run(source, { tier: 'trace', hotLoop: 2 });
  assert.ok(mem.buffer.byteLength > before, 'the memory grew');
  assert.equal(traced.stdout, reference.stdout);
  assert.equal(reference.stdout, `${3 * ((31 * 32) / 2) + (96 * 97) / 2}\n96\n31\n`);
  assert.equal(traced.events.filter((e) => e.kind === 'side-trace').length, 1, JSON.stringify(traced.events));
  const counts = (r) => [r.stats.vm.calls, r.stats.vm.loopIterations];
  assert.deepEqual(counts(traced), counts(reference));
});
