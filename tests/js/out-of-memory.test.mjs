// Running out of WebAssembly memory (4 GiB) inside JIT code is a runtime error, never a
// trap. In a file of its own: each test here grows this process's Wasm memory to its end,
// and Wasm memory does not shrink.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, tiers } from '../../js/index.js';

const HAS_TRACE = tiers().includes('trace');

// Four pushes onto a 60,000,000-element array of values (960 MB each; nulls, not
// integers, which would pack in half that) in one iteration: the fourth
// finds no room. Under 2 GiB (`maxHeap`) of live objects between collections, so the
// live-heap limit stays out of it; the first two iterations push onto small arrays, so
// the loop is traced before the large one comes.
const PUSHES = `let big = array(60000000, null);
let xs = [[1], [2], big];
let i = 0;
while (i < 3) {
  let a = xs[i];
  let b = push(a, 1); let c = push(a, 2); let d = push(a, 3); let e = push(a, 4);
  i += 1;
}`;
const NO_ROOM = 'runtime error at 6:75: out of memory: no room for an array of 60000001 elements';

test('a push in a trace that finds no room leaves the trace and fails as in the interpreter', { skip: !HAS_TRACE }, () => {
  const options = { hotLoop: 1, maxHeap: 2 ** 31 };
  const reference = run(PUSHES, { tier: 'interp', ...options });
  assert.equal(reference.error, NO_ROOM);
  const traced = run(PUSHES, { tier: 'trace', ...options });
  assert.equal(traced.error, NO_ROOM);
  assert.deepEqual(traced.stats.vm, reference.stats.vm);
  // The trace ran the large array's iteration and left it at the failing push.
  assert.equal(traced.events.filter((e) => e.kind === 'trace-compile').length, 1);
  const exits = traced.events.filter((e) => e.kind === 'trace-exit');
  assert.equal(exits.length, 1);
  assert.equal(exits[0].line, 6);
});
