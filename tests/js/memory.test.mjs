// The Wasm memory and what growing it costs. Growing a Wasm memory detaches its old
// ArrayBuffer, and once any buffer in a process has been detached, V8's optimized code
// checks for detachment at every typed-array access: in every trace and template
// function. The module starts with 64 MiB (build.rs) and its allocator hands that out
// before it grows the memory (src/wasm.rs), so a program that fits never detaches a
// buffer. In a file of its own: the first test needs a process whose memory never grew,
// and each later one grows it.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { run, tiers } from '../../js/index.js';
import { initSync } from '../../pkg/web/monkey_jit.js';

const INITIAL = 64 * 1024 * 1024;
const BENCH = new URL('../../bench/programs/', import.meta.url);

/** The calls and loop iterations a run counted, which the trace tier must count as the interpreter does. */
const counts = (r) => [r.stats.vm.calls, r.stats.vm.loopIterations];

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

test('a trace with views of its own is made again when the memory has grown between its runs', { skip: !tiers().includes('trace') }, () => {
  const mem = memory();
  const before = mem.buffer.byteLength;
  // The inner loop allocates nothing: its trace reads the memory through views made with
  // its closure. The outer loop's trace calls it; `array`, on the outer loop's side path
  // in the 11th round, grows the memory in the interpreter, and from the 12th round the
  // traces must run through views of the grown memory, made when they are next entered.
  const n = Math.ceil((2 * before) / 8); // twice the memory: it grows, whatever it holds free
  const source = `let a = array(1000, 3); let s = 0; let big = [];
for (let r = 0; r < 20; r += 1) {
  for (x in a) { s += x + r; }
  if (r == 10) { big = array(${n}, 0); }
}
puts(s, len(big));`;
  // The traced run first: the memory grows in it, not in the interpreter's run.
  const traced = run(source, { tier: 'trace', hotLoop: 2, dump: ['js'] });
  assert.ok(mem.buffer.byteLength > before, 'the memory grew');
  const reference = run(source, { tier: 'interp' });
  assert.equal(traced.stdout, reference.stdout);
  assert.match(traced.dump, /const K8 = new Uint8Array\(M\.buffer\)/);
  // Two compiles, and a handful of exits: the outer trace's for the side path and at the
  // end, the inner one's before the outer trace was compiled. (Left with its old views,
  // the inner trace leaves at its head each time it is entered: 2,993 exits, and a third
  // compile.)
  const compiled = traced.events.filter((e) => e.kind === 'trace-compile').map((e) => e.line);
  assert.deepEqual(compiled.sort(), [2, 3], JSON.stringify(traced.events));
  const exits = traced.events.filter((e) => e.kind === 'trace-exit').reduce((k, e) => k + e.count, 0);
  assert.ok(exits <= 10, JSON.stringify(traced.events));
});

test('a trace with views of its own, called by one that grew the memory, leaves before doing anything', { skip: !tiers().includes('trace') }, () => {
  const mem = memory();
  const before = mem.buffer.byteLength;
  // The outer loop's trace copies `big` (a 16th of the memory as it is) and keeps the
  // copy, growing the memory within a couple of dozen rounds, then calls the inner loop's
  // trace, whose own views are then out of date: it leaves at its loop head, and the
  // interpreter goes on.
  const n = Math.ceil(before / 8 / 16);
  const source = `let a = array(100, 3); let big = array(${n}, 1); let keep = []; let s = 0;
for (let r = 0; r < 40; r += 1) {
  keep = push(keep, push(big, r));
  for (x in a) { s += x + r; }
}
puts(s, len(keep));`;
  // The traced run first: the memory grows in it, not in the interpreter's run.
  const traced = run(source, { tier: 'trace', hotLoop: 2, dump: ['js'] });
  assert.ok(mem.buffer.byteLength > before, 'the memory grew');
  const reference = run(source, { tier: 'interp' });
  assert.equal(traced.stdout, reference.stdout);
  assert.equal(reference.stdout, `${40 * 100 * 3 + 100 * ((39 * 40) / 2)}\n40\n`);
  // The inner trace has views of its own; the outer one, which allocates, does not.
  assert.equal(traced.dump.match(/const K8 = new Uint8Array\(M\.buffer\)/g)?.length, 1, traced.dump);
  assert.ok(traced.events.some((e) => e.kind === 'trace-compile' && e.line === 2), JSON.stringify(traced.events));
  assert.deepEqual(counts(traced), counts(reference));
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
  // The traced run first: the memory grows in it, not in the interpreter's run.
  const traced = run(source, { tier: 'trace', hotLoop: 2 });
  assert.ok(mem.buffer.byteLength > before, 'the memory grew');
  const reference = run(source, { tier: 'interp' });
  assert.equal(traced.stdout, reference.stdout);
  assert.equal(reference.stdout, `${3 * ((31 * 32) / 2) + (96 * 97) / 2}\n96\n31\n`);
  assert.equal(traced.events.filter((e) => e.kind === 'side-trace').length, 1, JSON.stringify(traced.events));
  assert.deepEqual(counts(traced), counts(reference));
});
