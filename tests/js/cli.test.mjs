// The node CLI (js/cli.mjs), run as a child process: the `run` output contract, usage
// errors, --help, and the REPL driven through stdin.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

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

  test('--stats and --dump=bytecode write to stderr only', () => {
    const file = program('puts(7);\n');
    const { code, stdout, stderr } = monkey(['run', file, '--stats', '--dump=bytecode']);
    assert.equal(code, 0);
    assert.equal(stdout, '7\n');
    assert.match(stderr, /^stats:$/m);
  });

  test('command-line mistakes exit with code 2 and point to --help', () => {
    for (const args of [[], ['run'], ['fly'], ['run', 'x.monkey', '--tier', 'fast'], ['run', 'x.monkey', '--bogus']]) {
      const { code, stdout, stderr } = monkey(args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, /^monkey: .*\nTry 'monkey --help'.\n$/s);
    }
  });
});

test('--help shows usage and examples', () => {
  const { code, stdout } = monkey(['--help']);
  assert.equal(code, 0);
  assert.match(stdout, /monkey run FILE/);
  assert.match(stdout, /monkey repl/);
  assert.match(stdout, /Examples:/);
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
    assert.match(stderr, /^monkey: repl takes no arguments, got --tier\n/);
  });
});
