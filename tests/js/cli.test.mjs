// The node CLI (js/cli.mjs), run as a child process: the `run` output contract, `bench`,
// usage errors, --help, and the REPL driven through stdin.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tiers } from '../../js/index.js';

const noTrace = !tiers().includes('trace') && 'this build has no trace tier';

const CLI = fileURLToPath(new URL('../../js/cli.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'monkey-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with `args` (and `input` on stdin); returns its exit code and output. */
function monkey(args, input = '') {
  const child = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Writes a program to a fresh file and returns its path. */
let files = 0;
function program(source) {
  const path = join(dir, `program${files++}.monkey`);
  writeFileSync(path, source);
  return path;
}

describe('monkey run', () => {
  test('stdout is exactly what puts printed, and nothing else', () => {
    const file = program('puts(1);\nputs("a", [1, "b"], {"k": true});\nlet x = 5;\nx * 2\n');
    assert.deepEqual(monkey(['run', file]), { code: 0, stdout: '1\na\n[1, "b"]\n{"k": true}\n', stderr: '' });
  });

  test('a runtime error goes to stderr with exit code 1, after the earlier output', () => {
    const file = program('puts("before");\nlet x = 1 + true;\nputs("after");\n');
    assert.deepEqual(monkey(['run', file, '--tier', 'interp']), {
      code: 1,
      stdout: 'before\n',
      stderr: 'runtime error at 2:11: type mismatch: INTEGER + BOOLEAN\n',
    });
  });

  test('a syntax error goes to stderr with exit code 1, and nothing runs', () => {
    const { code, stdout, stderr } = monkey(['run', program('puts("never");\nlet = 5;\n')]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^2:\d+: expected next token to be IDENT, got = instead$/m);
  });

  test('a missing file is reported by name', () => {
    const missing = join(dir, 'missing.monkey');
    assert.deepEqual(monkey(['run', missing]), {
      code: 1,
      stdout: '',
      stderr: `monkey: cannot read ${missing}: no such file or directory\n`,
    });
  });

  test('--max-steps stops a runaway program', () => {
    const { code, stderr } = monkey(['run', program('while (true) { }\n'), '--max-steps', '1000']);
    assert.equal(code, 1);
    assert.match(stderr, /^runtime error at 1:1: step limit exceeded$/m);
  });

  test('--max-heap stops a program that keeps too much alive', () => {
    const { code, stderr } = monkey(['run', program('let keep = [];\nwhile (true) { keep = push(keep, array(100000, 0)); }\n'), '--max-heap', '16777216']);
    assert.equal(code, 1);
    assert.match(stderr, /^runtime error at 2:1: out of memory: more than 16 MiB live$/m);
  });

  test('--stats and --dump=bytecode write to stderr only', () => {
    const file = program('puts(7);\n');
    const { code, stdout, stderr } = monkey(['run', file, '--stats', '--dump=bytecode']);
    assert.equal(code, 0);
    assert.equal(stdout, '7\n');
    assert.match(stderr, /^fn <main>\(\)/);
    // The default tier, auto, reports the tier it resolved to in this build.
    assert.match(stderr, /^tier: +(interp|trace|auto)$/m);
    assert.match(stderr, /^compile: +[\d.]+ µs \(1 functions, \d+ bytes of bytecode\)$/m);
    assert.match(stderr, /^jit events: +0$/m);
  });

  test('--dump=bytecode of a program with syntax errors reports them, exit code 1', () => {
    const { code, stdout, stderr } = monkey(['run', program('let = 1;\n'), '--dump=bytecode']);
    assert.deepEqual({ code, stdout }, { code: 1, stdout: '' });
    assert.match(stderr, /^1:5: /);
    // With --stats the statistics still come, and the errors once (the statistics were
    // left out: found by an audit).
    const withStats = monkey(['run', program('let = 1;\n'), '--dump=bytecode', '--stats']);
    assert.equal(withStats.code, 1);
    assert.match(withStats.stderr, /^tier: /m);
    assert.equal(withStats.stderr.match(/1:5: /g)?.length, 1, withStats.stderr);
  });

  test('--dump given more than once adds up the kinds', { skip: noTrace }, () => {
    // Only the last one counted (the native CLI adds them up): found by an audit.
    const file = program('let s = 0;\nfor (i in 0..50) { s += i; }\nputs(s);\n');
    const { code, stderr } = monkey(['run', file, '--tier', 'trace', '--hot-loop', '2', '--dump=bytecode', '--dump=ir-opt,js', '--dump=js']);
    assert.equal(code, 0);
    assert.match(stderr, /^fn <main>\(\)/);
    assert.equal(stderr.match(/^---- TRACE 0 IR after optimization$/gm)?.length, 1, stderr);
    assert.equal(stderr.match(/^---- TRACE 0 JS$/gm)?.length, 1, stderr);
  });

  test('--dump=ir,ir-opt,js prints what the trace tier compiled to stderr', { skip: noTrace }, () => {
    const file = program('let s = 0;\nfor (i in 0..50) { s += i; }\nputs(s);\n');
    const { code, stdout, stderr } = monkey(['run', file, '--tier', 'trace', '--hot-loop', '2', '--dump=ir,ir-opt,js', '--stats']);
    assert.deepEqual({ code, stdout }, { code: 0, stdout: '1225\n' });
    assert.equal(stderr.match(/^---- TRACE 0 /gm)?.length, 3, stderr);
    assert.match(stderr, /^jit: +1 traces compiled in [\d.]+ µs$/m);
    assert.match(stderr, /^ {2}trace-compile trace=0 func=<main> line=2 .* compileUs=\d+\.\d$/m);
  });

  test('--hot-loop and --hot-func are passed on', () => {
    const file = program('let s = 0;\nfor (i in 0..50) { s += i; }\nputs(s);\n');
    assert.deepEqual(monkey(['run', file, '--hot-loop', '2', '--hot-func', '1']), { code: 0, stdout: '1225\n', stderr: '' });
  });

  test('a file that is not UTF-8 is reported, not run with replacement characters', () => {
    const path = join(dir, 'latin1.monkey');
    writeFileSync(path, Buffer.from([0x70, 0x75, 0x74, 0x73, 0x28, 0x22, 0xe9, 0x22, 0x29]));
    assert.deepEqual(monkey(['run', path]), { code: 1, stdout: '', stderr: `monkey: cannot read ${path}: stream did not contain valid UTF-8\n` });
  });

  test('a reader that stops early ends the run quietly', () => {
    const file = program('let i = 0; while (i < 200000) { puts(i); i += 1; }');
    const child = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" run "${file}" | head -1`], { encoding: 'utf8' });
    assert.deepEqual({ stdout: child.stdout, stderr: child.stderr }, { stdout: '0\n', stderr: '' });
  });

  test('output that cannot be written is an error, said in one line', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
    // It threw: an uncaught ENOSPC with node's stack trace.
    const file = program('puts("hi");');
    for (const args of [['run', file], ['bench', file, '--runs', '1', '--warmup', '0'], ['--version']]) {
      const child = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'] });
      assert.deepEqual({ code: child.status, stderr: child.stderr }, { code: 1, stderr: 'monkey: cannot write output: ENOSPC: no space left on device, write\n' }, args.join(' '));
    }
  });

  test('command-line mistakes exit with code 2 and point to --help', () => {
    const file = program('1\n');
    const cases = [
      [[], 'missing command: run, bench or repl'],
      [['run'], 'run takes exactly one FILE'],
      [['fly'], "unknown command 'fly'"],
      [['run', file, '--bogus'], "Unknown option '--bogus'"],
      [['run', file, '--tier', 'fast'], `--tier fast is not available (this build has: ${tiers().join(', ')})`],
      [['run', file, '--max-steps=-1'], "--max-steps must be an integer >= 0, got '-1'"],
      [['run', file, '--hot-loop', 'lots'], "--hot-loop must be an integer >= 0, got 'lots'"],
      [['run', file, '--dump=bytecode,ast'], "--dump: unknown kind 'ast' (kinds: bytecode, ir, passes, ir-opt, js, template)"],
      [['run', file, '--runs', '3'], 'run does not take --runs'],
      [['bench', file, '--stats'], 'bench does not take --stats'],
      [['bench', file, '--runs', '0'], "--runs must be an integer >= 1, got '0'"],
      [['run', file, '--max-heap', '2147483649'], "--max-heap must be at most 2147483648, got '2147483649'"],
      [['run', file, '--max-steps', '99999999999999999999'], "--max-steps must be at most 9007199254740991, got '99999999999999999999'"],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = monkey(args);
      assert.deepEqual({ code, stdout }, { code: 2, stdout: '' }, args.join(' '));
      assert.ok(stderr.startsWith(`monkey: ${message}`), `${args.join(' ')}: ${stderr}`);
      assert.ok(stderr.endsWith("\nTry 'monkey --help'.\n"), stderr);
    }
  });
});

describe('monkey bench', () => {
  test('prints median, min and max in one line, the native CLI\'s format', () => {
    const file = program('let s = 0;\nfor (i in 0..1000) { s += i; }\nputs(s);\n');
    const { code, stdout, stderr } = monkey(['bench', file, '--runs', '3', '--warmup', '1', '--tier', 'interp']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^.+: median [\d.]+ ms, min [\d.]+ ms, max [\d.]+ ms over 3 runs \(interp\)\n$/);
  });

  test('--json prints one JSON object with the times and the output', () => {
    const file = program('puts("hi");\n');
    const { code, stdout } = monkey(['bench', file, '--runs', '2', '--json']);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report), ['file', 'tier', 'runs', 'median_ms', 'min_ms', 'max_ms', 'stdout']);
    assert.equal(report.runs, 2);
    assert.equal(report.stdout, 'hi\n');
    assert.ok(report.min_ms <= report.median_ms && report.median_ms <= report.max_ms);
  });

  test('a program error stops the bench: stderr, exit code 1', () => {
    assert.deepEqual(monkey(['bench', program('1 / 0\n')]), {
      code: 1,
      stdout: '',
      stderr: 'runtime error at 1:3: division by zero\n',
    });
  });
});

test('--help shows every command, the tiers of this build and examples', () => {
  const { code, stdout } = monkey(['--help']);
  assert.equal(code, 0);
  for (const text of ['monkey run FILE', 'monkey bench FILE', 'monkey repl', `--tier TIER       ${tiers().join(', ')} `, 'Examples:']) {
    assert.ok(stdout.includes(text), text);
  }
});

describe('monkey repl', () => {
  /** Feeds `lines` to the REPL's stdin, one entry line each. */
  const repl = (...lines) => monkey(['repl'], lines.map((line) => `${line}\n`).join(''));

  test("prints each entry's output and result; globals persist", () => {
    assert.deepEqual(repl('let x = 20;', 'x * 2 + 2', 'puts(x, "hi")', 'let add = fn(a, b) { a + b };', 'add(x, 1)'), {
      code: 0,
      stdout: '42\n20\nhi\n21\n',
      stderr: '',
    });
  });

  test('an entry continues over lines while brackets or a string are open', () => {
    const fib = ['let f = fn(n) {', '  if (n < 2) {', '    n', '  } else {', '    f(n - 1) + f(n - 2)', '  }', '};'];
    assert.deepEqual(repl(...fib, 'f(10)', 'let s = "a', 'b";', 'len(s)'), { code: 0, stdout: '55\n3\n', stderr: '' });
  });

  test('an error is reported with positions in its entry, and the session goes on', () => {
    assert.deepEqual(repl('let x = 1;', 'puts("ok");', 'let y = 2;', '(y +', '  true)', 'x + y'), {
      code: 0,
      stdout: 'ok\n3\n',
      stderr: 'runtime error at 1:4: type mismatch: INTEGER + BOOLEAN\n',
    });
  });

  test('earlier entries do not print again', () => {
    assert.deepEqual(repl('puts("once");', 'let counter = 0;', 'counter += 1;', 'counter'), {
      code: 0,
      stdout: 'once\n1\n',
      stderr: '',
    });
  });

  test('takes no options', () => {
    const { code, stderr } = monkey(['repl', '--tier', 'interp']);
    assert.equal(code, 2);
    assert.match(stderr, /^monkey: repl does not take --tier\n/);
  });
});
