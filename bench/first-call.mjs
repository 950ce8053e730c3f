// Where does V8 compile template code: inside `new Function`, or at its first call?
//
//   node bench/first-call.mjs [FILES...]     (default: every bench/programs/*.monkey)
//
// The template tier's stats time our code generation and `new Function`; this lab
// measurement shows what a function's first call adds. Each program runs once under
// `--tier template` for its generated functions (the `template` dump). Each function is
// then compiled again in two forms — as generated (`return(function f…)`: a function
// expression in parentheses, which V8 compiles at once) and without the parentheses
// (which V8 only pre-parses, compiling the function at its first call) — each with a
// unique comment first (V8 caches compiled code by source text). Each compiled function
// is called twice on a scratch memory, with stub helpers: a call runs until the
// function's first hand-over, so the first call's extra time over the second is V8's
// first-call work, not the program's.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../js/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROGRAMS = join(ROOT, 'bench/programs');
const files = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(PROGRAMS).filter((f) => f.endsWith('.monkey')).sort().map((f) => join(PROGRAMS, f));

// The generated functions of one program, as compiled (the dump's annotation lines and
// the line breaks put around them removed), with their instruction counts.
function generated(file) {
  const { dump, error } = run(readFileSync(file, 'utf8'), { tier: 'template', dump: ['template'] });
  if (error) throw new Error(`${file}: ${error}`);
  return dump.split(/^(?=---- TEMPLATE )/m).filter((s) => s.startsWith('---- TEMPLATE')).map((section) => {
    const [header, ...lines] = section.split('\n');
    const instructions = Number(header.match(/(\d+) instructions/)[1]);
    const source = lines.filter((l) => !/^\/\* \d{4} /.test(l)).join('').replace(/^\/\*\d+\*\//, '');
    return { instructions, source };
  });
}

const functions = files.flatMap(generated);
const instructions = functions.reduce((n, f) => n + f.instructions, 0);
const stub = new Proxy({}, { get: () => () => 1 });
const slow = () => 1;
let tag = 0;

function measure(lazy) {
  const memory = new WebAssembly.Memory({ initial: 1024 });
  let compile = 0, first = 0, second = 0;
  for (const f of functions) {
    let source = `/*first-call ${tag++}*/${f.source}`;
    if (lazy) source = source.replace('return(function', 'return function').replace(/\)$/, '');
    let t = performance.now();
    const fn = new Function('rt', 'M', 'T', 'PI', 'S', 'R', 'BU', source)(stub, memory, [], new Int32Array(0), slow, new Int32Array(3), slow);
    compile += performance.now() - t;
    for (const k of [0, 1]) {
      t = performance.now();
      fn(1 << 20, 0, 1);
      const dt = performance.now() - t;
      if (k === 0) first += dt;
      else second += dt;
    }
  }
  const per = (ms) => ((1000 * ms) / instructions).toFixed(2);
  console.log(`${lazy ? 'without parentheses' : 'as generated       '}: new Function ${per(compile)} µs, first call ${per(first)} µs, second call ${per(second)} µs a bytecode instruction`);
}

console.log(`${functions.length} functions, ${instructions} bytecode instructions, from ${files.length} programs`);
// Alternate the two forms, twice, so neither has V8 to itself warm.
for (const lazy of [false, true, false, true]) measure(lazy);
