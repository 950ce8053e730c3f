// The TypeScript declarations (js/index.d.ts): `tsc --noEmit` on a file that uses the
// API as a TypeScript user would, and the JitEvent types checked field by field against
// the Rust enum they describe (src/jit/event.rs), which cannot be exercised at run time
// before the JIT tiers produce every kind of event.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('tsc --noEmit accepts tests/js/types/usage.ts and its expected errors', () => {
  const tsc = `${ROOT}node_modules/.bin/tsc`;
  try {
    execFileSync(tsc, ['--noEmit', '-p', `${ROOT}tests/js/types/tsconfig.json`], { encoding: 'utf8' });
  } catch (err) {
    assert.fail(`tsc failed:\n${err.stdout}${err.stderr}`);
  }
});

/** `{ kind: { field: type } }` of the Rust enum `Event`, as serde names them for JS. */
function rustEvents() {
  const source = readFileSync(`${ROOT}src/jit/event.rs`, 'utf8').replace(/\/\/.*$/gm, '');
  const body = /pub enum Event \{([\s\S]*?)\n\}/.exec(source)[1];
  const TS_TYPES = { String: 'string', u32: 'number', u64: 'number', usize: 'number', f64: 'number' };
  const kebab = (name) => name.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase();
  const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  return Object.fromEntries(
    [...body.matchAll(/(\w+)\s*\{([^}]*)\}/g)].map(([, variant, fields]) => [
      kebab(variant),
      Object.fromEntries(
        [...fields.matchAll(/(\w+)\s*:\s*(\w+)/g)].map(([, name, type]) => [camel(name), TS_TYPES[type] ?? type]),
      ),
    ]),
  );
}

/** `{ kind: { field: type } }` of the event interfaces in js/index.d.ts. */
function declaredEvents() {
  const source = readFileSync(`${ROOT}js/index.d.ts`, 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '');
  return Object.fromEntries(
    [...source.matchAll(/export interface \w+Event \{\s*kind: '([\w-]+)';([^}]*)\}/g)].map(([, kind, fields]) => [
      kind,
      Object.fromEntries([...fields.matchAll(/(\w+): (\w+);/g)].map(([, name, type]) => [name, type])),
    ]),
  );
}

test('the JitEvent types of index.d.ts match the Rust Event enum', () => {
  const rust = rustEvents();
  assert.ok(Object.keys(rust).length > 0, 'no variants found in src/jit/event.rs');
  assert.deepEqual(declaredEvents(), rust, 'update the event interfaces in js/index.d.ts to match src/jit/event.rs');
});
