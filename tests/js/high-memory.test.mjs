// JIT code reads and writes objects above 2 GiB of Wasm memory as the interpreter does.
// Addresses read from an Int32Array are negative there: template code read `null` and
// lost its writes, trace code lost its writes (found by a bug hunt). Each JIT run is the
// first in a process of its own: in a process that ran the program before, the small
// objects may fit in memory freed low down, and the test would test nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { run, tiers } from '../../js/index.js';

// 2.2 GB of arrays first (of nulls: 16 bytes an element, where integers would pack in
// 8), so that what comes after lies above 2 GiB, among it arrays of each kind; all in one call,
// with no call or loop (where the collector may run) while they are live. Collected
// after it, they leave the later objects where they are.
const PROGRAM = `let setup = fn() {
  let g = [array(100000000, null), array(40000000, null)];
  let c = 0;
  let counter = fn() { c = c + 1; c };
  [array(1000, 7), [array(50, 1), array(50, 2)], {"x": 1}, counter]
};
let objects = setup();
let a = objects[0]; let m = objects[1]; let h = objects[2]; let counter = objects[3];
let s = 0;
for (i in 0..500) {
  a[i] = i;
  m[i % 2][i % 50] = m[i % 2][i % 50] + 1;
  s = s + a[i] + m[i % 2][i % 50] + counter();
  h["x"] = h["x"] + 1;
}
let t = 0;
for (x in a) { t = t + x; }
let read = fn(k) { a[k] + m[1][k % 50] };
let write = fn(k) { a[k] = k * 2; a[k] };
let fib = fn(n) { if (n < 2) { n } else { fib(n - 1) + fib(n - 2) } };
puts(s, t, h["x"], counter(), read(3), write(4), a[4], fib(15), len(str(s) + "!"));`;

// Reads and writes of an array above 2 GiB by functions called a few times (template
// code: the bug hunt's programs).
const CALLS = `let g = [array(100000000, null), array(40000000, null)];
let a = array(1000000, 7);
g = 0;
let rd = fn(k) { a[k] };
let wr = fn(k) { a[k] = 100 + k; len(a) };
puts(rd(1), rd(2), wr(1), wr(2), wr(3), a[1], a[2], a[3]);
let s = 0; for (i in 0..3) { s = s + a[i]; } puts(s);`;

// With 2.146 GB kept live (under a \`maxHeap\` of 2 GiB) while they are made, the VM
// stack (grown by a deep recursion) and closures' captured cells lie above 2 GiB too
// (found in review: trace code's writer of boxed values, and its read of a closure's
// cells, still shifted addresses as signed).
const KEEP = 'let g = [array(100000000, null), array(25000000, null), array(9000000, null), array(150000, null)];';
const STACK = `let deep = fn(n) { if (n == 0) { 0 } else { 1 + deep(n - 1) } };
let setup = fn() { ${KEEP} deep(3000) };
setup();
let h = {"a": 1, "b": "x", "c": [1, 2]};
let keys = ["a", "b", "c"];
let out = [];
for (i in 0..300) { let v = h[keys[i % 3]]; if (i > 293) { out = push(out, v); } }
puts(out);`;
const CELLS = `let setup = fn() {
  ${KEEP.replace('150000', '140000')}
  let mk = fn() { let c = 0; [fn(v) { c = v; }, fn() { c }] };
  let ps = array(200, 0);
  for (i in 0..200) { ps[i] = mk(); }
  ps[199]
};
let p = setup();
let set = p[0]; let get = p[1];
for (i in 0..1000) { set(i); }
puts(get());`;

for (const [name, program, stdout, limits] of [
  ['loops, closures, hashes and recursion', PROGRAM, '253500\n128250\n501\n501\n15\n8\n8\n610\n7\n', {}],
  ['functions called a few times', CALLS, '7\n7\n1000000\n1000000\n1000000\n101\n102\n103\n210\n', {}],
  ['the VM stack', STACK, '[1, "x", [1, 2], 1, "x", [1, 2]]\n', { maxHeap: 2 ** 31 }],
  ['captured cells', CELLS, '999\n', { maxHeap: 2 ** 31 }],
]) test(`objects above 2 GiB of Wasm memory, under every tier: ${name}`, () => {
  const reference = run(program, { tier: 'interp', ...limits });
  assert.equal(reference.error, null);
  assert.equal(reference.stdout, stdout);
  const observed = (r) => ({ stdout: r.stdout, result: r.result, error: r.error, calls: r.stats.vm.calls, iterations: r.stats.vm.loopIterations });
  const settings = [{ tier: 'template' }, { tier: 'auto', hotLoop: 1, hotFunc: 1 }];
  if (tiers().includes('trace')) settings.push({ tier: 'trace', hotLoop: 1, hotFunc: 1 }, { tier: 'trace', hotLoop: 2, hotFunc: 2 });
  for (const options of settings) {
    if (!tiers().includes(options.tier)) continue;
    const script = `import { run } from ${JSON.stringify(new URL('../../js/index.js', import.meta.url).href)};
      const r = run(${JSON.stringify(program)}, ${JSON.stringify({ ...options, ...limits })});
      const observed = ${observed.toString()};
      console.log(JSON.stringify({ ...observed(r), compiled: r.events.some((e) => e.kind.endsWith('-compile')) }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), { ...observed(reference), compiled: true }, JSON.stringify(options));
  }
});
