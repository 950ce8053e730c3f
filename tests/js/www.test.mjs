// The playground's programs and pure modules, in node (the page itself is tested in
// Chromium by playground.test.mjs): every example of the Examples menu runs without
// error under every tier, with the interpreter's output; the source-line mapping finds
// the lines that bytecode, IR and JS rows (the template tier's too) came from in real
// listings and dumps; the Passes tab's optimizer runs and diffs; error strings become
// positions; shared links round-trip.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { compile, run, tiers } from '../../js/index.js';
import { columnRange, parseErrors } from '../../www/src/diagnostics.js';
import { lineAt, mapLines, parseDump, parseListing, parseTemplate } from '../../www/src/mapping.js';
import { diffIr, optimizerRuns } from '../../www/src/passes.js';
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
  const outcome = run(source, { tier: 'trace', dump: ['bytecode', 'ir', 'passes', 'ir-opt', 'js'], ...options });
  const { listing, sections } = parseDump(outcome.dump);
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

    assert.deepEqual(listing, parseListing(compile(source)), "the dump's listing is compile()'s");
    assert.deepEqual(
      sections.map((s) => s.kind).filter((k) => k !== 'pass'),
      ['ir', 'ir-opt', 'js'],
    );
    const [ir, opt, js] = sections.filter((s) => s.kind !== 'pass');
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
    assert.equal(exit.line, 2);
    assert.equal(traces.get(exit.trace).exits(exit.exit).line, 2);
  });

  test('without a listing (a syntax error) nothing is mapped, and nothing throws', () => {
    const outcome = run('let x = ;', { tier: 'trace', dump: ['bytecode', 'ir'] });
    assert.match(outcome.error, /^1:9: /);
    const { listing, sections } = parseDump(outcome.dump);
    assert.equal(listing, null);
    assert.deepEqual(sections, []);
    assert.equal(mapLines(listing, sections, outcome.events).size, 0);
  });

  test("exit numbers: the JS's exits map where the trace-exit events say they resumed", () => {
    // The table (snapshots, loop head, side traces' snapshots, as js.rs numbers them) is
    // what maps exits the run did not take; the events check it on those it took.
    for (const id of ['loop-sum', 'collatz', 'fib', 'hash-lookup', 'side-write']) {
      const { outcome, sections } = traced(example(id), { hotLoop: 2 });
      const { listing } = parseDump(outcome.dump);
      const table = mapLines(listing, sections, []); // without the events' lines
      const exits = outcome.events.filter((e) => e.kind === 'trace-exit');
      assert.ok(exits.length > 0, id);
      for (const e of exits) assert.equal(table.get(e.trace).exits(e.exit)?.line, e.line, `${id}: exit ${e.exit} of trace ${e.trace}`);
    }
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

    const { parent, exit, line, func } = outcome.events.find((e) => e.kind === 'side-trace');
    assert.deepEqual({ line, func }, { line: 2, func: 'f' }, 'the side trace hangs off the `if` in f');
    assert.equal(traces.get(parent).exits(exit).line, 2);
  });

  test('a re-optimized parent: its new IR and JS replace the old, and map', () => {
    const { outcome, sections, traces } = traced(example('side-write'));
    const compiles = outcome.events.filter((e) => e.kind === 'trace-compile');
    assert.equal(compiles.length, 2, 'trace 0 compiled twice');
    const opts = sections.filter((s) => s.kind === 'ir-opt');
    assert.deepEqual(opts.map((s) => [s.reopt, Boolean(s.replaced)]), [[false, true], [true, false]]);
    const js = sections.filter((s) => s.kind === 'js');
    // The side trace that asked for the re-optimization is linked to the new version at
    // once: one compile for both.
    assert.deepEqual(js.map((s) => [s.reopt, s.sideCount, Boolean(s.replaced)]), [[false, 0, true], [false, 1, false]]);
    const t = traces.get(0);
    assert.equal(t.optimized, opts[1], 'the current parent IR is the re-optimized one');
    assert.equal(t.sides.length, 1);
    // `scale = scale + 1` (line 13) runs in the side trace; `total = total + scale` (15) in the loop.
    assert.ok(rowsOn(t.sides[0], 13).some((r) => /Add/.test(r)));
    assert.ok(rowsOn(js.at(-1), 15).some((r) => /const v\d+ = p\d+ \+ p\d+;/.test(r)), rowsOn(js.at(-1), 15).join('\n'));
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

describe('template tier dumps', { skip: !tiers().includes('template') && 'this build has no template tier' }, () => {
  test('each compiled function is a section; its comments and code map to the listing', () => {
    const outcome = run(example('fib'), { tier: 'template', dump: ['bytecode', 'template'] });
    assert.equal(outcome.error, null);
    const { listing, sections, templates } = parseDump(outcome.dump);
    assert.deepEqual(sections, [], 'no traces under the template tier');
    const compiles = outcome.events.filter((e) => e.kind === 'template-compile');
    assert.deepEqual(templates.map((t) => [t.name, t.proto, t.instructions, t.bytes]), compiles.map((e) => [e.func, e.proto, e.instructions, e.jsBytes]));
    assert.deepEqual(templates.map((t) => t.name), ['<main>', 'fib']);
    for (const t of templates) {
      assert.equal(t.name, listing.functions[t.proto].name);
      const comments = t.rows.filter((r) => r.comment);
      assert.equal(comments.length, t.instructions, `${t.name}: one comment per instruction`);
      // The comment's pc, opcode and line are the listing's.
      for (const c of comments) {
        const ins = listing.functions[t.proto].instrs.find((i) => i.pc === c.pc);
        assert.deepEqual([c.op, c.line, c.col], [ins.op, ins.line, ins.col], c.text);
        assert.equal(lineAt(listing, t.proto, c.pc), c.line);
      }
      // Each comment's code line follows it with its line; the scaffolding has none.
      t.rows.forEach((row, i) => {
        if (row.comment) return;
        const before = t.rows[i - 1];
        if (before?.comment && !/^case \d+:$/.test(row.text)) assert.equal(row.line, before.line, row.text);
        else assert.equal(row.line, null, row.text);
      });
      assert.equal(t.rows[0].line, null, 'the prologue');
      assert.notEqual(t.rows.at(-1).text, '', 'the blank line ending the section is not a row');
    }
    // A variant stencil is named in its comment: `puts(…)` is a call of a builtin the
    // block pushed itself, `30` an integer constant.
    const variants = new Set(templates[0].rows.filter((r) => r.variant).map((r) => `${r.op} ${r.variant}`));
    assert.deepEqual([...variants].sort(), ['Call CallBuiltin', 'Const ConstInt']);
    // fib's body (line 7, after the comment) is all its code.
    const fib = templates[1];
    const code = fib.rows.filter((r) => !r.comment && r.line !== null);
    assert.ok(code.length > fib.instructions / 2 && code.every((r) => r.line === 7), code.map((r) => r.line).join(' '));
  });

  test('template sections next to trace sections (auto) stay apart', () => {
    // auto compiles templates only when hotFunc is given (as the playground always does).
    const outcome = run(example('game-of-life'), { tier: 'auto', hotFunc: 50, dump: ['bytecode', 'ir', 'passes', 'ir-opt', 'js', 'template'], maxSteps: 50_000_000 });
    const { listing, sections, templates } = parseDump(outcome.dump);
    mapLines(listing, sections, outcome.events);
    assert.ok(sections.length > 0 && templates.length > 0, `${sections.length} trace sections, ${templates.length} functions`);
    const header = (r) => /^---- (TRACE|TEMPLATE|BYTECODE)\b/.test(r.text);
    assert.ok(sections.every((s) => !s.rows.some(header)));
    assert.ok(templates.every((t) => !t.rows.some(header)));
    assert.ok(templates.every((t) => t.rows.filter((r) => r.comment).length === t.instructions));
  });

  test('an instruction without code, and a jump target, have no code row', () => {
    const t = parseTemplate({
      rows: ['/*0*/prologue', '/* 0000 Pop 1:1 */', 'case 3:', '/* 0003 Const 2:5 */', '/* 0006 Return 2:5 */', 'return 0;', 'epilogue', ''].map((text) => ({ text, line: null })),
    });
    assert.deepEqual(t.rows.map((r) => r.line), [null, 1, null, 2, 2, 2, null]);
  });

  test('hanoi: the function trace cannot hold the writes, the template tier compiles it whole', () => {
    const trace = run(example('hanoi'), { tier: 'trace' });
    const template = run(example('hanoi'), { tier: 'template' });
    assert.equal(template.stdout, trace.stdout);
    // Every call that does something leaves the function trace, whose side trace cannot
    // hold the writes; after 64 such exits the function goes back to the interpreter.
    assert.ok(trace.events.some((e) => e.kind === 'trace-abort' && /side effect in a function trace/.test(e.reason)));
    assert.ok(trace.events.some((e) => e.kind === 'trace-abort' && /exits that cannot have side traces/.test(e.reason)));
    assert.ok(trace.events.some((e) => e.kind === 'blacklist' && e.func === 'hanoi'));
    const exits = trace.events.filter((e) => e.kind === 'trace-exit' && e.func === 'hanoi');
    assert.ok(exits.every((e) => e.count < 100), JSON.stringify(exits));
    assert.deepEqual(template.events.filter((e) => e.kind === 'template-compile').map((e) => e.func), ['<main>', 'hanoi']);
  });
});

describe('optimizer passes', () => {
  test('the seed loop: recorded, then each pass that changed it, with line diffs', () => {
    const { sections } = traced(example('loop-sum'));
    const runs = optimizerRuns(sections);
    assert.equal(runs.length, 1);
    const [{ title, steps, replaced }] = runs;
    assert.equal(title, 'trace 0 (fn <main>, line 7)');
    assert.equal(replaced, false);
    const names = steps.map((s) => s.name);
    assert.equal(names[0], 'recorded');
    assert.ok(names.includes('peel') && names.includes('dce'), names.join(' '));
    assert.ok(names.slice(1).every((n) => n === 'optimized' || /^(fold|fwd|unbox|guard|cse|peel|hoist|jstr|bce|range|sink|dce)$/.test(n)), names.join(' '));
    assert.ok(names.filter((n) => n === 'unbox').length >= 2, 'the cleanup passes run again after peel');
    const optimized = sections.find((s) => s.kind === 'ir-opt');
    assert.equal(steps.at(-1).section.rows.map((r) => r.text).join('\n'), optimized.rows.map((r) => r.text).join('\n'), 'the last step is the optimized IR');

    for (let i = 1; i < steps.length; i++) {
      const { rows, counts } = diffIr(steps[i - 1].section.rows, steps[i].section.rows);
      const changes = counts.added + counts.changed + counts.moved + counts.removed;
      assert.ok(changes > 0, `${steps[i].name} changed something`);
      // Every row of both steps is there once: the new ones in order, the removed ones too.
      assert.deepEqual(rows.filter((r) => r.diff !== 'removed').map((r) => r.text), steps[i].section.rows.map((r) => r.text));
      assert.equal(rows.filter((r) => r.diff === 'removed').length, counts.removed);
      // Rows keep their source lines: the add of `sum = sum + i` (line 8) is in each step.
      assert.ok(rows.some((r) => r.line === 8 && / Add /.test(r.text)), steps[i].name);
    }
    const peel = steps.findIndex((s) => s.name === 'peel');
    const { rows } = diffIr(steps[peel - 1].section.rows, steps[peel].section.rows);
    assert.ok(rows.some((r) => r.diff === 'added' && /^---- LOOP/.test(r.text)), 'peel adds the loop');
    assert.ok(rows.some((r) => r.diff === 'added' && / Phi /.test(r.text)), '...and its PHIs');
  });

  test('diffIr matches instructions and snapshots by number', () => {
    const rows = (...texts) => texts.map((text) => {
      const ins = /^(\d{4}) /.exec(text);
      const snap = /^#(\d+) /.exec(text);
      return { text, line: null, ...(ins && { ins: +ins[1] }), ...(snap && { snap: +snap[1] }) };
    });
    const before = rows('0000 int   KInt =1', '0001 int   Add %0000 %0000 #0', '0002 void  GStore [0] %0001', '0003 any   Box %0001', '#0 pc=3 top=1 calls=0 [] {}');
    const after = rows('0000 int   KInt =1', '0001 int   Add %0000 %0000 #0', '---- LOOP', '0002 void  GStore [0] %0000', '0004 int   Mul %0001 %0000', '#0 pc=3 top=1 calls=0 [] {}');
    const { rows: diff, counts } = diffIr(before, after);
    assert.deepEqual(
      diff.map((r) => `${r.mark} ${r.text}`),
      [
        '  0000 int   KInt =1',
        '  0001 int   Add %0000 %0000 #0',
        '+ ---- LOOP',
        '~ 0002 void  GStore [0] %0000',
        '− 0003 any   Box %0001',
        '+ 0004 int   Mul %0001 %0000',
        '  #0 pc=3 top=1 calls=0 [] {}',
      ],
    );
    assert.equal(diff[3].was, '0002 void  GStore [0] %0001');
    assert.deepEqual(counts, { added: 2, changed: 1, moved: 0, removed: 1 });
    const moved = diffIr(after, rows('0000 int   KInt =1', '---- LOOP', '0001 int   Add %0000 %0000 #0')).rows;
    assert.equal(moved.find((r) => r.ins === 1).diff, 'moved', 'into the loop');
  });

  test('side traces and re-optimized parents are runs of their own', () => {
    const { sections } = traced(example('side-write'));
    const runs = optimizerRuns(sections);
    assert.deepEqual(
      runs.map((r) => [r.title, r.replaced, r.steps[0].name]),
      [
        ['trace 0 (fn <main>, line 11)', true, 'recorded'],
        ['trace 0: re-optimized (fn <main>, line 11)', false, 'recorded'],
        ['trace 0: side trace from exit 16', false, 'fwd'],
      ],
    );
    // The side trace's passes map into its own numbering: `scale + 1` is line 13.
    const side = runs[2];
    assert.ok(side.steps.every((s) => s.section.rows.some((r) => r.line === 13)));
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
    const state = { code: 'puts("ü 😀 #&=?");\n// 100%', tier: 'trace', hotLoop: 2, hotFunc: 0, maxSteps: 1000, timeout: 2.5 };
    const hash = encodeHash(state);
    assert.match(hash, /^#tier=trace&hotLoop=2&hotFunc=0&maxSteps=1000&timeout=2\.5&code=[A-Za-z0-9+$-]+$/);
    assert.deepEqual(decodeHash(hash), state);
    // With `timeout` (as the page writes every link), a number left out is absent: the
    // page's default. Links from before links carried `timeout` left empty fields out:
    // their missing numbers are empty.
    assert.deepEqual(decodeHash(encodeHash({ code: 'x', timeout: 10 })), { code: 'x', timeout: 10 });
    assert.deepEqual(decodeHash(encodeHash({ code: 'x' })), { code: 'x', hotLoop: null, hotFunc: null, maxSteps: null });
    assert.deepEqual(decodeHash(encodeHash({ code: 'x', hotLoop: 5 })), { code: 'x', hotLoop: 5, hotFunc: null, maxSteps: null });
    // A small timeout survives its own link (written in exponent form).
    assert.deepEqual(decodeHash(encodeHash({ code: 'x', timeout: 1e-7 })), { code: 'x', timeout: 1e-7 });
    // An empty field is written empty (not left out, which means the page's default).
    const empty = { code: '', tier: 'auto', hotLoop: 50, hotFunc: null, maxSteps: null, timeout: null };
    assert.match(encodeHash(empty), /^#tier=auto&hotLoop=50&hotFunc=&maxSteps=&timeout=&code=Q$/);
    assert.deepEqual(decodeHash(encodeHash(empty)), empty);
  });

  test('hashes without a program give null; a broken program or option is reported', () => {
    assert.equal(decodeHash(''), null);
    assert.equal(decodeHash('#tier=trace'), null);
    for (const broken of ['%%%', '!!!notlz', '', encodeHash({ code: 'let a = 1;\nputs(a + 2);\n' + 'x'.repeat(50) }).split('code=')[1].slice(0, 20)]) {
      assert.deepEqual(decodeHash(`#tier=trace&timeout=10&code=${broken}`), { code: null, tier: 'trace', timeout: 10 }, broken);
    }
    assert.deepEqual(decodeHash(`${encodeHash({ code: 'x' })}&hotLoop=-1&hotFunc=abc&maxSteps=1e400&timeout=3000000&bogus=1`), {
      code: 'x',
      invalid: ['hotLoop', 'hotFunc', 'maxSteps', 'timeout'],
    });
    assert.deepEqual(decodeHash(`#hotLoop=99999999999999999999&maxSteps=0x10&timeout=1&code=${encodeHash({ code: 'x' }).split('code=')[1]}`), { code: 'x', timeout: 1, invalid: ['hotLoop', 'maxSteps'] });
  });
});
