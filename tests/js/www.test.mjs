// The playground's programs and pure modules, in node (the page itself is tested in
// Chromium by playground.test.mjs): every example of the Examples menu runs without
// error under every tier, with the interpreter's output; the source-line mapping finds
// the lines that bytecode, IR and JS rows came from in real listings and dumps; error
// strings become positions; shared links round-trip.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { compile, run, tiers } from '../../js/index.js';
import { columnRange, parseErrors } from '../../www/src/diagnostics.js';
import { lineAt, mapLines, parseDump, parseListing } from '../../www/src/mapping.js';
import { decodeHash, encodeHash } from '../../www/src/share.js';

const WWW = new URL('../../www/', import.meta.url);

/** www/src/examples.js as the page gets it: bundled, with the .monkey files inlined. */
async function loadExamples() {
  const { outputFiles } = await build({
    entryPoints: [new URL('src/examples.js', WWW).pathname],
    bundle: true,
    format: 'esm',
    write: false,
    loader: { '.monkey': 'text' },
    logLevel: 'silent',
  });
  const source = Buffer.from(outputFiles[0].contents).toString('base64');
  return import(`data:text/javascript;base64,${source}`);
}

const { EXAMPLES, DEFAULT_EXAMPLE } = await loadExamples();
const example = (id) => EXAMPLES.find((e) => e.id === id).code;

describe('examples', () => {
  test('the menu lists every file of www/examples/ once, and at least 12', () => {
    const files = readdirSync(new URL('examples/', WWW)).filter((f) => f.endsWith('.monkey'));
    assert.deepEqual(EXAMPLES.map((e) => `${e.id}.monkey`).sort(), files.sort());
    assert.ok(EXAMPLES.length >= 12, `${EXAMPLES.length} examples`);
    assert.ok(EXAMPLES.some((e) => e.id === DEFAULT_EXAMPLE));
    assert.match(example('loop-sum'), /let sum = 0;\nfor \(i in 0\.\.10000\) \{\n {2}sum = sum \+ i;\n\}/);
  });

  for (const { id, code } of EXAMPLES) {
    test(`${id} runs without error under every tier, with the interpreter's output`, () => {
      const options = { maxSteps: 50_000_000 }; // the page's default step limit
      const expected = run(code, { ...options, tier: 'interp' });
      assert.equal(expected.error, null, expected.error);
      assert.ok(expected.stdout !== '' || expected.result !== 'null', 'it shows something');
      for (const tier of tiers()) {
        const { stdout, result, error } = run(code, { ...options, tier });
        assert.deepEqual({ stdout, result, error }, { stdout: expected.stdout, result: expected.result, error: null }, tier);
      }
    });
  }
});

/** Runs `source` under the trace tier with every dump, and maps it as the page does. */
function traced(source, options = {}) {
  const listing = parseListing(compile(source));
  const outcome = run(source, { tier: 'trace', dump: ['ir', 'ir-opt', 'js'], ...options });
  const sections = parseDump(outcome.dump);
  const traces = mapLines(listing, sections, outcome.events);
  return { listing, outcome, sections, traces };
}

const rowsOn = (section, line) => section.rows.filter((r) => r.line === line).map((r) => r.text);

describe('source-line mapping', () => {
  test('the seed loop: bytecode, IR, optimized IR and JS rows of `sum = sum + i`', () => {
    const source = 'let sum = 0;\nfor (i in 0..10000) {\n  sum = sum + i;\n}\nsum\n';
    const { listing, outcome, sections, traces } = traced(source);
    assert.equal(outcome.result, '49995000');

    const main = listing.functions[0];
    assert.equal(main.name, '<main>');
    assert.ok(listing.rows.filter((r) => r.kind === 'ins').every((r) => r.line >= 1 && r.line <= 5));
    const body = main.instrs.filter((i) => i.line === 3).map((i) => i.op);
    assert.deepEqual(body, ['GetGlobal', 'GetGlobal', 'Add', 'SetGlobal']);
    assert.equal(lineAt(listing, 0, main.instrs.find((i) => i.op === 'Add' && i.line === 3).pc), 3);

    assert.deepEqual(sections.map((s) => s.kind), ['ir', 'ir-opt', 'js']);
    const [ir, opt, js] = sections;
    // The recorded IR: loads of the global `sum` and the add of line 3, nothing else.
    assert.deepEqual(rowsOn(ir, 3).filter((t) => !t.startsWith('#')).map((t) => t.split(/\s+/)[2]), ['GLoad', 'Unbox', 'GLoad', 'Unbox', 'Add', 'Box', 'GStore']);
    assert.ok(rowsOn(ir, 2).some((t) => /GuardTrue/.test(t)), 'the loop test is line 2');
    // Optimized: the add in the loop body is still line 3, its induction variable line 2.
    assert.ok(rowsOn(opt, 3).some((t) => /^\d+ int\s+Add/.test(t)));
    assert.ok(rowsOn(opt, 2).some((t) => /Phi/.test(t)));
    // JS: the add of line 3 becomes `const vN = pA + pB;`.
    assert.ok(rowsOn(js, 3).some((t) => /const v\d+ = p\d+ \+ p\d+;/.test(t)), rowsOn(js, 3).join('\n'));
    assert.ok(js.rows.filter((r) => r.line !== null).length > js.rows.length / 2, 'most JS rows have a line');

    // The loop leaves through a guard of line 2 (the `i < 10000` test).
    const exit = outcome.events.find((e) => e.kind === 'trace-exit');
    assert.equal(traces.get(exit.trace).exits(exit.exit).line, 2);
  });

  test('an inlined call and its side trace map into the callee', () => {
    const source = [
      'let f = fn(x) {',
      '  if (x > 5) { x * 2 } else { x }',
      '};',
      'let t = 0;',
      'for (j in 0..200) {',
      '  t = t + f(j % 10);',
      '}',
      't',
    ].join('\n');
    const { listing, outcome, sections, traces } = traced(source);
    assert.equal(outcome.result, '1500');
    assert.deepEqual(listing.functions.map((f) => f.name), ['<main>', 'f']);

    const opt = sections.find((s) => s.kind === 'ir-opt');
    assert.ok(rowsOn(opt, 2).some((t) => /Gt/.test(t)), 'the inlined `x > 5` is line 2, in f');
    assert.ok(rowsOn(opt, 6).some((t) => /Mod/.test(t)), '`j % 10` is line 6');

    const side = sections.find((s) => s.kind === 'side');
    assert.ok(side, 'the else branch became a side trace');
    assert.ok(rowsOn(side, 2).some((t) => /Mul/.test(t)), '`x * 2` is line 2');

    const js = sections.filter((s) => s.kind === 'js').at(-1);
    assert.equal(js.sideCount, 1);
    assert.ok(rowsOn(js, 2).some((t) => /s0_v\d+ = s0_v\d+ \* 2/.test(t)), 'the side trace code is line 2');

    const { parent, exit } = outcome.events.find((e) => e.kind === 'side-trace');
    assert.equal(traces.get(parent).exits(exit).line, 2, 'the side trace hangs off the `if` in f');
  });

  test('anonymous functions of the same name are told apart', () => {
    const source = 'let a = fn(n) { n };\nlet g = fn() { let s = 0; for (i in 0..100) { s += i; } s };\nputs(g());\n';
    const anonymous = source.replaceAll(/let (a|g) = fn/g, 'let $1 = [fn').replaceAll('};', '}][0];');
    const { listing, sections } = traced(anonymous);
    assert.deepEqual(listing.functions.map((f) => f.name), ['<main>', '<anonymous>', '<anonymous>']);
    const ir = sections.find((s) => s.kind === 'ir');
    assert.ok(ir.rows.filter((r) => r.ins !== undefined).every((r) => r.line === 2), 'the loop is in the second one');
  });
});

describe('errors', () => {
  test('syntax errors, one per line, and runtime errors become positions', () => {
    const syntax = run('let x = ;\nlet y = 1 +;\n').error;
    assert.deepEqual(
      parseErrors(syntax).map(({ line, col, kind }) => ({ line, col, kind })),
      [
        { line: 1, col: 9, kind: 'syntax' },
        { line: 2, col: 12, kind: 'syntax' },
      ],
    );
    const [runtime] = parseErrors(run('let a = [1];\n  a[5] = 2;').error);
    assert.deepEqual({ ...runtime, text: undefined }, { line: 2, col: 4, message: 'index out of range: 5 (length 1)', kind: 'runtime', text: undefined });
    assert.deepEqual(parseErrors('step limit exceeded'), [{ line: null, col: null, message: 'step limit exceeded', kind: 'other', text: 'step limit exceeded' }]);
    assert.deepEqual(parseErrors(null), []);
  });

  test('columns count characters, and the marker covers the word there', () => {
    assert.deepEqual(columnRange('let x = foo;', 9), { from: 8, to: 11 });
    assert.deepEqual(columnRange('"😀" + 1', 6), { from: 6, to: 7 }, 'the emoji is one column, two code units');
    assert.deepEqual(columnRange('x', 5), { from: 1, to: 1 });
  });
});

describe('shared links', () => {
  test('code, tier and options round-trip through the hash', () => {
    const state = { code: 'puts("ü 😀 #&=?");\n// 100%', tier: 'trace', hotLoop: 2, hotFunc: 0, maxSteps: 1000 };
    const hash = encodeHash(state);
    assert.match(hash, /^#tier=trace&hotLoop=2&hotFunc=0&maxSteps=1000&code=[A-Za-z0-9+$-]+$/);
    assert.deepEqual(decodeHash(hash), state);
    assert.deepEqual(decodeHash(encodeHash({ code: 'x' })), { code: 'x' });
  });

  test('hashes without a program, or with a broken one, give null', () => {
    assert.equal(decodeHash(''), null);
    assert.equal(decodeHash('#tier=trace'), null);
    assert.equal(decodeHash('#code=%%%'), null);
    assert.deepEqual(decodeHash(`${encodeHash({ code: 'x' })}&hotLoop=-1&bogus=1`), { code: 'x' });
  });
});
