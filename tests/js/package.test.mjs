// The npm package as users get it: `npm pack`, install the tarball into a fresh project,
// then use it there (1) from a node ESM script under every tier, (2) through the
// installed `monkey` CLI, and (3) in headless Chromium: the README's no-bundler page,
// an esbuild bundle, and a page whose Content-Security-Policy forbids `eval`.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from './fixtures/chromium.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'tests', 'js', 'fixtures');
const EXAMPLES = join(ROOT, 'examples');

const tmp = mkdtempSync(join(tmpdir(), 'monkey-package-'));
const app = join(tmp, 'app'); // the user's project
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a command in `cwd` and returns its stdout; a failure throws with its stderr. */
function sh(command, args, cwd = app) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(() => {
  const [{ filename, files }] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', tmp], ROOT));
  const shipped = files.map((f) => f.path);
  assert.ok(shipped.includes('pkg/web/monkey_jit_bg.wasm'), 'the tarball has the .wasm');
  assert.deepEqual(
    shipped.filter((path) => /^(src|tests|bench|examples|scripts|target)\//.test(path)),
    [],
    'the tarball ships no sources, tests, benchmarks or build scripts',
  );
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(tmp, filename)]);
  cpSync(EXAMPLES, app, { recursive: true });
  cpSync(FIXTURES, app, { recursive: true });
});

describe('node', () => {
  test('the README example prints what it says', () => {
    assert.equal(sh('node', ['node.mjs']), '6765\n=> 55\n');
  });

  test('the node entry runs a program identically under every tier of tiers()', () => {
    const { entry, outcomes } = JSON.parse(sh('node', ['every-tier.mjs']));
    assert.match(entry, /\/node_modules\/monkey-jit\/js\/index\.js$/);
    assert.deepEqual(Object.keys(outcomes).slice(0, 1), ['interp']);
    for (const [tier, outcome] of Object.entries(outcomes)) {
      assert.deepEqual(outcome, { stdout: '610\n361\ndone\n', result: '20', error: null }, tier);
    }
  });
});

describe('the installed monkey CLI', () => {
  const npx = (...args) => sh('npx', ['--no', '--', 'monkey', ...args]);

  test('run', () => {
    writeFileSync(join(app, 'hello.monkey'), 'puts("hello", 6 * 7);\n');
    assert.equal(npx('run', 'hello.monkey'), 'hello\n42\n');
  });

  test('bench --json', () => {
    const report = JSON.parse(npx('bench', 'hello.monkey', '--runs', '3', '--warmup', '0', '--json'));
    assert.equal(report.runs, 3);
    assert.equal(report.stdout, 'hello\n42\n');
  });

  test('--help', () => {
    assert.match(npx('--help'), /^Usage:\n {2}monkey run FILE/);
  });
});

describe('browsers', { timeout: 180_000 }, () => {
  let server;
  let origin;
  let context;

  before(async () => {
    const bundled = await build({
      absWorkingDir: app,
      entryPoints: ['esbuild.js', 'csp-page.js'],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      loader: { '.wasm': 'file' },
      outdir: 'dist',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundled.metafile.inputs);
    assert.ok(inputs.includes('node_modules/monkey-jit/js/browser.js'), 'esbuild picked the browser entry');
    assert.ok(!inputs.includes('node_modules/monkey-jit/js/index.js'), 'and not the node entry');
    const page = (script) => `<!doctype html><meta charset="utf-8"><script type="module" src="${script}"></script><pre id="output"></pre>`;
    writeFileSync(join(app, 'dist', 'esbuild.html'), page('esbuild.js'));
    writeFileSync(join(app, 'dist', 'csp.html'), page('csp-page.js'));

    server = await serve(app);
    origin = `http://127.0.0.1:${server.address().port}`;
    context = await launchChromium(join(tmp, 'chromium-profile'));
  }, { timeout: 120_000 });

  // A browser that does not start or close fails the suite instead of hanging it.
  after(async () => {
    await context?.close();
    server?.close();
  }, { timeout: 120_000 });

  /** Opens `path`, waits for #output to be filled, and returns its text. Page errors fail. */
  async function open(path) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${origin}${path}`);
    await page.waitForFunction(() => document.querySelector('#output')?.textContent, null, { timeout: 10_000 });
    return { page, errors, output: await page.textContent('#output') };
  }

  test('the README page, with no bundler (an import map)', async () => {
    const { errors, output } = await open('/browser.html');
    assert.deepEqual(errors, []);
    assert.equal(output, '6765\n');
  });

  test('the README esbuild bundle', async () => {
    const { errors, output } = await open('/dist/esbuild.html');
    assert.deepEqual(errors, []);
    assert.equal(output, '42\n');
  });

  test("under a CSP without 'unsafe-eval': interp generates no code; JIT tiers fall back", async () => {
    const { page } = await open('/dist/csp.html');
    const report = await page.evaluate(() => window.report);
    assert.ok(report.evalBlocked, 'the policy is in force');

    const expected = { stdout: '199990000\n', result: '199990000', error: null };
    const { events, ...interp } = report.interp;
    assert.deepEqual({ interp, events }, { interp: expected, events: [] });
    assert.deepEqual(report.interpViolations, [], 'tier interp never calls eval or new Function');

    // auto finds out that it cannot compile, and says so in each run (one jit-unavailable
    // event: the first run when it tries, the next one from its start), but it must never
    // report compiled code, and its output is the interpreter's.
    for (const { events: _, ...outcome } of report.auto) assert.deepEqual(outcome, expected);
    for (const { events } of report.auto) {
      const kinds = events.map((e) => e.kind);
      assert.equal(kinds.filter((kind) => kind === 'jit-unavailable').length, 1, JSON.stringify(report.auto.map((o) => o.events)));
      assert.ok(!kinds.includes('trace-compile') && !kinds.includes('side-trace'), kinds.join(', '));
    }

    // Asked for by name, the trace tier cannot compile either, and must not fail for it.
    if (report.trace) {
      const { events, ...trace } = report.trace;
      assert.deepEqual(trace, expected);
      const kinds = events.map((e) => e.kind);
      assert.ok(!kinds.includes('trace-compile'), kinds.join(', '));
      assert.deepEqual(kinds, ['jit-unavailable'], 'known before it starts, it records nothing');
    }
  });
});

/** Content types a browser insists on (module scripts; streaming Wasm compilation). */
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** A static file server for `root` on 127.0.0.1; pages named csp.html get the strict policy. */
function serve(root) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (path === '/favicon.ico') return response.writeHead(204).end(); // not an error to report
    let body;
    try {
      body = readFileSync(join(root, path));
    } catch {
      return response.writeHead(404).end();
    }
    const headers = { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' };
    if (path.endsWith('/csp.html')) headers['Content-Security-Policy'] = "script-src 'self' 'wasm-unsafe-eval'";
    response.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
