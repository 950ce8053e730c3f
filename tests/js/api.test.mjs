// The JS API through its node entry point (js/index.js): results, option validation,
// events, compile, tiers, Session. How init() loads the module is init.test.mjs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { compile, init, run, Session, tiers, version } from '../../js/index.js';

const noTrace = !tiers().includes('trace') && 'this build has no trace tier';
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

/** The keys of an object and of the objects inside it, as dotted paths. */
function shape(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? shape(value, `${prefix}${key}.`)
      : [`${prefix}${key}: ${Array.isArray(value) ? 'array' : typeof value}`],
  );
}

// Runs first (node:test runs a file's tests in order), so nothing has loaded the module.
test('node loads the module on first use; init() is optional and idempotent', async () => {
  assert.equal(run('1 + 1').result, '2');
  await init();
  await init(new Uint8Array([0])); // already loaded: the input is not even looked at
  assert.equal(run('2 + 2').result, '4');
});

test('init() still rejects an input of the wrong kind', async () => {
  await assert.rejects(init({ module_or_path: 'x.wasm' }), {
    name: 'TypeError',
    message: /init\(\) takes the \.wasm as bytes, a URL, a Response or a WebAssembly\.Module, got an object \(Object\)/,
  });
});

describe('run', () => {
  test('returns stdout, result, error, stats, events and dump', () => {
    const outcome = run('puts("a", [1, "b"]); let x = 6; x * 7', { tier: 'interp' });
    assert.deepEqual(Object.keys(outcome), ['stdout', 'result', 'error', 'stats', 'events', 'dump']);
    assert.equal(outcome.stdout, 'a\n[1, "b"]\n');
    assert.equal(outcome.result, '42');
    assert.equal(outcome.error, null);
    assert.deepEqual(outcome.events, []);
    assert.equal(outcome.dump, '');
  });

  test('stats have exactly the fields index.d.ts declares', () => {
    const { stats } = run('let f = fn(x) { x }; for (i in 0..3) { f(i); }', { tier: 'interp' });
    // Keep in step with RunStats in js/index.d.ts: a change here is a change there.
    assert.deepEqual(shape(stats), [
      'tier: string',
      'parseUs: number',
      'compileUs: number',
      'runUs: number',
      'functions: number',
      'bytecodeBytes: number',
      'traces: number',
      'jitCompileUs: number',
      'traceInstructions: number',
      'traceAbandons: number',
      'template.functions: number',
      'template.instructions: number',
      'template.jsBytes: number',
      'template.codegenUs: number',
      'template.jsUs: number',
      'vm.calls: number',
      'vm.loopIterations: number',
      'vm.heap.collections: number',
      'vm.heap.objectsAllocated: number',
      'vm.heap.objectsFreed: number',
      'vm.heap.peakObjects: number',
    ]);
    assert.equal(stats.tier, 'interp');
    assert.equal(stats.functions, 2);
    assert.equal(stats.vm.calls, 3);
    assert.equal(stats.vm.loopIterations, 3);
  });

  test('reports program errors as values and keeps earlier output', () => {
    const outcome = run('puts("before"); 1 + true');
    assert.equal(outcome.stdout, 'before\n');
    assert.equal(outcome.result, null);
    assert.equal(outcome.error, 'runtime error at 1:19: type mismatch: INTEGER + BOOLEAN');
    assert.match(run('let = 1;').error, /^1:\d+: /);
  });

  test('runs under every tier of tiers() with the same output', () => {
    const program = 'let s = 0; for (i in 0..100) { s += i; } puts(s); s * 2';
    for (const tier of tiers()) {
      const { stdout, result, error } = run(program, { tier, hotLoop: 1, hotFunc: 1 });
      assert.deepEqual({ stdout, result, error }, { stdout: '4950\n', result: '9900', error: null }, tier);
    }
  });

  test('maxSteps stops a runaway loop', () => {
    assert.equal(run('while (true) { }', { maxSteps: 1000 }).error, 'runtime error at 1:1: step limit exceeded');
  });

  test('maxHeap stops a program that keeps too much alive, in every tier alike; garbage does not count', () => {
    const keeps = 'let keep = [];\nlet i = 0;\nwhile (true) {\n  keep = push(keep, array(10000, i));\n  i += 1;\n}';
    const drops = 'let n = 0;\nfor (i in 0..2000) {\n  let a = array(10000, i);\n  n += len(a);\n}\nn';
    for (const tier of tiers()) {
      const options = { tier, hotLoop: 1, hotFunc: 1, maxHeap: 8 << 20 };
      assert.equal(run(keeps, options).error, 'runtime error at 3:1: out of memory: more than 8 MiB live', tier);
      // 320 MB allocated in all, 160 KB of it live at a time.
      const dropped = run(drops, options);
      assert.deepEqual([dropped.error, dropped.result], [null, '20000000'], tier);
      assert.ok(dropped.stats.vm.heap.collections > 0, tier);
      // A program that ends soon after passing a small limit: JIT code used to leave for
      // a collection only 16 MiB past the budget, and template code finished with 14 MB live.
      const ends = 'let keep = [];\nfor (i in 0..900) { keep = push(keep, array(1000, i)); }\nlen(keep)';
      assert.match(run(ends, { ...options, maxHeap: 1 << 20 }).error, /^runtime error at 2:\d+: out of memory: more than 1 MiB live$/, tier);
    }
  });

  test('onEvent receives each event of the run, in order, before run() returns', () => {
    const seen = [];
    const outcome = run('let s = 0; for (i in 0..1000) { s += i; } s', { hotLoop: 1, onEvent: (e) => seen.push(e) });
    assert.deepEqual(seen, outcome.events);
    assert.equal(outcome.result, '499500');
  });

  test('events of both JIT tiers under auto come in the order they happened', { skip: noTrace }, () => {
    // `g` is template-compiled on its second call, before the loop runs. The template
    // tier's events used to come after all the trace tier's (found by an audit).
    const r = run('let g = fn(x) { x + 1 };\ng(1); g(2); g(3);\nlet s = 0;\nfor (i in 0..100) { s = s + i; }\ns', { tier: 'auto', hotFunc: 1, hotLoop: 2 });
    assert.equal(r.result, '4950');
    const kinds = r.events.map((e) => e.kind);
    assert.deepEqual(kinds.slice(0, 2), ['template-compile', 'loop-hot'], kinds.join(', '));
    // The exit counts of the run, last.
    assert.equal(kinds.at(-1), 'trace-exit', kinds.join(', '));
  });

  test('dump asks the trace tier for its IR, optimised IR and JS', { skip: noTrace }, () => {
    const program = 'let s = 0; for (i in 0..100) { s += i; } s';
    const { dump, result } = run(program, { tier: 'trace', hotLoop: 2, dump: ['ir', 'ir-opt', 'js'] });
    assert.equal(result, '4950');
    assert.equal(dump.match(/^---- TRACE \d+ /gm)?.length, 3, dump);
    assert.equal(run(program, { tier: 'trace', hotLoop: 2 }).dump, '');
  });

  test('opt picks optimiser passes; an unknown one is a RangeError from the Rust side', { skip: noTrace }, () => {
    const program = 'let s = 0; for (i in 0..100) { s += i; } s';
    assert.equal(run(program, { tier: 'trace', hotLoop: 2, opt: 'none' }).result, '4950');
    assert.throws(() => run('1', { opt: '-bogus' }), {
      name: 'RangeError',
      message: /^monkey-jit: run\(\) invalid options: unknown optimization pass `bogus`/,
    });
  });

  test('undefined options count as not set', () => {
    assert.equal(run('1', { tier: undefined, maxSteps: undefined, onEvent: undefined }).result, '1');
  });

  test('only own properties are options: inherited ones are not read', () => {
    // The Rust side read `Object.prototype.maxSteps` (found by an audit).
    const program = 'let s = 0; for (i in 0..100) { s += i; } s';
    Object.prototype.maxSteps = 3;
    try {
      assert.equal(run(program).result, '4950');
      assert.equal(run(program, {}).result, '4950');
      assert.equal(run(program, Object.create({ maxSteps: 3 })).result, '4950');
      // Nor an inherited onEvent; and inherited names are no options (a TypeError).
      Object.prototype.onEvent = () => assert.fail('an inherited onEvent was called');
      assert.equal(run(program, { hotLoop: 1 }).result, '4950');
      for (const key of ['constructor', 'toString', 'valueOf', '__proto__']) {
        const options = JSON.parse(`{"${key}": 5}`);
        assert.throws(() => run(program, options), { name: 'TypeError', message: new RegExp(`unknown run\\(\\) option '${key}'`) });
      }
    } finally {
      delete Object.prototype.maxSteps;
      delete Object.prototype.onEvent;
    }
  });

  test('an exception thrown by onEvent propagates out of run()', () => {
    const program = 'let s = 0; for (i in 0..100) { s += i; } s';
    assert.throws(() => run(program, { hotLoop: 1, onEvent: () => { throw new Error('from onEvent'); } }), /from onEvent/);
    assert.equal(run(program).result, '4950');
  });

  test('rejects a source that is not a string', () => {
    assert.throws(() => run(42), {
      name: 'TypeError',
      message: 'monkey-jit: run() expects the program source as a string, got number 42',
    });
  });

  test('rejects bad options with a TypeError or RangeError that names the option', () => {
    const available = tiers()
      .map((t) => `'${t}'`)
      .join(', ');
    const unavailable = ['template', 'trace'].filter((t) => !tiers().includes(t));
    const cases = [
      [{ tiers: 'interp' }, TypeError, "unknown run() option 'tiers' (options: tier, maxSteps, maxHeap, hotLoop, hotFunc, dump, opt, onEvent)"],
      [{ max_steps: 10 }, TypeError, "unknown run() option 'max_steps' (did you mean 'maxSteps'?)"],
      [{ tier: 1 }, TypeError, "run() option 'tier' must be a string, got number 1"],
      [{ tier: 'fast' }, RangeError, `run() option 'tier' must be one of 'interp', 'template', 'trace', 'auto', got "fast"`],
      ...unavailable.map((tier) => [
        { tier },
        RangeError,
        `run() option 'tier' must be a tier this build has (${available}), got "${tier}"`,
      ]),
      [{ maxSteps: -1 }, RangeError, "run() option 'maxSteps' must be a non-negative integer, got -1"],
      [{ maxSteps: 2 ** 53 }, RangeError, "run() option 'maxSteps' must be at most 9007199254740991, got 9007199254740992"],
      [{ maxHeap: 2 ** 31 + 1 }, RangeError, 'run() invalid options: `maxHeap` must be at most 2147483648 (2 GiB): Wasm memory ends at 4 GiB'],
      [{ hotLoop: 1.5 }, RangeError, "run() option 'hotLoop' must be a non-negative integer, got 1.5"],
      [{ hotFunc: '10' }, TypeError, `run() option 'hotFunc' must be a number, got "10"`],
      [{ maxSteps: null }, TypeError, "run() option 'maxSteps' must be a number, got null"],
      [{ onEvent: [] }, TypeError, "run() option 'onEvent' must be a function, got an array"],
      [{ dump: 'ir' }, TypeError, `run() option 'dump' must be an array of dump kinds, got "ir"`],
      [{ dump: ['ir', 'ast'] }, RangeError, `run() option 'dump' has "ast", not a dump kind ('bytecode', 'ir', 'passes', 'ir-opt', 'js', 'template')`],
      [{ opt: ['peel'] }, TypeError, "run() option 'opt' must be a string, got an array"],
      [null, TypeError, 'run() options must be an object, got null'],
      [['interp'], TypeError, 'run() options must be an object, got an array'],
      ['interp', TypeError, 'run() options must be an object, got "interp"'],
    ];
    for (const [options, type, message] of cases) {
      assert.throws(() => run('1', options), { name: type.name, message: `monkey-jit: ${message}` }, JSON.stringify(options));
    }
  });
});

describe('compile', () => {
  test('returns the bytecode listing as text', () => {
    const listing = compile('let f = fn(x) { x * 2 }; puts(f(21));');
    assert.match(listing, /^fn <main>\(\)/m);
    assert.match(listing, /\bCall argc=1\b/);
  });

  test('throws an Error listing the syntax errors', () => {
    assert.throws(() => compile('let = 1;\nlet y 2;'), (err) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, /^1:\d+: /m);
      assert.match(err.message, /^2:\d+: /m);
      return true;
    });
  });
});

test('tiers() lists what this build runs, interp and auto always; callers get their own copy', () => {
  const list = tiers();
  assert.ok(list.includes('interp') && list.includes('auto'), String(list));
  list.push('mine');
  assert.ok(!tiers().includes('mine'));
});

describe('Session', () => {
  test("keeps globals between entries and returns each entry's outcome", () => {
    const session = new Session();
    assert.deepEqual(session.eval('let x = 20; puts("set");'), { stdout: 'set\n', result: 'null', error: null });
    assert.deepEqual(session.eval('x * 2 + 2'), { stdout: '', result: '42', error: null });
    const failed = session.eval('x + true');
    assert.equal(failed.result, null);
    assert.equal(failed.error, 'runtime error at 1:3: type mismatch: INTEGER + BOOLEAN');
    assert.equal(session.eval('x').result, '20', 'an error does not end the session');
    // An entry that does not compile defines nothing (its `f` stayed behind as null).
    assert.equal(session.eval('let x = 7; let f = fn() { 1 }; nope').error, '1:32: identifier not found: nope');
    assert.equal(session.eval('x').result, '20');
    assert.equal(session.eval('f()').error, '1:1: identifier not found: f');
    session.free();
  });

  test('takes no options (a session runs in the interpreter): passing some is a TypeError', () => {
    assert.throws(() => new Session({ tier: 'trace' }), { name: 'TypeError', message: /new Session\(\) takes no options/ });
    const session = new Session(undefined);
    assert.equal(session.eval('1 + 1').result, '2');
    session.free();
  });

  test('rejects a source that is not a string, and use after free()', () => {
    const session = new Session();
    assert.throws(() => session.eval(undefined), { name: 'TypeError', message: /Session\.eval\(\) expects/ });
    session.free();
    session.free(); // a second free is harmless
    assert.throws(() => session.eval('1'), { message: 'monkey-jit: Session.eval() on a session that was freed' });
  });
});

test('version() is the package version', () => {
  assert.equal(version(), packageJson.version);
});
