// The template tier's stencils (stencils-js/) are real JavaScript: each file parses on
// its own, holes and all (a hole is an identifier such as `$X` or `t$X`). The template
// compiler patches them; the code it generates must contain no hole left unfilled and
// must itself parse — checked here on every function of the corpus.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../../js/index.js';
import { observable } from './fixtures/minimize.mjs';

const STENCILS = fileURLToPath(new URL('../../stencils-js/', import.meta.url));
const PROGRAMS = fileURLToPath(new URL('../programs/', import.meta.url));

const stencils = readdirSync(STENCILS).filter((f) => f.endsWith('.js'));

/** What a run shows, with the calls and loop iterations it counted (steps are their sum). */
const counted = (r) => ({ ...observable(r), calls: r.stats.vm.calls, iterations: r.stats.vm.loopIterations });

test('every stencil parses on its own and starts with a header comment', () => {
  assert.ok(stencils.length >= 45, `only ${stencils.length} stencils`);
  for (const file of stencils) {
    const source = readFileSync(join(STENCILS, file), 'utf8');
    assert.doesNotThrow(() => new Function(source), `stencils-js/${file} does not parse`);
    assert.match(source, /^\/\/ \w+[ :(]/, `stencils-js/${file} needs a header comment`);
  }
});

test('generated template code has every hole filled and parses', () => {
  const programs = readdirSync(PROGRAMS, { recursive: true }).filter((f) => f.endsWith('.monkey'));
  let functions = 0;
  for (const file of programs) {
    const { dump } = run(readFileSync(join(PROGRAMS, file), 'utf8'), { tier: 'template', dump: ['template'] });
    for (const section of dump.split(/^---- TEMPLATE .*$/m).slice(1)) {
      functions += 1;
      assert.ok(!section.includes('$'), `${file}: a hole was left in:\n${section}`);
      assert.doesNotThrow(() => new Function('rt', 'M', 'T', 'PI', 'S', 'R', 'BU', section), `${file}: generated code does not parse`);
    }
  }
  assert.ok(functions > programs.length, `only ${functions} functions compiled`);
});

test('len of an array is read inline where the block pushed the builtin (CallLen), as the interpreter would', () => {
  // The table's length word, or a packed array's own (the first word of its buffer).
  const inlineLen = /const e=\(H32\[\d+\]>>>2\)\+2\*a\d+;t(\d+)=2;a\1=\(H32\[e\]&7\)===0\?H32\[e\+1\]:H32\[H32\[e\]>>>2\];b\1=0;/;
  const cases = [
    // The callee is `GetBuiltin len` in the same block: the variant, for every argument.
    ['let a = [1, 2, 3]; let n = 0; for (let i = 0; i < len(a); i += 1) { n += len(a); } n', true],
    ['let a = [true, false, true]; let n = 0; for (let i = 0; i < len(a); i += 1) { n += len(a); } n', true],
    ['len("héllo") + len([])', true],
    ['len({"a": 1})', true],
    ['len(12)', true],
    ['let a = [1]; len(a, a)', false],
    // The callee comes from a variable: the plain Call stencil.
    ['let l = len; l([1, 2])', false],
    ['let len = fn(x) { 7 }; len([1, 2])', false],
  ];
  for (const [source, inlined] of cases) {
    const reference = run(source, { tier: 'interp' });
    const got = run(source, { tier: 'template', dump: ['template'] });
    assert.deepEqual(observable(got), observable(reference), source);
    assert.equal(inlineLen.test(got.dump), inlined, `${source}:\n${got.dump}`);
  }
});

test('== and != decide every pair of value kinds as the interpreter does (Eq and NotEq inline all but strings of two objects)', () => {
  // Integers differing in either half, strings equal by text in two objects or one,
  // arrays, hashes and closures equal only to themselves, builtins, null, booleans.
  const source = `let f = fn() { 1 }; let h = {"k": 1}; let a = [1]; let s = "ab";
let vs = [null, true, false, 0, 1, -1, 4294967296, -4294967296, 4294967297, "ab", s, "a" + "b", "", [1], a, a, h, h, {"k": 1}, f, f, fn() { 1 }, len, len, puts];
let table = fn(vs) { let out = ""; for (x in vs) { for (y in vs) { out = out + (if (x == y) { "=" } else { "." }) + (if (x != y) { "!" } else { "_" }); } } out };
puts(table(vs));`;
  const reference = run(source, { tier: 'interp' });
  assert.equal(reference.error, null);
  const got = run(source, { tier: 'template', dump: ['template'] });
  assert.match(got.dump, /\/\* \d+ Eq /, 'the comparisons run in template code');
  assert.deepEqual(observable(got), observable(reference));
});

test('a builtin call that grows memory takes its step as the interpreter does', () => {
  // `array` of a size never allocated before in this process (80 MB and more, past the
  // 64 MiB the module starts with) makes the Wasm memory grow inside the builtin,
  // detaching the template code's view of it; the step the call takes must still count,
  // or the step limit strikes one step late (this printed one line too many before the
  // step was taken through a current view).
  for (let limit = 2; limit <= 7; limit++) {
    const source = `let f = fn() { let a = array(${(8 + limit) * 1000000}, 0); puts(1); puts(2); puts(3); puts(4); len(a) };\nputs(f());`;
    const got = run(source, { tier: 'template', maxSteps: limit });
    const reference = run(source, { tier: 'interp', maxSteps: limit });
    assert.deepEqual(observable(got), observable(reference), `maxSteps ${limit}`);
  }
});

test('a builtin that fails after printing leaves no output behind for the interpreter to repeat', () => {
  // `puts` prints its first argument, then fails to render the second (past 16 MB); the
  // interpreter, which does the call again, must be the only one to print the first.
  const source = 'let a = [1]; for (let i = 0; i < 24; i += 1) { a = [a, a]; } puts("first", a);';
  const got = run(source, { tier: 'template' });
  assert.deepEqual(observable(got), observable(run(source, { tier: 'interp' })));
  assert.equal(got.stdout, 'first\n');
});

test('template code counts steps, calls and loop iterations as the interpreter does when the collector wants to run', () => {
  // Allocation in template code (about 140 MB here) makes it leave for the collector
  // each time it has allocated 16 MB past the budget (JIT_SLACK); the runtime then sets
  // the step budget aside so the code hands over at its next call or back-edge, and the
  // budget must come back in full: a lost or double-counted step shows in the counts,
  // and makes the step limit strike elsewhere.
  const source = `let f = fn(n) { let a = []; for (i in 0..n) { a = push(a, [i, str(i)]); } len(a) };
let total = 0;
for (k in 0..200) { total += f(300); puts(k); }
puts(total);`;
  for (const maxSteps of [undefined, 20000, 40000, 120000]) {
    const reference = run(source, { tier: 'interp', maxSteps });
    const got = run(source, { tier: 'template', maxSteps });
    if (maxSteps === undefined) assert.ok(got.stats.vm.heap.collections > 2, `${got.stats.vm.heap.collections} collections`);
    assert.deepEqual(counted(got), counted(reference), `maxSteps ${maxSteps}`);
  }
});

test('recursion reached from straight-line code collects garbage under template code (found in review)', () => {
  // Template code hands over at its first call while a collection is wanted; the
  // interpreter entered the callee's template code again at once, without collecting:
  // no collection ever ran, every call handed over (100x slower), and memory ran out —
  // a Wasm trap, or a made-up error ("not a function: NULL"). The call is a safepoint.
  const tree = 'let f = fn(n) { if (n < 2) { return n; } let t = array(10000, n); f(n - 1) + f(n - 2) };\nputs(f(18));';
  const chain = 'let f = fn(n) { if (n < 1) { return 0; } len(array(100000, n)) + f(n - 1) };\nputs(f(300));';
  for (const source of [tree, chain]) {
    const reference = run(source, { tier: 'interp' });
    const got = run(source, { tier: 'template' });
    assert.deepEqual(counted(got), counted(reference));
    assert.ok(got.stats.vm.heap.collections >= 2, `${got.stats.vm.heap.collections} collections`);
    assert.ok(got.stats.vm.heap.peakObjects < 1000, `${got.stats.vm.heap.peakObjects} objects live at once`);
  }
});

test('every call into the runtime that allocates gives the step budget back in full when the collector wants to run', () => {
  // Template code keeps its step budget in a JS variable and puts it in memory around
  // each call into the runtime, which sets it aside when the collector wants to run.
  // One kind of allocation per program, so that the wish comes up inside that kind's
  // helper (about 50 MB each): a budget not written before, or not read back after, one
  // of them is lost or counted twice, which shows in the counts or moves the step limit.
  const kinds = {
    array: ['let x = [i, i];', 250],
    hash: ['let x = {"k": i};', 100],
    closure: ['let x = fn() { 1 };', 600],
    cell: ['let c = i; let g = fn() { c };', 300],
    string: ['let x = s + "y";', 400],
    builtin: ['let x = push(e, i);', 300],
    setIndex: ['h[i] = i;', 350],
    // Characters of more than one byte: one-byte ones are shared, not made (`Heap::char_str`).
    iterNext: ['for (c in "àéîõüçñø") { }', 75],
  };
  for (const [kind, [body, rounds]] of Object.entries(kinds)) {
    const source = `let f = fn(n) { let e = []; let h = {}; let s = "abcdefgh"; for (i in 0..n) { ${body} } 0 };
for (k in 0..${rounds}) { f(3000); }
puts("done");`;
    const reference = run(source, { tier: 'interp' });
    const got = run(source, { tier: 'template' });
    assert.ok(got.stats.vm.heap.collections >= 2, `${kind}: ${got.stats.vm.heap.collections} collections`);
    assert.deepEqual(counted(got), counted(reference), kind);
    const maxSteps = Math.floor(0.6 * (reference.stats.vm.calls + reference.stats.vm.loopIterations));
    assert.deepEqual(counted(run(source, { tier: 'template', maxSteps })), counted(run(source, { tier: 'interp', maxSteps })), `${kind}, maxSteps ${maxSteps}`);
  }
});

test('operations on values proved to be integers or booleans skip the type tests, and only those', () => {
  // `s`, `i` and the comparisons are integers and booleans on every path; `x` is a string
  // on some, so `x + 1` and `x + "b"` keep Add's test and slow path. Variants are named in
  // the dump's comment.
  const source = 'let f = fn(n) { let s = 0; let x = 0; for (let i = 0; i < n; i += 1) { s = s + i * 2; if (i == 3) { x = "a"; } if (i < 3) { x = x + 1; } else { x = x + "b"; } } [s, x] }; puts(f(6)); puts(f(2));';
  const got = run(source, { tier: 'template', dump: ['template'] });
  assert.deepEqual(observable(got), observable(run(source, { tier: 'interp' })));
  const ops = [...got.dump.matchAll(/^\/\* \d+ (\w+(?: \(\w+\))?) /gm)].map((m) => m[1]).filter((op) => /^(Add|Eq|Lt|JumpIfFalse)\b/.test(op));
  assert.deepEqual(ops, [
    'Lt', 'JumpIfFalse (JumpIfFalseBool)', // i < n: n is a parameter, the result a boolean
    'Add (AddInt)', 'Eq (EqInt)', 'JumpIfFalse (JumpIfFalseBool)', 'Lt (LtInt)', 'JumpIfFalse (JumpIfFalseBool)',
    'Add', 'Add', // x + 1, x + "b"
    'Add (AddInt)', // i += 1
  ], got.dump);
  assert.match(got.dump, /if\(true&&/, 'i * 2 skips the tag test');
});

test('a function that calls no Monkey code keeps its globals in JS variables, and memory has them whenever anything else looks', () => {
  const promoted = /,g\d+t=0,g\d+a=0,g\d+b=0/;
  const cases = [
    // (Each case's flag: whether the top level keeps its globals in JS variables.)
    // Top-level loop over globals, with builtin calls only.
    ['let s = 0; let i = 0; while (i < 5000) { s += i; i += 1; } puts(s, i); s', true],
    // The callee keeps `g` in JS variables and changes it; the caller reads it from memory
    // after each return.
    ['let g = 0; let bump = fn(k) { g = g + k; g }; let t = 0; for (i in 0..300) { t += bump(i); } puts(g, t);', false],
    // An error mid-loop hands over with the globals written back (the interpreter reports it).
    ['let s = 0; let d = 3; for (i in 0..100) { s += 10 / d; d -= 1; } puts(s);', true],
    // A closure call in the top level: its globals stay in memory (the callee's are promoted).
    ['let s = 0; let f = fn() { s += 1; }; for (i in 0..100) { f(); s += 1; } puts(s);', false],
  ];
  for (const [source, any] of cases) {
    const reference = run(source, { tier: 'interp' });
    for (const maxSteps of [undefined, 57, 250]) {
      const expected = run(source, { tier: 'interp', maxSteps });
      const got = run(source, { tier: 'template', maxSteps, dump: ['template'] });
      assert.deepEqual(observable(got), observable(expected), `${source} (maxSteps ${maxSteps})`);
      const sections = got.dump.split(/^(?=---- TEMPLATE )/m);
      const main = sections.find((f) => f.startsWith('---- TEMPLATE <main> (function'));
      if (maxSteps === undefined) assert.equal(promoted.test(main), any, `${source}:\n${main}`);
      // `bump` calls nothing: it keeps `g` in JS variables, and its `Return` writes it back.
      const bump = sections.find((f) => f.startsWith('---- TEMPLATE bump'));
      if (bump && maxSteps === undefined) assert.match(bump, promoted);
    }
    // Under auto, loops of promoted code hand over to the trace tier midway.
    const auto = run(source, { tier: 'auto', hotFunc: 1, hotLoop: 2 });
    assert.deepEqual(observable(auto), observable(reference), `${source} (auto)`);
  }
});

test('template code compiles a function it calls for the first time instead of handing its own frame over', () => {
  // Each callee's first call comes from template code. Handing over for it left the
  // caller's loop to the interpreter, which then compiled that loop again for entry at
  // its head (quicksort: each partition's loop; 27% of its time). Now only pc-0 code is
  // compiled, and counts and output stay the interpreter's, under step limits too.
  const source = `let sq = fn(x) { x * x };
let sum = fn(n) { let s = 0; for (i in 0..n) { s += sq(i); } s };
let total = 0;
for (k in 0..50) { total += sum(k); }
puts(total);`;
  for (const maxSteps of [undefined, 3, 500, 5000]) {
    const reference = run(source, { tier: 'interp', maxSteps });
    const got = run(source, { tier: 'template', maxSteps });
    assert.deepEqual(counted(got), counted(reference), `maxSteps ${maxSteps}`);
  }
  const compiles = run(source, { tier: 'template' }).events.filter((e) => e.kind === 'template-compile');
  assert.deepEqual(compiles.map((e) => [e.func, e.entry]), [['<main>', 0], ['sum', 0], ['sq', 0]]);
  // Under auto with hotFunc, calls from template code count towards compiling the callee.
  const auto = run(source, { tier: 'auto', hotFunc: 2, hotLoop: 1000000 });
  assert.deepEqual(observable(auto), observable(run(source, { tier: 'interp' })));
  const autoCompiles = auto.events.filter((e) => e.kind === 'template-compile');
  assert.ok(autoCompiles.some((e) => e.func === 'sq' && e.entry === 0), JSON.stringify(autoCompiles));
});

test('the call-depth budget keeps every frame of template code inside the VM stack', () => {
  // Calls do not check stack room: each entry's depth budget is cut to what the stack
  // (grown first, within limits) holds for frames of the largest function. A function
  // with 80 locals recurses 3,000 deep, and past the interpreter's 20,000-frame limit;
  // a small frame recurses alongside. Output, counts and errors stay the interpreter's.
  const locals = Array.from({ length: 80 }, (_, k) => `let v${k} = n + ${k};`).join(' ');
  const sum = Array.from({ length: 80 }, (_, k) => `v${k}`).join(' + ');
  const source = `let big = fn(n) { ${locals} if (n == 0) { 0 } else { (${sum}) % 1000 + big(n - 1) } };
let small = fn(n) { if (n == 0) { 0 } else { 1 + small(n - 1) } };
puts(big(3000), small(15000));
puts(big(25000));`;
  const reference = run(source, { tier: 'interp' });
  assert.match(reference.error, /stack overflow/);
  const got = run(source, { tier: 'template' });
  assert.deepEqual(counted(got), counted(reference));
  // The budget keeps V8's own stack too, counting each frame at its estimated size:
  // 3,000 locals are 9,000 JS variables a frame, and 20 such calls deep node's stack ran
  // out (a RangeError, reported as a stack overflow the interpreter does not have); so
  // did 300 calls of `g` in a function 200 calls deep (each call's constants take
  // registers: found by a bug hunt, when only slots were counted).
  const manyLocals = Array.from({ length: 600 }, (_, k) => `let v${k} = n + ${k};`).join(' ');
  const manyCalls = 'g(n); '.repeat(300);
  for (const deep of [
    `let big = fn(n) { ${manyLocals} if (n == 0) { 0 } else { (v0 + v599) % 1000 + big(n - 1) } }; puts(big(300));`,
    `let g = fn(y) { y };\nlet big = fn(n) { if (n == 0) { return 0; } ${manyCalls} big(n - 1) + 1 };\nputs(big(200));`,
  ]) {
    for (const options of [{ tier: 'template' }, { tier: 'auto', hotLoop: 1, hotFunc: 1 }]) {
      const got = run(deep, options);
      assert.deepEqual(counted(got), counted(run(deep, { tier: 'interp' })), options.tier);
      if (options.tier === 'template') assert.ok(got.events.some((e) => e.kind === 'template-compile' && e.func === 'big'));
    }
  }
});

test('a host that leaves little of the engine\'s stack gets the interpreter\'s output from template code', () => {
  // The call-depth budget assumes its share of V8's stack is free. With node's stack cut
  // to 100 KB (as when run() is called from deep in the host's own recursion), template
  // code ran it out, and the run ended in a `stack overflow` the interpreter does not
  // have (found by an audit of the API). The program now runs again without templates.
  const script = `
    import { run } from ${JSON.stringify(new URL('../../js/index.js', import.meta.url).href)};
    const source = 'let f = fn(n) { if (n == 0) { return 0; } 1 + f(n - 1) };\\nputs("start");\\nf(5000)';
    const pick = (r) => ({ stdout: r.stdout, result: r.result, error: r.error, calls: r.stats.vm.calls });
    const got = run(source, { tier: 'template' });
    console.log(JSON.stringify({ interp: pick(run(source, { tier: 'interp' })), template: pick(got), events: got.events.map((e) => e.kind) }));`;
  const child = spawnSync(process.execPath, ['--stack-size=100', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const { interp, template, events } = JSON.parse(child.stdout);
  assert.deepEqual(interp, { stdout: 'start\n', result: '5000', error: null, calls: 5002 });
  assert.deepEqual(template, interp);
  assert.equal(events[0], 'jit-unavailable');
});

test('run() called from deep in the host\'s recursion gives the interpreter\'s output, and the module keeps working', () => {
  // Near the engine's stack limit, JIT code ran the stack out inside a Rust helper: the
  // RangeError left the module's state half-updated (a RefCell still borrowed), run()
  // threw "unreachable", and so did every later run under a JIT tier (found in review).
  // run() now checks that enough stack is left for JIT code, else the interpreter runs.
  const script = `
    import { run } from ${JSON.stringify(new URL('../../js/index.js', import.meta.url).href)};
    const source = 'let deep = fn(n) { if (n == 0) { 0 } else { len(str(n) + "ab") + deep(n - 1) } };\\nlet s = 0; for (let i = 0; i < 30; i += 1) { s += deep(200 + i); } s';
    const want = run(source, { tier: 'interp' }).result;
    let max = 0;
    (function probe(n) { max = n; try { probe(n + 1); } catch {} })(0);
    const at = (d, f) => (d > 0 ? at(d - 1, f) : f());
    const counts = { same: 0, other: [] };
    for (const tier of ['template', 'trace', 'auto']) {
      for (let d = max; d > max - 2500; d -= 23) {
        let r;
        try { r = at(d, () => run(source, { tier, hotFunc: 1, hotLoop: 1 })); } catch (e) { if (!(e instanceof RangeError)) counts.other.push(tier + ' ' + d + ' ' + e.message); continue; }
        if (r.result === want && r.error === null) counts.same += 1; else counts.other.push(tier + ' ' + d + ' ' + r.result + ' ' + r.error);
      }
      const top = run(source, { tier, hotFunc: 1, hotLoop: 1 });
      if (top.result !== want || !top.events.some((e) => e.kind.endsWith('-compile'))) counts.other.push(tier + ' at the top: ' + top.result);
    }
    console.log(JSON.stringify(counts));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const { same, other } = JSON.parse(child.stdout);
  assert.deepEqual(other, []);
  assert.ok(same > 200, String(same));
});

test('a function too large for template code runs in the interpreter', () => {
  // 30,000 locals made the type dataflow (instructions × slots) run Wasm memory out after
  // minutes: a trap thrown out of run(); a frame that alone would take the entry's share of
  // V8's stack (60,000 calls in one function) ended in a stack overflow. 2,000 locals
  // here are 8,000 instructions of 2,000 slots.
  const locals = Array.from({ length: 2000 }, (_, k) => `let v${k} = x + ${k};`).join('\n');
  for (const source of [
    `let f = fn(x) {\n${locals}\nv1999 };\nf(1)`,
    'let k = fn(x) { x };\nlet x = 1;\n' + 'k(x); '.repeat(60000) + '\nx',
  ]) {
    const got = run(source, { tier: 'template' });
    assert.deepEqual(counted(got), counted(run(source, { tier: 'interp' })));
    const fail = got.events.find((e) => e.kind === 'template-fail');
    assert.match(fail?.reason ?? '', /^function too large: /);
  }
});
