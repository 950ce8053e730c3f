// Runs every program of the shared corpus (tests/programs/**/*.monkey) through the JS
// API on the interpreter tier and compares stdout, result and error with the program's
// .expected file, byte for byte. The Rust corpus test checks the same files natively.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { init, run } from '../../js/index.js';

const PROGRAMS = fileURLToPath(new URL('../programs/', import.meta.url));

/**
 * Parses a .expected file (the format is described in tests/programs/README.md):
 * sections that start with a `-- stdout`, `-- result` or `-- error` line. stdout is
 * its lines, each ending in \n; a missing result or error section means null.
 */
export function parseExpected(text) {
  const sections = {};
  let current = null;
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const header = /^-- (stdout|result|error)$/.exec(line);
    if (header) {
      current = sections[header[1]] = [];
    } else if (current === null) {
      throw new Error(`expected a '-- stdout', '-- result' or '-- error' line first, got '${line}'`);
    } else {
      current.push(line);
    }
  }
  return {
    stdout: (sections.stdout ?? []).map((line) => `${line}\n`).join(''),
    result: sections.result ? sections.result.join('\n') : null,
    error: sections.error ? sections.error.join('\n') : null,
  };
}

const programs = readdirSync(PROGRAMS, { recursive: true })
  .filter((file) => file.endsWith('.monkey'))
  .sort();

await init();

test('the corpus has programs', () => {
  assert.ok(programs.length > 0, `no .monkey files under ${PROGRAMS}`);
});

for (const file of programs) {
  const path = join(PROGRAMS, file);
  test(relative(PROGRAMS, path), () => {
    const expectedFile = path.replace(/\.monkey$/, '.expected');
    assert.ok(existsSync(expectedFile), `missing ${relative(PROGRAMS, expectedFile)}`);
    const expected = parseExpected(readFileSync(expectedFile, 'utf8'));
    const { stdout, result, error } = run(readFileSync(path, 'utf8'), { tier: 'interp' });
    assert.deepEqual({ stdout, result, error }, expected);
  });
}
