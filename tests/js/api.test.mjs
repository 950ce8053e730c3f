// The JS API (js/index.js): initialisation, option validation and result shapes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { compile, init, run, Session, TIERS, version } from '../../js/index.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

// Runs first: node:test runs the tests of a file in order.
test('functions throw a clear error before init()', () => {
  assert.throws(() => run('1'), { name: 'Error', message: /await init\(\)/ });
  assert.throws(() => compile('1'), /await init\(\)/);
  assert.throws(() => version(), /await init\(\)/);
  assert.throws(() => new Session(), /await init\(\)` before new Session\(\)/);
});

test('init() is idempotent', async () => {
  const first = init();
  assert.equal(init(), first, 'a second call while loading shares the first promise');
  await first;
  await init();
  assert.equal(run('1 + 1').result, '2');
});

describe('run', () => {
  test('returns stdout, result, error and stats', () => {
    const outcome = run('puts("a", [1, "b"]); let x = 6; x * 7', { tier: 'interp' });
    assert.deepEqual(Object.keys(outcome).sort(), ['error', 'result', 'stats', 'stdout']);
    assert.equal(outcome.stdout, 'a\n[1, "b"]\n');
    assert.equal(outcome.result, '42');
    assert.equal(outcome.error, null);
    assert.equal(typeof outcome.stats, 'object');
  });

  test('reports errors as values and keeps earlier output', () => {
    const outcome = run('puts("before"); 1 + true');
    assert.equal(outcome.stdout, 'before\n');
    assert.equal(outcome.result, null);
    assert.match(outcome.error, /^runtime error at 1:19: type mismatch: INTEGER \+ BOOLEAN$/);
    assert.match(run('let = 1;').error, /^1:\d+: /);
  });

  test('accepts every tier and the numeric options', () => {
    for (const tier of TIERS) {
      const { result, error } = run('let s = 0; for (i in 0..10) { s += i; } s', { tier });
      // A tier this build lacks is an error value, not an exception.
      if (error === null) assert.equal(result, '45', tier);
      else assert.equal(error, `tier \`${tier}\` is not available in this build`);
    }
    const options = { tier: 'interp', maxSteps: 1000, hotLoop: 2, hotFunc: 0 };
    assert.equal(run('1', options).result, '1');
    assert.equal(run('1', { maxSteps: undefined }).result, '1', 'undefined means not set');
  });

  test('maxSteps stops a runaway loop', () => {
    assert.match(run('while (true) { }', { maxSteps: 1000 }).error, /step limit exceeded$/);
  });

  test('rejects a source that is not a string', () => {
    assert.throws(() => run(42), {
      name: 'TypeError',
      message: /run\(\) expects the program source as a string, got number 42/,
    });
  });

  test('rejects unknown options and bad values with a TypeError', () => {
    const cases = [
      [{ tiers: 'interp' }, /unknown run\(\) option 'tiers' \(known options: tier, maxSteps, hotLoop, hotFunc\)/],
      [{ tier: 'fast' }, /option 'tier' must be one of 'interp', 'template', 'trace', 'auto', got "fast"/],
      [{ maxSteps: -1 }, /option 'maxSteps' must be a non-negative integer, got number -1/],
      [{ maxSteps: 1.5 }, /option 'maxSteps' must be a non-negative integer/],
      [{ hotLoop: '10' }, /option 'hotLoop' must be a non-negative integer, got "10"/],
      [{ hotFunc: null }, /option 'hotFunc' must be a non-negative integer, got null/],
      [null, /options must be an object, got null/],
      [['interp'], /options must be an object, got an array/],
      ['interp', /options must be an object, got "interp"/],
    ];
    for (const [options, message] of cases) {
      assert.throws(() => run('1', options), { name: 'TypeError', message }, JSON.stringify(options));
    }
  });
});

describe('compile', () => {
  test('returns the bytecode listing as text', () => {
    const small = compile('1');
    const larger = compile('let f = fn(x) { x * 2 }; puts(f(21));');
    assert.equal(typeof small, 'string');
    assert.ok(small.trim().length > 0);
    assert.ok(larger.split('\n').length > small.split('\n').length);
  });

  test('throws an Error listing the syntax errors', () => {
    assert.throws(
      () => compile('let = 1;\nlet y 2;'),
      (err) => {
        assert.ok(err instanceof Error);
        assert.match(err.message, /^1:\d+: /m);
        assert.match(err.message, /^2:\d+: /m);
        return true;
      },
    );
  });
});

describe('Session', () => {
  test("keeps globals between entries and returns each entry's outcome", () => {
    const session = new Session();
    assert.deepEqual(session.eval('let x = 20; puts("set");'), { stdout: 'set\n', result: 'null', error: null });
    assert.deepEqual(session.eval('x * 2 + 2'), { stdout: '', result: '42', error: null });
    const failed = session.eval('x + true');
    assert.equal(failed.result, null);
    assert.match(failed.error, /^runtime error at 1:3: type mismatch: INTEGER \+ BOOLEAN$/);
    assert.equal(session.eval('x').result, '20', 'an error does not end the session');
    session.free();
  });

  test('rejects a source that is not a string', () => {
    assert.throws(() => new Session().eval(undefined), { name: 'TypeError', message: /Session\.eval\(\) expects/ });
  });
});

test('version() is the package version', () => {
  assert.equal(version(), packageJson.version);
});
