// init() of the browser entry point (js/browser.js), run in node: nothing works before
// it, each kind of input loads the module, concurrent calls share one promise, and a
// failed load can be retried. (Real browsers: package.test.mjs.)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compile, init, run, Session, tiers, version } from '../../js/browser.js';

const WASM = new URL('../../pkg/web/monkey_jit_bg.wasm', import.meta.url);
const bytes = readFileSync(WASM);

// node:test runs a file's tests in order: these come before the module is loaded.

test('every function throws a TypeError that says to await init() first', () => {
  const calls = {
    run: () => run('1'),
    compile: () => compile('1'),
    tiers: () => tiers(),
    version: () => version(),
    'new Session': () => new Session(),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, {
      name: 'TypeError',
      message: `monkey-jit: call \`await init()\` first: ${name}() needs the WebAssembly module`,
    });
  }
});

test('init() rejects inputs it cannot load from, before loading anything', async () => {
  for (const [input, description] of [
    [42, 'number 42'],
    [null, 'null'],
    [{ module_or_path: WASM }, 'an object (Object)'],
    [[1, 2], 'an array'],
  ]) {
    await assert.rejects(init(input), {
      name: 'TypeError',
      message: `monkey-jit: init() takes the .wasm as bytes, a URL, a Response or a WebAssembly.Module, got ${description}`,
    });
  }
});

test('a failed init() rejects, and a later call can try again', async () => {
  await assert.rejects(init(new Uint8Array([0, 1, 2, 3])), WebAssembly.CompileError);
  assert.throws(() => run('1'), /await init\(\)/);
});

test('concurrent calls share one promise; later calls resolve at once', async () => {
  const response = new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } });
  const first = init(response);
  assert.equal(init(bytes), first);
  await first;
  assert.equal(run('puts(6 * 7)').stdout, '42\n');
  await init(new Uint8Array([0])); // loaded: not even looked at
});

test('each kind of input loads the module (one fresh process each)', () => {
  const response = `new Response(readFileSync(WASM), { headers: { 'Content-Type': 'application/wasm' } })`;
  const cases = [
    ['browser.js', 'a Buffer', 'readFileSync(WASM)'],
    ['browser.js', 'a Uint8Array', 'new Uint8Array(readFileSync(WASM))'],
    ['browser.js', 'an ArrayBuffer', 'new Uint8Array(readFileSync(WASM)).buffer'],
    ['browser.js', 'a WebAssembly.Module', 'new WebAssembly.Module(readFileSync(WASM))'],
    ['browser.js', 'a Response', response],
    ['browser.js', 'a promise of a Response', `Promise.resolve(${response})`],
    ['index.js', 'a file: URL (node)', 'WASM'],
    ['index.js', 'a file: URL string (node)', 'WASM.href'],
  ];
  for (const [entry, kind, input] of cases) {
    const script = `
      import { readFileSync } from 'node:fs';
      import { init, run } from ${JSON.stringify(new URL(`../../js/${entry}`, import.meta.url).href)};
      const WASM = new URL(${JSON.stringify(WASM.href)});
      await init(${input});
      process.stdout.write(run('puts(7)').stdout);
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.deepEqual({ stdout: child.stdout, stderr: child.stderr }, { stdout: '7\n', stderr: '' }, `${entry}: ${kind}`);
  }
});
