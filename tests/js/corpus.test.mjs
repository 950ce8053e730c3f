// Runs every program of the shared corpus (tests/programs/**/*.monkey) through the JS
// API under every tier the Wasm build has, and compares stdout, result and error with
// the program's .expected file, byte for byte. Thresholds are forced low so that the
// JIT tiers compile every loop and function they can. The Rust corpus test checks the
// same files natively; this is where the JS-emitting tiers meet the oracle.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run, tiers } from '../../js/index.js';

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

/** Hot after one iteration or call: every loop and function is JIT material. */
const EAGER = { hotLoop: 1, hotFunc: 1 };

test('the corpus has programs', () => {
  assert.ok(programs.length > 0, `no .monkey files under ${PROGRAMS}`);
});

for (const tier of tiers()) {
  for (const file of programs) {
    const path = join(PROGRAMS, file);
    test(`${tier}::${relative(PROGRAMS, path)}`, () => {
      const expectedFile = path.replace(/\.monkey$/, '.expected');
      assert.ok(existsSync(expectedFile), `missing ${relative(PROGRAMS, expectedFile)}`);
      const expected = parseExpected(readFileSync(expectedFile, 'utf8'));
      const { stdout, result, error } = run(readFileSync(path, 'utf8'), { tier, ...EAGER });
      assert.deepEqual({ stdout, result, error }, expected);
    });
  }
}
