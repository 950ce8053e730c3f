// Hostile program text against the code generators (DESIGN.md invariant 6: generated
// JavaScript contains only numbers, identifiers and our own code). Each program puts
// text that would break out of a JS string, comment, template or script element into
// string constants, hash keys and identifiers used inside hot loops, then runs under
// every tier this build has with the JIT thresholds at 1: the output must equal the
// interpreter's, and no generated code may contain the text.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, tiers } from '../../js/index.js';

// Each payload carries the marker, so the dumps can be searched for it.
const MARKER = 'PWNED';
const PAYLOADS = [
  `"; throw new Error("${MARKER}"); "`,
  `'; ${MARKER}(); '`,
  `\\"); ${MARKER}; ("\\\\`,
  `\${${MARKER}}\``,
  `*/ ${MARKER} /*`,
  `</script><script>${MARKER}</script>`,
  `line\u2028${MARKER}\u2029para`,
  `nul\u0000${MARKER}\u0000`,
  `lone \ud800 surrogate ${MARKER} \udfff`,
  `\u202e${MARKER} right-to-left`,
];

/** A Monkey string literal for `text` (the dialect's escapes: \\ \" \n \t). */
const literal = (text) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function program(payload) {
  const s = literal(payload);
  return `
    let k = ${s};
    let h = {${s}: 1};
    let total = 0;
    let acc = "";
    for (i in 0..40) {
      let t = k + str(i);
      if (t == k + "0") { acc = acc + t; }
      total = total + h[k] + len(t);
      h[t] = i;
    }
    let f = fn(x) { if (x == k) { 1 } else { 0 } };
    let n = 0;
    for (i in 0..40) { n = n + f(k); }
    puts(acc, total, n);
    [k, h[k + "39"]]`;
}

test('hostile text in strings never reaches generated code and changes no result', () => {
  for (const payload of PAYLOADS) {
    const source = program(payload);
    const reference = run(source, { tier: 'interp' });
    assert.equal(reference.error, null, `${JSON.stringify(payload)}: ${reference.error}`);
    for (const tier of tiers().filter((t) => t !== 'interp')) {
      const r = run(source, { tier, hotLoop: 1, hotFunc: 1, dump: ['js'] });
      assert.deepEqual(
        { stdout: r.stdout, result: r.result, error: r.error },
        { stdout: reference.stdout, result: reference.result, error: reference.error },
        `${tier}: ${JSON.stringify(payload)}`,
      );
      if (tier === 'trace') assert.ok(r.events.some((e) => e.kind === 'trace-compile'), 'a trace was compiled');
      assert.ok(!r.dump.includes(MARKER), `${tier}: the payload ${JSON.stringify(payload)} appears in generated code`);
    }
  }
});

test('hostile text in identifiers and comments is rejected or ignored, never compiled', () => {
  // Identifiers cannot hold such text: the lexer rejects it with a position.
  const bad = run(`let a${'\u2028'}b = 1; a`, { tier: 'interp' });
  assert.match(bad.error ?? '', /^1:\d+: /);
  // Comments are dropped by the lexer, whatever they hold.
  for (const payload of PAYLOADS.filter((p) => !/[\n\u2028\u2029]/.test(p))) {
    const source = `let s = 0; // ${payload}\nfor (i in 0..50) { s = s + i; } // ${payload}\ns`;
    for (const tier of tiers()) {
      const r = run(source, { tier, hotLoop: 1, dump: ['js'] });
      assert.equal(r.result, '1225', `${tier}: ${JSON.stringify(payload)}`);
      assert.ok(!r.dump.includes(MARKER));
    }
  }
});
