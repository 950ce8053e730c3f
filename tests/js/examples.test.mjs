// The README's "Use it from JavaScript" shows the files of examples/ verbatim, and
// package.test.mjs runs those files: this keeps the two from drifting apart.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const ROOT = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', ROOT), 'utf8');

/**
 * `{ file: code }` for the README's code blocks that quote an example: each block after
 * a paragraph quotes the next file that paragraph links to as [`examples/NAME`](...).
 */
function quotedExamples() {
  const quoted = {};
  let linked = []; // files linked from the current paragraph, not yet quoted
  let block = null; // the lines of the code block being read
  let afterBlock = false;
  for (const line of readme.split('\n')) {
    if (line.startsWith('```')) {
      if (block === null) {
        block = [];
      } else {
        const file = linked.shift();
        if (file) quoted[file] = block.map((l) => `${l}\n`).join('');
        block = null;
        afterBlock = true;
      }
    } else if (block !== null) {
      block.push(line);
    } else if (line.trim() !== '') {
      if (afterBlock) linked = []; // a new paragraph
      afterBlock = false;
      for (const [, file] of line.matchAll(/\[`(examples\/[^`]+)`\]/g)) if (!linked.includes(file)) linked.push(file);
    }
  }
  return quoted;
}

test('the README quotes every file of examples/ exactly', () => {
  const quoted = quotedExamples();
  const files = readdirSync(new URL('examples/', ROOT)).map((name) => `examples/${name}`);
  assert.deepEqual(Object.keys(quoted).sort(), files.sort());
  for (const file of files) assert.equal(quoted[file], readFileSync(new URL(file, ROOT), 'utf8'), file);
});
